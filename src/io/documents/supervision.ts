/**
 * 督办通知单-YYYYMMDD.xlsx (spec/outputs.md, rules.md §6): the sheet 汇总 with every
 * failed or overdue commitment item of the run, then one printable notice (督办通知单)
 * per village with such items, addressed to the village's party branch and villagers'
 * committee and signed by the town's assessment office, then 校验.
 *
 * The notice is dated the as-of date, not the day the tool runs: the rectification
 * deadline is counted from the as-of date (as-of + supervision.days), so the notice's
 * own date and its deadline always agree, and the same inputs give the same bytes.
 */
import type { LedgerItem } from '../../rules/ledger.js';
import type { IsoDate, Policy, VillageRecord } from '../../rules/types.js';
import { type CellInput, type Column, XlsxWriter } from '../xlsx/writer.js';
import { MANIFEST_SHEET, type Manifest } from './manifest.js';
import { manifestSheetFast } from './roster/writer.js';
import { CREATOR, safeSheetName, zhDate } from './style.js';

/** One village that gets a notice, with its failed and overdue items in ledger order. */
export interface NoticeVillage {
  village: VillageRecord;
  items: LedgerItem[];
}

export interface SupervisionMeta {
  /** kind 'ledger'. */
  manifest: Manifest;
  asOf: IsoDate;
}

export const SUMMARY_SHEET = '汇总';

/** spec/outputs.md 督办通知单 汇总, in this order. */
export const SUMMARY_HEADERS = [
  '镇街',
  '村代码',
  '村名',
  '编号',
  '承诺内容',
  '完成时限',
  '责任人',
  '问题',
  '整改期限',
] as const;

/** The columns of the items table on each village's notice. */
export const NOTICE_ITEM_HEADERS = [
  '序号',
  '编号',
  '承诺内容',
  '完成时限',
  '责任人',
  '问题',
  '整改期限',
] as const;

/** The 问题 column: why the item is on the notice. */
export const PROBLEM_TEXT = { failed: '验收不合格', overdue: '逾期未完成' } as const;

/** 督办通知单-20120630.xlsx: the as-of date without dashes. */
export function supervisionFileName(asOf: IsoDate): string {
  return `督办通知单-${asOf.replaceAll('-', '')}.xlsx`;
}

/** The addressee line of a village's notice. */
export function addressee(village: VillageRecord): string {
  return `${village.name}党支部、村民委员会：`;
}

/** The signer of a village's notice: its town's assessment office. */
export function signer(village: VillageRecord): string {
  return `${village.town}考核办`;
}

function problemOf(it: LedgerItem): string {
  if (it.status !== 'failed' && it.status !== 'overdue') {
    throw new Error(`supervision notice for item ${it.item.itemNo} with status ${it.status}`);
  }
  return PROBLEM_TEXT[it.status];
}

/**
 * Sheet names for the notices: the village's name, or `村名（镇街）` when two noticed
 * villages share a name; then made legal, ≤ 31 characters and unique (safeSheetName).
 */
export function noticeSheetNames(villages: readonly VillageRecord[], taken: Set<string>): string[] {
  const count = new Map<string, number>();
  for (const v of villages) count.set(v.name, (count.get(v.name) ?? 0) + 1);
  return villages.map((v) =>
    safeSheetName((count.get(v.name) ?? 0) > 1 ? `${v.name}（${v.town}）` : v.name, taken),
  );
}

const SUMMARY_COLUMNS: Column[] = [
  { header: '镇街', kind: 'text', maxWidth: 12 },
  { header: '村代码', kind: 'code' },
  { header: '村名', kind: 'text', maxWidth: 12 },
  { header: '编号', kind: 'code', align: 'center' },
  { header: '承诺内容', kind: 'text', maxWidth: 40 },
  { header: '完成时限', kind: 'code', align: 'center' },
  { header: '责任人', kind: 'text', align: 'center' },
  { header: '问题', kind: 'text', align: 'center' },
  { header: '整改期限', kind: 'code', align: 'center' },
];

