/**
 * A delimited text upload file in a bank profile's format (spec/banks.md): an optional
 * summary line, an optional header line, one line per person, every line ended by the
 * profile's line end, the whole in its encoding. And its read-back: decoded, split and
 * parsed with the profile alone, then compared with the people it was meant to hold.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Finding } from '../../../rules/findings.js';
import {
  amountText,
  amountUnit,
  columnValue,
  encodeText,
  type ProfileFileInput,
  readbackFinding,
  summaryValues,
  textDecoder,
  titleOf,
} from './fields.js';
import type { Encoding } from './profile.js';

/** Lines per piece of text encoded and written at a time (a full sheet's file is never one string). */
const LINES_PER_PIECE = 4096;

/**
 * The file's text in pieces of whole lines, each line ended (before encoding). The values
 * were checked (checkProfileValues) first.
 */
function* textPieces(input: ProfileFileInput): Generator<string> {
  const { profile } = input;
  const d = profile.delimiter;
  const end = profile.lineEnd;
  let piece = '';
  if (profile.summary) piece += summaryValues(input).join(d) + end;
  if (profile.header) piece += profile.columns.map(titleOf).join(d) + end;
  const cols = profile.columns;
  const n = input.rows.length;
  for (let i = 0; i < n; i++) {
    const r = input.rows[i] as ProfileFileInput['rows'][number];
    let line = '';
    for (let k = 0; k < cols.length; k++) {
      if (k) line += d;
      line += columnValue(cols[k] as (typeof cols)[number], r, i, input.memo);
    }
    piece += line + end;
    if ((i + 1) % LINES_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/** The file's text (before encoding), whole: for a small file and the tests. */
export function textFileContent(input: ProfileFileInput): string {
  return [...textPieces(input)].join('');
}

/** The file's bytes, whole: the pieces encoded one after another (a BOM first for utf-8-bom). */
export function textFileBytes(input: ProfileFileInput): Buffer {
  return Buffer.concat([...textPieces(input)].map((t, i) => encodePiece(t, input.profile.encoding, i === 0)));
}

/** A piece of whole lines in the encoding; the BOM of utf-8-bom only before the first. */
function encodePiece(text: string, enc: Encoding, first: boolean): Buffer {
  return enc === 'utf-8-bom' && !first ? encodeText(text, 'utf-8') : encodeText(text, enc);
}

/** Writes the file piece by piece (a line is never cut between pieces, so no character is). */
export async function writeTextFile(path: string, input: ProfileFileInput): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let first = true;
    for (const piece of textPieces(input)) {
      await fh.write(encodePiece(piece, input.profile.encoding, first));
      first = false;
    }
  } finally {
    await fh.close();
  }
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
  const finding = (what: string, expected: string | number, got: string | number) =>
    readbackFinding(shownAs, '', what, expected, got);
  /** What is said of the file as a whole (BOM, line count), before what is said of its lines. */
  const first: Finding[] = [];
  const problems: Finding[] = [];
  const bad = (what: string, expected: string | number, got: string | number) => {
    if (problems.length < 50) problems.push(finding(what, expected, got));
  };
  const bomCheck = (bom: boolean): Finding[] =>
    bom !== (profile.encoding === 'utf-8-bom')
      ? [
          finding(
            'BOM',
            profile.encoding === 'utf-8-bom' ? 'EF BB BF' : '（无）',
            bom ? 'EF BB BF' : '（无）',
          ),
        ]
      : [];
  // The file is read, decoded and split a piece at a time: a full sheet's file is never
  // held whole (as bytes, as text or as a million lines).
  const end = profile.lineEnd;
  const d = profile.delimiter;
  const unit = amountUnit(profile);
  const cols = profile.columns;
  const amountAt = cols.findIndex((c) => c.field === 'amount');
  const expectedLines = (profile.summary ? 1 : 0) + (profile.header ? 1 : 0) + input.rows.length;
  const stray = (line: string, n: number) => {
    if (/[\r\n]/.test(line)) bad(`第 ${n} 行`, '无多余换行符', JSON.stringify(line));
  };
  let at = 0;
  let count = 0;
  let sum = 0;
  const onLine = (line: string) => {
    const n = at++;
    stray(line, n + 1);
    if (profile.summary && n === 0) {
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
      return;
    }
    if (profile.header && n === (profile.summary ? 1 : 0)) {
      const want = profile.columns.map(titleOf).join(d);
      if (line !== want) bad('表头行', want, line);
      return;
    }
    const i = n - (profile.summary ? 1 : 0) - (profile.header ? 1 : 0);
    const cells = line.split(d);
    if (cells.length !== cols.length) {
      bad(`第 ${n + 1} 行 字段数`, cols.length, cells.length);
      return;
    }
    count++;
    const fen = parseAmount(cells[amountAt] ?? '', unit);
    if (fen === null)
      bad(`第 ${n + 1} 行 金额`, unit === 'fen' ? '120000' : '1200.00', cells[amountAt] ?? '');
    else sum += fen;
    const r = input.rows[i];
    if (!r) return;
    cols.forEach((c, k) => {
      const want = columnValue(c, r, i, input.memo);
      if ((cells[k] ?? '') !== want)
        bad(`第 ${n + 1} 行 ${titleOf(c)}（${r.name} ${r.idNumber}）`, want, cells[k] ?? '');
    });
  };
  const decoder = textDecoder(profile.encoding);
  /** The text after the last line end so far (a line cut between pieces). */
  let carry = '';
  const take = (text: string) => {
    const t = carry + text;
    let from = 0;
    for (let k = t.indexOf(end); k >= 0; k = t.indexOf(end, from)) {
      onLine(t.slice(from, k));
      from = k + end.length;
    }
    carry = t.slice(from);
  };
  let started = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let b = chunk as Buffer;
    if (!started) {
      started = true;
      const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
      first.push(...bomCheck(bom));
      if (bom) b = b.subarray(3);
    }
    take(decoder.write(b));
  }
  take(decoder.end());
  if (!started) first.push(...bomCheck(false));
  if (carry !== '') {
    // the last line not ended (or the line ends of another system): that alone is said
    problems.length = 0;
    bad('末行换行', end === '\r\n' ? 'CRLF' : 'LF', JSON.stringify(carry.slice(-2)));
    return [...first, ...problems];
  }
  if (at !== expectedLines) first.push(finding('行数', expectedLines, at));
  if (count !== input.rows.length) bad('笔数', input.rows.length, count);
  if (sum !== input.totalFen) bad('总金额', amountText(input.totalFen, unit), amountText(sum, unit));
  return [...first, ...problems];
}
