/**
 * A delimited text upload file in a bank profile's format (spec/banks.md): an optional
 * summary line, an optional header line, one line per person, every line ended by the
 * profile's line end, the whole in its encoding. And its read-back: decoded, split and
 * parsed with the profile alone, then compared with the people it was meant to hold.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Finding } from '../../../rules/findings.js';
import {
  amountText,
  amountUnit,
  columnValue,
  decodeText,
  encodeText,
  type ProfileFileInput,
  summaryValues,
  titleOf,
} from './fields.js';

/** The file's text (before encoding). The values were checked (checkProfileValues) first. */
export function textFileContent(input: ProfileFileInput): string {
  const { profile } = input;
  const d = profile.delimiter;
  const end = profile.lineEnd;
  const lines: string[] = [];
  if (profile.summary) lines.push(summaryValues(input).join(d));
  if (profile.header) lines.push(profile.columns.map(titleOf).join(d));
  const cols = profile.columns;
  const n = input.rows.length;
  for (let i = 0; i < n; i++) {
    const r = input.rows[i] as ProfileFileInput['rows'][number];
    let line = '';
    for (let k = 0; k < cols.length; k++) {
      if (k) line += d;
      line += columnValue(cols[k] as (typeof cols)[number], r, i, input.memo);
    }
    lines.push(line);
  }
  return lines.join(end) + end;
}

export function textFileBytes(input: ProfileFileInput): Buffer {
  return encodeText(textFileContent(input), input.profile.encoding);
}

export async function writeTextFile(path: string, input: ProfileFileInput): Promise<void> {
  await writeFile(path, textFileBytes(input));
}

const YUAN_FORM = /^(0|[1-9]\d*)\.\d{2}$/;
const FEN_FORM = /^(0|[1-9]\d*)$/;

/** Whole fen of an amount as the profile writes it; null when it is not in that form. */
export function parseAmount(text: string, unit: 'yuan' | 'fen'): number | null {
  if (unit === 'fen') return FEN_FORM.test(text) ? Number(text) : null;
  if (!YUAN_FORM.test(text)) return null;
  const [y = '', f = ''] = text.split('.');
  const v = Number(y) * 100 + Number(f);
  return Number.isSafeInteger(v) ? v : null;
}

/**
 * Reads a text file back with its profile alone and compares it with `input`: the BOM as
 * the encoding says, the last line ended, no stray CR or LF, the summary line's count and
 * total, the header, every line's column count, every amount in its unit, and each
 * person's name, ID number, account and amount; the count and the sum equal the input's.
 * Findings are `payout_readback` with what differs; [] when the file is right.
 */
export async function readBackTextFile(
  file: string,
  shownAs: string,
  input: ProfileFileInput,
): Promise<Finding[]> {
  const { profile } = input;
  const problems: Finding[] = [];
  const bad = (what: string, expected: string | number, got: string | number) => {
    if (problems.length < 50)
      problems.push({
        level: 'error',
        code: 'payout_readback',
        file: shownAs,
        sheet: '',
        row: 0,
        column: '',
        header: '',
        value: '',
        params: { what, expected: String(expected), got: String(got) },
      });
  };
  const bytes = await readFile(file);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom !== (profile.encoding === 'utf-8-bom'))
    bad('BOM', profile.encoding === 'utf-8-bom' ? 'EF BB BF' : '（无）', bom ? 'EF BB BF' : '（无）');
  let text = decodeText(bytes, profile.encoding);
  if (bom) text = text.slice(1);
  const end = profile.lineEnd;
  if (!text.endsWith(end)) {
    bad('末行换行', end === '\r\n' ? 'CRLF' : 'LF', JSON.stringify(text.slice(-2)));
    return problems;
  }
  const lines = text.slice(0, -end.length).split(end);
  const d = profile.delimiter;
  let at = 0;
  const unit = amountUnit(profile);
  const stray = (line: string, n: number) => {
    if (/[\r\n]/.test(line)) bad(`第 ${n} 行`, '无多余换行符', JSON.stringify(line));
  };
  const expectedLines = (profile.summary ? 1 : 0) + (profile.header ? 1 : 0) + input.rows.length;
  if (lines.length !== expectedLines) bad('行数', expectedLines, lines.length);

  if (profile.summary) {
    const line = lines[at++] ?? '';
    stray(line, at);
    const got = line.split(d);
    const want = summaryValues(input);
    if (got.length !== want.length) bad('汇总行 字段数', want.length, got.length);
    profile.summary.forEach((f, i) => {
      const g = got[i] ?? '';
      if (f === 'count' && g !== String(input.rows.length)) bad('汇总行 笔数', input.rows.length, g);
      else if (f === 'total') {
        const fen = parseAmount(g, unit);
        if (fen !== input.totalFen) bad('汇总行 总金额', amountText(input.totalFen, unit), g);
      } else if (g !== want[i]) bad(`汇总行 ${f}`, want[i] ?? '', g);
    });
  }
  if (profile.header) {
    const line = lines[at++] ?? '';
    stray(line, at);
    const want = profile.columns.map(titleOf).join(d);
    if (line !== want) bad('表头行', want, line);
  }

  const cols = profile.columns;
  const amountAt = cols.findIndex((c) => c.field === 'amount');
  let count = 0;
  let sum = 0;
  for (let i = 0; at < lines.length; i++, at++) {
    const line = lines[at] as string;
    stray(line, at + 1);
    const cells = line.split(d);
    if (cells.length !== cols.length) {
      bad(`第 ${at + 1} 行 字段数`, cols.length, cells.length);
      continue;
    }
    count++;
    const fen = parseAmount(cells[amountAt] ?? '', unit);
    if (fen === null)
      bad(`第 ${at + 1} 行 金额`, unit === 'fen' ? '120000' : '1200.00', cells[amountAt] ?? '');
    else sum += fen;
    const r = input.rows[i];
    if (!r) continue;
    cols.forEach((c, k) => {
      const want = columnValue(c, r, i, input.memo);
      if ((cells[k] ?? '') !== want)
        bad(`第 ${at + 1} 行 ${titleOf(c)}（${r.name} ${r.idNumber}）`, want, cells[k] ?? '');
    });
  }
  if (count !== input.rows.length) bad('笔数', input.rows.length, count);
  if (sum !== input.totalFen) bad('总金额', amountText(input.totalFen, unit), amountText(sum, unit));
  return problems;
}
