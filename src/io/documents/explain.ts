/**
 * 补贴说明单-NAME-ID后4位.xlsx (spec/decide.md explain -o): one A4 portrait page per roster
 * row of the person, handed to them: title, who (the ID's last 4 digits only, no bank, no
 * card), the chain as a table with each formula written out with their own numbers,
 * signature and date lines. Printed at 100% (no fit-to-page shrinking), 11 pt, so it is
 * readable; its 校验 sheet is hidden and outside every print area. A row that is not paid
 * beside a paid one of the same village (一肩挑) is a note on that page, not a page.
 */
import type ExcelJS from 'exceljs';
import type { StepKey } from '../../decide/explain.js';
import { type ExplainedRow, type Explanation, maskId } from '../../decide/explain.js';
import type { IsoDate } from '../../rules/types.js';
import { zhDate } from '../xlsx/dates.js';
import { displayWidth, safeSheetName } from '../xlsx/layout.js';
import { MANIFEST_SHEET, type Manifest, writeManifestSheet } from './manifest.js';
import { FONT_NAME, newWorkbook, workbookBytes } from './style.js';

/** The document's label of each step (report/explain-text.ts STEP_LABELS, given by the caller). */
export type StepLabels = Record<StepKey, { doc: string }>;

export const EXPLAIN_FONT_PT = 11;
const TITLE_PT = 16;
/** Column widths (characters of the default font): 项目, 计算, 结果 — 74 units: LibreOffice lays a unit out at about 6.9 pt, and A4 portrait holds 523 pt between the margins. */
const WIDTHS = [17, 45, 12];

/** 补贴说明单-张三-1234.xlsx; characters a file name cannot hold become _. */
export function explainFileName(name: string, idNumber: string): string {
  return `补贴说明单-${name.replace(/[\\/:*?"<>|\s]/g, '_')}-${idNumber.slice(-4)}.xlsx`;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Lines a text takes in a column of `width` characters (a CJK character counts 2, as Excel measures). */
function linesIn(text: string, width: number): number {
  return text
    .split('\n')
    .reduce((a, seg) => a + Math.max(1, Math.ceil((displayWidth(seg) * WIDE) / Math.max(1, width - 1))), 0);
}

const LINE_PT = Math.ceil(EXPLAIN_FONT_PT * 1.4);

/**
 * Text is wider than its display width says: a CJK font draws ×, −, → and ≥ full width,
 * and LibreOffice's column unit is narrower than Excel's. Rows are made tall enough for
 * text this much wider, so no line is cut off in either program.
 */
const WIDE = 1.3;

const MORE = '……（详见花名册“践诺奖惩”表）';

/** `text` cut to at most `width` display columns, with MORE when cut. */
function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) + displayWidth(MORE) > width) break;
    out += ch;
  }
  return out + MORE;
}

