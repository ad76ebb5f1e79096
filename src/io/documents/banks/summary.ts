/**
 * 代发汇总表-YEAR-BATCH.xlsx (spec/banks.md, Files for paper): the page the finance bureau
 * signs and seals with the bank files. One row per bank file (bank, profile, file, count,
 * total, uppercase total), 合计, the payer, the roster digest, the approvals and whether
 * their signatures were verified, the held people with reasons, 经办人 / 复核人 / 负责人
 * and a space for the seal. A4 portrait at 100 % (no shrinking: ≥ 9 pt as printed),
 * "第 N 页 共 M 页" in the footer; the 校验 sheet is hidden and outside the print area.
 */
import { writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { fenToYuanNumber, formatYuan } from '../../../rules/money.js';
import { rmbUpper } from '../../../rules/rmb-upper.js';
import type { IsoDate } from '../../../rules/types.js';
import { pinZipTimes } from '../../xlsx/zip.js';
import { type Manifest, writeManifestSheet } from '../manifest.js';
import { FONT_NAME, newWorkbook } from '../style.js';

export const SUMMARY_SHEET = '代发汇总表';
export const HELD_SHEET = '暂停发放名单';
/** Up to this many held people are listed on the page signed; more go to their own sheet. */
const INLINE_HELD = 20;

export interface SummaryBank {
  bank: string;
  profile: string;
  /** The file's name (no folder: the paper names the file as the bank receives it). */
  file: string;
  count: number;
  totalFen: number;
}

export interface SummaryInput {
  city: string;
  year: number;
  batch: 'base' | 'reward' | 'all';
  batchId: string;
  rosterDigest: string;
  /** The issue number (1 for the first) and, on a reissue, why. */
  issue: number;
  reissueReason: string | null;
  banks: SummaryBank[];
  payers: { name: string; account: string }[];
  approvals: { dept: string; by: string; at: string; signed: boolean | null }[];
  held: { idNumber: string; name: string; bank: string; amountFen: number; reason: string }[];
  manifest: Manifest;
}

const BATCH_LABEL: Record<SummaryInput['batch'], string> = {
  base: '基本补贴',
  reward: '奖励补贴',
  all: '基本补贴和奖励补贴',
};

export function summaryFileName(year: number, batch: string): string {
  return `代发汇总表-${year}-${batch}.xlsx`;
}

/**
 * Column widths in characters; they add up to what A4 portrait holds at 100 % (about 80
 * between the margins as LibreOffice and WPS measure 宋体), so nothing is shrunk to fit and nothing spills onto a second page
 * across.
 */
const WIDTHS = [4, 9, 9, 20, 8, 15, 16];
const PAGE_UNITS = WIDTHS.reduce((a, b) => a + b, 0);
type Span = readonly [number, number];
const PT = 10;
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function summaryWorkbook(input: SummaryInput): ExcelJS.Workbook {
  const wb = newWorkbook();
  const ws = wb.addWorksheet(SUMMARY_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      // 100 %, never fitted: LibreOffice scales a fitted page up as well as down, and
      // the row heights are worked out for the size written (the print test checks ≥ 9 pt)
      scale: 100,
      fitToPage: false,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&C&"${FONT_NAME}"&${PT}第 &P 页 共 &N 页` },
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const n = WIDTHS.length;
  const font = (bold = false, size = PT): Partial<ExcelJS.Font> => ({ name: FONT_NAME, size, bold });
  let r = 0;
  const line = (
    text: string,
    opts: { bold?: boolean; size?: number; center?: boolean; height?: number } = {},
  ) => {
    r++;
    ws.mergeCells(r, 1, r, n);
    const c = ws.getCell(r, 1);
    c.value = text;
    c.font = font(opts.bold, opts.size);
    c.alignment = { horizontal: opts.center ? 'center' : 'left', vertical: 'middle', wrapText: true };
    const size = opts.size ?? PT;
    const chars = [...text].reduce((s, ch) => s + (ch.charCodeAt(0) > 0xff ? 2.2 : 1.1), 0);
    const lines = Math.max(1, Math.ceil((chars * size) / (11 * (PAGE_UNITS - 4))));
    ws.getRow(r).height = Math.ceil(size * 1.5 * lines) + (opts.height ?? 0);
  };
  const table = (
    headers: string[],
    rows: (string | number)[][],
    money: number[] = [],
    total?: (string | number)[],
    spans: readonly Span[] = headers.map((_, i) => [i + 1, i + 1] as const),
  ) => {
    const put = (values: (string | number)[], bold: boolean, header: boolean) => {
      r++;
      let most = 1;
      values.forEach((v, i) => {
        const [from, to] = spans[i] as readonly [number, number];
        if (to > from) ws.mergeCells(r, from, r, to);
        const c = ws.getCell(r, from);
        c.value = v;
        c.font = font(bold);
        c.border = THIN;
        for (let k = from + 1; k <= to; k++) ws.getCell(r, k).border = THIN;
        const isMoney = !header && money.includes(i) && typeof v === 'number';
        if (isMoney) c.numFmt = '#,##0.00';
        else if (!header && typeof v === 'string') c.numFmt = '@';
        c.alignment = {
          horizontal: header ? 'center' : isMoney || typeof v === 'number' ? 'right' : 'left',
          vertical: 'middle',
          wrapText: true,
        };
        let width = 0;
        for (let k = from; k <= to; k++) width += WIDTHS[k - 1] ?? 10;
        const chars = [...String(v)].reduce((s, ch) => s + (ch.charCodeAt(0) > 0xff ? 2.2 : 1.1), 0);
        most = Math.max(most, Math.ceil((chars * PT) / (11 * Math.max(1, width - 2))));
      });
      // Every row gets its height here: no program fits merged cells, and LibreOffice does
      // not fit an xlsx row on opening; the lines are counted with room to spare.
      ws.getRow(r).height = Math.ceil(PT * 1.35 * most) + 4;
    };
    put(headers, true, true);
    for (const row of rows) put(row, false, false);
    if (total) put(total, true, false);
  };

  const reissue = input.issue > 1;
  line(
    `${input.city}${input.year}年度农村干部${BATCH_LABEL[input.batch]}代发汇总表${reissue ? `（重发，第 ${input.issue} 次）` : ''}`,
    { bold: true, size: 16, center: true, height: 8 },
  );
  line(
    `批次：${input.batch}（${BATCH_LABEL[input.batch]}）　批次号：${input.batchId}　发放次数：第 ${input.issue} 次`,
  );
  if (reissue) line(`重发原因：${input.reissueReason ?? ''}`, { bold: true });
  const payers = input.payers.filter((p) => p.name || p.account);
  line(
    payers.length
      ? `付款单位：${payers.map((p) => `${p.name}${p.account ? `（账号 ${p.account}）` : ''}`).join('；')}`
      : '付款单位：______________________　付款账号：______________________',
  );
  r++;
  const totalFen = input.banks.reduce((s, b) => s + b.totalFen, 0);
  const count = input.banks.reduce((s, b) => s + b.count, 0);
  table(
    ['序号', '开户行', '格式', '文件', '笔数', '金额（元）', '金额大写'],
    input.banks.map((b, i) => [
      i + 1,
      b.bank,
      b.profile,
      b.file,
      b.count,
      fenToYuanNumber(b.totalFen),
      rmbUpper(b.totalFen),
    ]),
    [5],
    ['合计', '', '', `${input.banks.length} 个文件`, count, fenToYuanNumber(totalFen), rmbUpper(totalFen)],
  );
  r++;
  line(`花名册摘要（SHA-256）：${input.rosterDigest}`, { size: 9 });
  r++;
  line('审批记录', { bold: true });
  table(
    ['审批部门', '审批人', '审批时间', '签名'],
    input.approvals.length
      ? input.approvals.map((a) => [
          a.dept,
          a.by,
          a.at,
          a.signed === true ? '已验证签名' : a.signed === false ? '签名未通过验证' : '未签名（未验证）',
        ])
      : [['（无）', '', '', '']],
    [],
    undefined,
    [
      [1, 2],
      [3, 3],
      [4, 5],
      [6, 7],
    ],
  );
  r++;
  const heldFen = input.held.reduce((t, h) => t + h.amountFen, 0);
  if (input.held.length <= INLINE_HELD) {
    line('暂停发放人员（本批次不发放）', { bold: true });
    table(
      ['身份证号', '姓名', '金额（元）', '原因'],
      input.held.length
        ? input.held.map((h) => [h.idNumber, h.name, fenToYuanNumber(h.amountFen), h.reason])
        : [['（无）', '', '', '']],
      [2],
      undefined,
      [
        [1, 3],
        [4, 4],
        [5, 6],
        [7, 7],
      ],
    );
  } else {
    line(
      `暂停发放人员（本批次不发放）：${input.held.length} 人，合计 ${formatYuan(heldFen)} 元（${rmbUpper(heldFen)}），名单及原因见“${HELD_SHEET}”表`,
      { bold: true },
    );
  }
  r++;
  r++;
  ws.getRow(r).height = 40;
  const sign = ['经办人：', '复核人：', '负责人：'];
  const spans = spread(3, n);
  sign.forEach((t, i) => {
    const [from, to] = spans[i] as readonly [number, number];
    if (to > from) ws.mergeCells(r, from, r, to);
    const c = ws.getCell(r, from);
    c.value = t;
    c.font = font();
    c.alignment = { vertical: 'bottom' };
  });
  r++;
  ws.getRow(r).height = 24;
  ws.mergeCells(r, 1, r, n);
  ws.getCell(r, 1).value = '日期：　　　　年　　月　　日';
  ws.getCell(r, 1).font = font();
  r++;
  // The seal: a bordered box on the right, tall enough for a round seal of 42 mm.
  const sealFrom = r;
  for (let k = 0; k < 3; k++) ws.getRow(r + k).height = 30;
  ws.mergeCells(sealFrom, 5, sealFrom + 2, n);
  const seal = ws.getCell(sealFrom, 5);
  seal.value = '（盖章）';
  seal.font = font();
  seal.alignment = { horizontal: 'center', vertical: 'middle' };
  for (let rr = sealFrom; rr <= sealFrom + 3; rr++)
    for (let c = 5; c <= n; c++) ws.getCell(rr, c).border = THIN;
  r = sealFrom + 3;
  ws.pageSetup.printArea = `A1:G${r}`;

  if (input.held.length > INLINE_HELD) heldSheet(wb, input);
  const check = writeManifestSheet(wb, { ...input.manifest, kind: 'payout' });
  check.state = 'hidden';
  return wb;
}

/**
 * The held people on a sheet of their own when there are many: one row each, no merged
 * cells (exceljs merges cost a scan of every earlier merge: thousands of held people took
 * seconds), the header repeated on every printed page.
 */
function heldSheet(wb: ExcelJS.Workbook, input: SummaryInput): void {
  const widths = [21, 12, 16, 12, 24];
  const ws = wb.addWorksheet(HELD_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      scale: 100,
      fitToPage: false,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:1',
    },
    headerFooter: { oddFooter: `&C&"${FONT_NAME}"&${PT}${HELD_SHEET}　第 &P 页 共 &N 页` },
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = widths.map((width) => ({ width }));
  const font = { name: FONT_NAME, size: PT };
  const head = ws.addRow(['身份证号', '姓名', '开户行', '金额（元）', '原因']);
  head.eachCell((c) => {
    c.font = { ...font, bold: true };
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  head.height = Math.ceil(PT * 1.35) + 4;
  for (const h of input.held) {
    const row = ws.addRow([h.idNumber, h.name, h.bank, fenToYuanNumber(h.amountFen), h.reason]);
    let most = 1;
    row.eachCell((c, n) => {
      c.font = font;
      c.border = THIN;
      c.numFmt = n === 4 ? '#,##0.00' : '@';
      c.alignment = { vertical: 'middle', wrapText: true, horizontal: n === 4 ? 'right' : 'left' };
      const chars = [...String(c.value ?? '')].reduce(
        (t, ch) => t + (ch.charCodeAt(0) > 0xff ? 2.2 : 1.1),
        0,
      );
      most = Math.max(most, Math.ceil((chars * PT) / (11 * Math.max(1, (widths[n - 1] ?? 10) - 2))));
    });
    row.height = Math.ceil(PT * 1.35 * most) + 4;
  }
}

/** `count` stretches over `n` columns, as even as whole columns allow. */
function spread(count: number, n: number): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  let from = 1;
  for (let i = 0; i < count; i++) {
    const to = i === count - 1 ? n : from + Math.max(0, Math.round((n - from + 1) / (count - i)) - 1);
    out.push([from, to]);
    from = to + 1;
  }
  return out;
}

/** Written with the run's date as the document's date (no clock in the bytes otherwise). */
export async function writeSummaryFile(path: string, input: SummaryInput, runDate: IsoDate): Promise<void> {
  const wb = summaryWorkbook(input);
  const at = new Date(`${runDate}T00:00:00Z`);
  wb.created = at;
  wb.modified = at;
  // deflate level 1 (JSZip's default is 6): a long list of held people is written in a third of the time
  const bytes = await wb.xlsx.writeBuffer({ zip: { compressionOptions: { level: 1 } } } as never);
  await writeFile(path, pinZipTimes(Buffer.from(bytes)));
}
