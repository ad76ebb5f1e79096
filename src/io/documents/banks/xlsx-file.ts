/**
 * An xlsx upload file in a bank profile's format (spec/banks.md): the profile's sheet with
 * an optional summary row, an optional header row and one row per person in the profile's
 * column order, then 控制信息 (count, total, batch, roster digest, approvals, held people,
 * and 重发 with its reason on a reissue). Read back with the profile alone.
 */
import type { Finding } from '../../../rules/findings.js';
import { rmbUpper } from '../../../rules/rmb-upper.js';
import type { RawCell } from '../../xlsx/grid.js';
import { type Column, XlsxWriter } from '../../xlsx/writer.js';
import { fenFromCellNumber, UNVERIFIED_NOTE } from '../bank-file.js';
import { readSheetCells, shownText } from '../sheet-texts.js';
import { CREATOR } from '../style.js';
import {
  amountText,
  amountUnit,
  columnValue,
  type ProfileFileInput,
  readbackFinding,
  summaryValues,
  titleOf,
} from './fields.js';
import type { ProfileColumn, SummaryField } from './profile.js';

export const PROFILE_CONTROL_SHEET = '控制信息';

function columnOf(c: ProfileColumn): Column {
  if (c.field === 'seq') return { header: titleOf(c), kind: 'int', align: 'center' };
  if (c.field === 'amount')
    return c.unit === 'fen'
      ? { header: titleOf(c), kind: 'int' }
      : { header: titleOf(c), kind: 'decimal', places: 2, numFmt: '0.00' };
  return { header: titleOf(c), kind: 'code' };
}

function cellOf(c: ProfileColumn, text: string): string | number {
  if (c.field === 'seq') return Number(text);
  if (c.field === 'amount') return Number(text);
  return text;
}

function summaryColumn(f: SummaryField, unit: 'yuan' | 'fen'): Column {
  if (f === 'count') return { header: f, kind: 'int', align: 'left' };
  if (f === 'total')
    return unit === 'fen'
      ? { header: f, kind: 'int', align: 'left' }
      : { header: f, kind: 'decimal', places: 2, numFmt: '0.00', align: 'left' };
  return { header: f, kind: 'code' };
}

function summaryCell(f: SummaryField, text: string): string | number {
  return f === 'count' || f === 'total' ? Number(text) : text;
}

const LABEL: Column = { header: '项目', kind: 'text' };
const VALUE: Column = { header: '内容', kind: 'code' };