function page(
  wb: ExcelJS.Workbook,
  sheetName: string,
  e: Explanation,
  row: ExplainedRow,
  notes: string[],
  meta: {
    title: string;
    asOf: IsoDate;
    provisional: boolean;
    policyId: string;
    labels: StepLabels;
    runDate: IsoDate;
    method: string;
  },
): void {
  const ws = wb.addWorksheet(sheetName);
  WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const font = (bold = false, size = EXPLAIN_FONT_PT): Partial<ExcelJS.Font> => ({
    name: FONT_NAME,
    size,
    bold,
  });
  let r = 0;
  const full = (
    text: string,
    opts: { bold?: boolean; size?: number; align?: 'left' | 'center'; height?: number } = {},
  ) => {
    r++;
    ws.mergeCells(r, 1, r, 3);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = font(opts.bold, opts.size);
    cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
    const total = WIDTHS.reduce((a, b) => a + b, 0);
    ws.getRow(r).height =
      opts.height ?? linesIn(text, total) * Math.ceil((opts.size ?? EXPLAIN_FONT_PT) * 1.5) + 4;
  };
  const l = row.line;
  full(meta.title, { bold: true, size: TITLE_PT, align: 'center', height: TITLE_PT * 2 });
  full(`${meta.provisional ? '预计，' : ''}截至${zhDate(meta.asOf)}　政策：${meta.policyId}`, {
    align: 'center',
  });
  full(`姓名：${e.name}　　身份证号：${maskId(e.idNumber)}`);
  full(`镇街：${l.town}　　村：${l.villageName}（${l.villageCode}）　　职务：${l.role}`);
  r++;
  ws.getRow(r).height = 6;

  r++;
  const header = ['项目', '计算（本人数字）', '结果'];
  header.forEach((h, i) => {
    const cell = ws.getCell(r, i + 1);
    cell.value = h;
    cell.font = font(true);
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  ws.getRow(r).height = LINE_PT + 4;
  for (const s of row.steps) {
    r++;
    const label = meta.labels[s.key].doc;
    // a long list of unkept items would push the page past one: the first ones, and where the rest are
    const formula =
      s.key === 'sanction' ? cut(s.formula, Math.floor((2 * ((WIDTHS[1] as number) - 1)) / WIDE)) : s.formula;
    const values = [label, formula, s.value];
    let lines = 1;
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      cell.font = font(s.key === 'payable');
      cell.border = THIN;
      cell.alignment = { horizontal: i === 2 ? 'right' : 'left', vertical: 'middle', wrapText: true };
      lines = Math.max(lines, linesIn(v, WIDTHS[i] as number));
    });
    ws.getRow(r).height = lines * LINE_PT + 4;
  }
  r++;
  ws.getRow(r).height = 6;
  for (const n of notes) full(n);
  full(`计算方法：${meta.method}。`);
  full('金额单位：元。以上各数均取自审批花名册（花名册、计算明细、汇总、践诺奖惩）。');
  r++;
  ws.getRow(r).height = 10;
  full('经办人（签字）：＿＿＿＿＿＿　　　　审核人（签字）：＿＿＿＿＿＿', { height: LINE_PT * 2 });
  full(`本人（签字）：＿＿＿＿＿＿　　　　日期：　　　　年　　月　　日`, { height: LINE_PT * 2 });
  full(`制单日期：${zhDate(meta.runDate)}`);

  ws.pageSetup = {
    paperSize: 9,
    orientation: 'portrait',
    fitToPage: false,
    scale: 100,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printArea: `A1:C${r}`,
  };
  ws.views = [{ state: 'normal', showGridLines: false }];
}

/** The workbook's bytes: one page per explained row, then the hidden 校验. */
export async function explainWorkbookBytes(
  e: Explanation,
  meta: {
    manifest: Manifest;
    runDate: IsoDate;
    title: string;
    labels: StepLabels;
    /** The formulas once, with the recorded policy's numbers (decide/explain.ts methodLineZh). */
    method: string;
  },
): Promise<Buffer> {
  const wb = newWorkbook();
  const taken = new Set<string>([MANIFEST_SHEET.toLowerCase()]);
  const folded = new Set<ExplainedRow>();
  for (const row of e.rows) {
    if (row.line.paid) continue;
    const host = e.rows.find((o) => o.line.paid && o.line.villageCode === row.line.villageCode);
    if (host) folded.add(row);
  }
  for (const row of e.rows) {
    if (folded.has(row)) continue;
    const notes = e.rows
      .filter((o) => folded.has(o) && o.line.villageCode === row.line.villageCode && row.line.paid)
      .map((o) => `另：本人在本村兼任${o.line.role}，${o.line.remark || '不计发'}。`);
    const name = safeSheetName(`${row.line.role}-${row.line.villageName}`, taken);
    page(wb, name, e, row, notes, {
      title: meta.title,
      asOf: meta.manifest.asOf,
      provisional: meta.manifest.provisional,
      policyId: meta.manifest.policyId,
      labels: meta.labels,
      runDate: meta.runDate,
      method: meta.method,
    });
  }
  const m = writeManifestSheet(wb, meta.manifest);
  m.state = 'hidden';
  return workbookBytes(wb, meta.runDate);
}
