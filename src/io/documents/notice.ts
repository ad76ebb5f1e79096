/**
 * 公示表-YEAR.xlsx (spec/outputs.md): one sheet per town, posted on village boards — no ID,
 * card, bank, hold reason or remark ever reaches it — and the 校验 sheet.
 */
import type { CadreResult, RunResult } from '../../rules/compute.js';
import type { Policy } from '../../rules/types.js';
import { addDaysIso, zhDate } from '../xlsx/dates.js';
import { safeSheetName } from '../xlsx/layout.js';
import { type Column, type RowSource, type TextHook, type XlsxOptions, XlsxWriter } from '../xlsx/writer.js';
import { MANIFEST_SHEET } from './manifest.js';
import { manifestSheetFast, type OutputMeta, personKey } from './roster/writer.js';
import { CREATOR } from './style.js';

/** spec/outputs.md 公示表, in this order. */
export const NOTICE_HEADERS = [
  '序号',
  '村名',
  '职务',
  '姓名',
  '综合得分',
  '等次',
  '基本补贴',
  '奖励补贴',
  '合计',
] as const;

const NOTICE_COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '村名', kind: 'text', maxWidth: 16 },
  { header: '职务', kind: 'text', align: 'center' },
  { header: '姓名', kind: 'text', align: 'center' },
  { header: '综合得分', kind: 'decimal', places: 2, numFmt: '0.00' },
  { header: '等次', kind: 'text', align: 'center' },
  { header: '基本补贴', kind: 'money' },
  { header: '奖励补贴', kind: 'money' },
  { header: '合计', kind: 'money' },
];

/** 公示表-2012.xlsx */
export function noticeFileName(year: number): string {
  return `公示表-${year}.xlsx`;
}

/**
 * The last day of the notice period. The period starts on the run date and lasts
 * `notice.days` calendar days counting the run date itself, so 5 days from 5 January end
 * on 9 January (spec/outputs.md: "from the run date, notice.days days").
 */
export function noticeEnd(runDate: string, days: number): string {
  return addDaysIso(runDate, Math.max(1, days) - 1);
}

/**
 * The rows a notice lists: the paid rows (the people who receive a subsidy). The second
 * post of one person under `highest` is folded into the paid row's 职务 (书记兼主任);
 * rows of roles the policy does not subsidize are left out.
 */
function noticeRows(cadres: readonly CadreResult[]): RowSource {
  // The second posts of each person, found once (not a search of the town per row).
  const concurrent = new Map<string, string[]>();
  for (const o of cadres) {
    if (o.unpaidReason !== 'concurrent') continue;
    const k = personKey(o);
    const list = concurrent.get(k);
    if (list) list.push(o.record.role);
    else concurrent.set(k, [o.record.role]);
  }
  const paid = cadres.filter((c) => c.paid);
  // 职务 of each row worked out once: the rows are asked for more than once.
  const roles = paid.map((c) => {
    const others = concurrent.size ? concurrent.get(personKey(c)) : undefined;
    return others ? [c.record.role, ...others].join('兼') : c.record.role;
  });
  // Made when asked for (to measure, to size the page, to write), never held: see FastSheet.finish.
  return {
    length: paid.length,
    get: (i) => {
      const c = paid[i] as CadreResult;
      return [
        i + 1,
        c.village.record.name,
        roles[i] as string,
        c.record.name,
        c.score,
        c.grade ?? '',
        c.baseFen,
        c.rewardFen,
        c.payableFen,
      ];
    },
  };
}

/** The notice workbook's bytes: one sheet per town in roster order, then 校验 (kind notice, no roster digest). */
export async function noticeWorkbookBytes(
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  onText?: TextHook,
): Promise<Buffer> {
  const plan = noticePlan(run);
  return XlsxWriter.writeBytes(noticeOptions(plan, meta, onText), (xw) =>
    writeNotice(xw, plan, run, policy, meta),
  );
}

/**
 * The notice streamed into the file at `path` (a temporary file the command renames).
 * `onText` sees every string and number written: the command's privacy check.
 */