export async function writeProfileXlsx(path: string, input: ProfileFileInput, date: string): Promise<void> {
  const { profile } = input;
  const unit = amountUnit(profile);
  await XlsxWriter.writeFile(
    path,
    {
      creator: CREATOR,
      sheets: [profile.sheet, PROFILE_CONTROL_SHEET],
      date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` as never,
    },
    async (xw) => {
      const sheet = await xw.sheet(profile.sheet);
      if (profile.summary) {
        const values = summaryValues(input);
        sheet.table(
          profile.summary.map((f) => summaryColumn(f, unit)),
          [profile.summary.map((f, i) => summaryCell(f, values[i] ?? ''))],
          undefined,
          { header: false },
        );
      }
      const cols = profile.columns;
      sheet.table(
        cols.map(columnOf),
        {
          length: input.rows.length,
          get: (i) => {
            const r = input.rows[i] as ProfileFileInput['rows'][number];
            return cols.map((c) => cellOf(c, columnValue(c, r, i, input.memo)));
          },
        },
        undefined,
        { header: profile.header },
      );
      await sheet.finish();

      const ctl = await xw.sheet(PROFILE_CONTROL_SHEET);
      const rows: string[][] = [
        ['笔数', String(input.rows.length)],
        ['总金额', amountText(input.totalFen, 'yuan')],
        ['总金额大写', rmbUpper(input.totalFen)],
        ['批次', input.batchId],
        ['批次类型', input.batch],
        ['花名册摘要', input.rosterDigest],
        ['开户行', input.bankLabel],
        ['格式', profile.id],
        ['摘要', input.memo],
        ['审批验证', input.verified === false ? UNVERIFIED_NOTE : '已按信任文件验证签名'],
      ];
      if (input.reissue) {
        rows.push(['发放次数', String(input.reissue.issue)]);
        rows.push(['重发', `重发（第 ${input.reissue.issue} 次）：${input.reissue.reason}`]);
      }
      ctl.table([LABEL, VALUE], rows, undefined, { header: false });
      ctl.blank();
      ctl.note('审批记录', { bold: true });
      ctl.table(
        ['部门', '审批人', '时间', '摘要'].map((header) => ({ header, kind: 'code' as const })),
        input.approvals.length ? input.approvals.map((a) => [a.dept, a.by, a.at, a.digest]) : [['（无）']],
        undefined,
        { titles: false },
      );
      ctl.blank();
      ctl.note('暂停发放及未列入代发的人员', { bold: true });
      ctl.table(
        [
          { header: '身份证号', kind: 'code' },
          { header: '姓名', kind: 'text' },
          { header: '原因', kind: 'text', maxWidth: 40 },
        ],
        input.excluded.length ? input.excluded.map((x) => [x.idNumber, x.name, x.reason]) : [['（无）']],
        undefined,
        { titles: false },
      );
      await ctl.finish();
    },
  );
}

/** A cell's value as the profile's text for it ('' for none); amounts through whole fen. */
function cellTextOf(c: RawCell | undefined, col: ProfileColumn | null, unit: 'yuan' | 'fen'): string {
  if (!c) return '';
  if (col?.field === 'amount' && c.t === 'n') {
    const f = col.unit === 'fen' ? (Number.isSafeInteger(c.v) ? c.v : null) : fenFromCellNumber(c.v);
    return f === null ? shownText(c) : amountText(f, unit);
  }
  if (col?.field === 'seq' && c.t === 'n') return String(c.v);
  return c.t === 's' ? c.v : shownText(c);
}

/** The xlsx file read back with its profile and compared with `input` (as readBackTextFile does). */
export async function readBackProfileXlsx(
  file: string,
  shownAs: string,
  input: ProfileFileInput,
): Promise<Finding[]> {
  const { profile } = input;
  const unit = amountUnit(profile);
  const problems: Finding[] = [];
  const bad = (what: string, expected: string | number, got: string | number) => {
    if (problems.length < 50) problems.push(readbackFinding(shownAs, profile.sheet, what, expected, got));
  };
  const read = await readSheetCells(file, [profile.sheet], (c: RawCell) => c);
  if ('code' in read) {
    bad('工作表', profile.sheet, read.code);
    return problems;
  }
  const rows = read.sheets.get(profile.sheet);
  if (!rows) {
    bad('工作表', profile.sheet, '（无）');
    return problems;
  }
  let at = 1;
  if (profile.summary) {
    const want = summaryValues(input);
    profile.summary.forEach((f, i) => {
      const c = rows[at]?.[i + 1];
      let got = c ? (c.t === 's' ? c.v : shownText(c)) : '';
      if (f === 'total' && c?.t === 'n') {
        const fen = unit === 'fen' ? c.v : fenFromCellNumber(c.v);
        got = fen === null ? got : amountText(fen, unit);
      }
      if (got !== want[i]) bad(`汇总行 ${f}`, want[i] ?? '', got);
    });
    at++;
  }
  const cols = profile.columns;
  if (profile.header) {
    cols.forEach((c, k) => {
      const got = cellTextOf(rows[at]?.[k + 1], null, unit);
      if (got !== titleOf(c)) bad(`表头 第 ${k + 1} 列`, titleOf(c), got);
    });
    at++;
  }
  const amountAt = cols.findIndex((c) => c.field === 'amount');
  let count = 0;
  let sum = 0;
  for (let i = 0; at < rows.length; i++, at++) {
    const row = rows[at];
    count++;
    const a = row?.[amountAt + 1];
    const fen =
      a?.t === 'n'
        ? unit === 'fen'
          ? Number.isSafeInteger(a.v)
            ? a.v
            : null
          : fenFromCellNumber(a.v)
        : null;
    if (fen === null) bad(`第 ${at} 行 金额`, '数字', a ? shownText(a) : '');
    else sum += fen;
    const r = input.rows[i];
    if (!r) continue;
    cols.forEach((c, k) => {
      const want = columnValue(c, r, i, input.memo);
      const got = cellTextOf(row?.[k + 1], c, unit);
      if (got !== want) bad(`第 ${at} 行 ${titleOf(c)}（${r.name} ${r.idNumber}）`, want, got);
    });
    rows[at] = undefined;
  }
  if (count !== input.rows.length) bad('笔数', input.rows.length, count);
  if (sum !== input.totalFen) bad('总金额', amountText(input.totalFen, unit), amountText(sum, unit));
  return problems;
}