const NOTICE_COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '编号', kind: 'code', align: 'center' },
  { header: '承诺内容', kind: 'text', maxWidth: 30 },
  { header: '完成时限', kind: 'text', align: 'center' },
  { header: '责任人', kind: 'text', align: 'center' },
  { header: '问题', kind: 'text', align: 'center' },
  { header: '整改期限', kind: 'text', align: 'center' },
];

async function summarySheet(
  xw: XlsxWriter,
  villages: readonly NoticeVillage[],
  policy: Policy,
  asOf: IsoDate,
): Promise<void> {
  const sb = await xw.sheet(SUMMARY_SHEET);
  sb.title(`${policy.city}承诺事项督办汇总（截至${zhDate(asOf)}）`);
  const rows: CellInput[][] = [];
  for (const { village, items } of villages) {
    for (const it of items) {
      rows.push([
        village.town,
        village.code,
        village.name,
        it.item.itemNo,
        it.item.content,
        it.item.due,
        it.item.responsible,
        problemOf(it),
        it.rectifyBy ?? '',
      ]);
    }
  }
  sb.table(SUMMARY_COLUMNS, rows);
  await sb.finish({ freezeColumns: 3 });
}

async function noticeSheet(
  xw: XlsxWriter,
  name: string,
  { village, items }: NoticeVillage,
  policy: Policy,
  asOf: IsoDate,
): Promise<void> {
  const sb = await xw.sheet(name, { fontSize: 14 });
  sb.title('督办通知单');
  sb.note(`${village.town} ${village.name}（村代码 ${village.code}）`, { align: 'right' });
  sb.note(addressee(village), { bold: true });
  const deadline = zhDate(items[0]?.rectifyBy ?? asOf);
  sb.note(
    `　　经考核检查，截至${zhDate(asOf)}，你村以下${items.length}项承诺事项验收不合格或逾期未完成。` +
      `请按照“一事一毕一考”的要求，于${deadline}前（${policy.supervision.days}天内）整改到位，` +
      `并将整改情况书面报${signer(village)}；逾期仍未整改的，年终按未兑现承诺处理。`,
  );
  sb.table(
    NOTICE_COLUMNS,
    items.map((it, i) => [
      i + 1,
      it.item.itemNo,
      it.item.content,
      zhDate(it.item.due),
      it.item.responsible,
      problemOf(it),
      it.rectifyBy ? zhDate(it.rectifyBy) : '',
    ]),
  );
  sb.blank();
  sb.note(signer(village), { align: 'right' });
  sb.note(zhDate(asOf), { align: 'right' });
  sb.blank();
  sb.note('签收人：　　　　　　　　签收日期：　　　　年　　月　　日');
  await sb.finish({ fill: true });
}

/**
 * The workbook's bytes: 汇总, one notice per village in the order given, 校验. Item
 * numbers (编号) and village codes are text cells exactly as typed; dates in 汇总 are
 * ISO text (YYYY-MM-DD) so they sort and filter as written. Written by xlsx-fast, sheet
 * after sheet: with exceljs's in-memory workbook the notices of a full sheet of cadres
 * (10,000 villages) took a minute and 2 GB.
 */
export async function supervisionWorkbookBytes(
  villages: readonly NoticeVillage[],
  policy: Policy,
  meta: SupervisionMeta,
): Promise<Buffer> {
  if (!villages.length || villages.some((v) => !v.items.length)) {
    throw new Error('supervisionWorkbookBytes: every village given needs at least one item');
  }
  const taken = new Set([SUMMARY_SHEET.toLowerCase(), MANIFEST_SHEET.toLowerCase()]);
  const names = noticeSheetNames(
    villages.map((v) => v.village),
    taken,
  );
  return XlsxWriter.writeBytes(
    { creator: CREATOR, sheets: [SUMMARY_SHEET, ...names, MANIFEST_SHEET], date: meta.asOf },
    async (xw) => {
      await summarySheet(xw, villages, policy, meta.asOf);
      for (let i = 0; i < villages.length; i++) {
        await noticeSheet(xw, names[i] as string, villages[i] as NoticeVillage, policy, meta.asOf);
      }
      await manifestSheetFast(xw, { ...meta.manifest, kind: 'ledger', rosterDigest: '', approvals: [] });
    },
  );
}