export async function writeNoticeFile(
  path: string,
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
  onText?: TextHook,
): Promise<void> {
  const plan = noticePlan(run);
  await XlsxWriter.writeFile(path, noticeOptions(plan, meta, onText), (xw) =>
    writeNotice(xw, plan, run, policy, meta),
  );
}

interface TownSheet {
  town: string;
  sheet: string;
  cadres: CadreResult[];
}

/** Each town's sheet name and rows, grouped in one pass over the roster. */
function noticePlan(run: RunResult): TownSheet[] {
  const byTown = new Map<string, CadreResult[]>();
  for (const c of run.cadres) {
    const t = c.village.record.town;
    const list = byTown.get(t);
    if (list) list.push(c);
    else byTown.set(t, [c]);
  }
  const taken = new Set<string>([MANIFEST_SHEET.toLowerCase()]);
  return run.towns.map((town) => ({
    town: town.town,
    sheet: safeSheetName(town.town, taken),
    cadres: byTown.get(town.town) ?? [],
  }));
}

function noticeOptions(plan: TownSheet[], meta: OutputMeta, onText?: TextHook): XlsxOptions {
  return {
    creator: CREATOR,
    sheets: [...plan.map((p) => p.sheet), MANIFEST_SHEET],
    // A posted document: its 校验 sheet is hidden, so never printed (spec/outputs.md).
    hidden: [MANIFEST_SHEET],
    date: meta.runDate,
    ...(meta.level !== undefined ? { level: meta.level } : {}),
    ...(onText ? { onText } : {}),
  };
}

/**
 * The notice's 校验 names its inputs by SHA-256 only (outputs.md): a file name can carry
 * personal data (张三-身份证-….xlsx).
 */
export function noticeInputs(
  inputs: readonly { name: string; sha256: string }[],
): { name: string; sha256: string }[] {
  return inputs.map((i, n) => ({ name: `输入文件${n + 1}`, sha256: i.sha256 }));
}

async function writeNotice(
  xw: XlsxWriter,
  plan: TownSheet[],
  run: RunResult,
  policy: Policy,
  meta: OutputMeta,
): Promise<void> {
  const end = noticeEnd(meta.runDate, policy.notice.days);
  for (const { town, sheet, cadres } of plan) {
    const sb = await xw.sheet(sheet, { fontSize: 14 });
    const asOf = `截至${zhDate(run.asOf)}`;
    sb.title(
      `${policy.city}${policy.year}年度农村干部补贴公示（${town}）${run.provisional ? `（预计，${asOf}）` : ''}`,
    );
    const rows = noticeRows(cadres);
    const sum = (f: (c: CadreResult) => number): number =>
      cadres.filter((c) => c.paid).reduce((a, c) => a + f(c), 0);
    sb.table(NOTICE_COLUMNS, rows, [
      '合计',
      null,
      null,
      null,
      null,
      null,
      sum((c) => c.baseFen),
      sum((c) => c.rewardFen),
      sum((c) => c.payableFen),
    ]);
    sb.blank();
    sb.note(
      '说明：基本补贴按村户数档次标准、职务比例和任职月数计算；奖励补贴由奖励池按综合得分以分值法分配。',
    );
    if (run.provisional) sb.note(`本表为预计数（${asOf}），以年终考核结果为准，不作发放依据。`);
    sb.note(
      `公示期：${zhDate(meta.runDate)}至${zhDate(end)}（共${policy.notice.days}天）。公示期间如有异议，请向${policy.notice.issuer}反映。`,
    );
    sb.split([`监督电话：${policy.notice.phone}`, '']);
    sb.split(['', policy.notice.issuer], 'right');
    sb.split(['', zhDate(meta.runDate)], 'right');
    await sb.finish({ fill: true, onePage: true });
  }
  await manifestSheetFast(xw, {
    ...meta.manifest,
    kind: 'notice',
    rosterDigest: '',
    approvals: [],
    inputs: noticeInputs(meta.manifest.inputs),
  });
}
