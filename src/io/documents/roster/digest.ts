import { createHash, hash } from 'node:crypto';
import { intWidth, putDigits } from '../../xlsx/layout.js';
import type { TokenBytes } from '../../xlsx/writer.js';
import type { Manifest } from '../manifest.js';

/**
 * The roster digest (spec/approvals.md, "What is digested"): every field of a 花名册 row
 * that decides who is paid what, one SHA-256 per row, and the 校验 manifest fields that
 * approve and payout rely on. The roster digest is the SHA-256 (hex) of
 *
 *   cadre-calc roster digest v2\n
 *   <row digest>\n                     one per 花名册 row, in order
 *   <manifest label>\t<value>\n        MANIFEST_DIGEST_FIELDS, in that order
 *
 * and a row digest is the base64 (no padding) of the SHA-256 of the row's canonical line
 * (rowLine): the DIGEST_FIELDS in order, tab-separated, tab / line breaks / backslash
 * escaped, money in fen, 比例 with 4 decimals ('' when empty), 发放 as 是/否.
 *
 * The row digests and, per row, a short code per field are kept in cells of the hidden
 * sheet ROW_DIGEST_SHEET so that an edit is located to its row and header; the field codes
 * are a locator only (a cheap 12-bit hash each), never what the security rests on.
 */
export interface DigestRow {
  idNumber: string;
  name: string;
  villageCode: string;
  town: string;
  role: string;
  /** 比例 as 4-decimal text, '' when the cell is empty (a role not subsidized). */
  ratio: string;
  months: number;
  /** 发放: 是 (true) / 否 (false). */
  paid: boolean;
  baseFen: number;
  rewardFen: number;
  payableFen: number;
  bank: string;
  account: string;
  hold: string;
}

/** The digested fields of a row in canonical order, each with its 花名册 header. */
export const DIGEST_FIELDS = [
  ['idNumber', '身份证号'],
  ['name', '姓名'],
  ['villageCode', '村代码'],
  ['town', '镇街'],
  ['role', '职务'],
  ['ratio', '比例'],
  ['months', '任职月数'],
  ['paid', '发放'],
  ['baseFen', '基本补贴'],
  ['rewardFen', '奖励补贴'],
  ['payableFen', '应发合计'],
  ['bank', '开户行'],
  ['account', '银行卡号'],
  ['hold', '暂停发放'],
] as const satisfies readonly (readonly [keyof DigestRow, string])[];

export type DigestHeader = (typeof DIGEST_FIELDS)[number][1];

/** The hidden sheet that keeps the row digests (right after 花名册). */
export const ROW_DIGEST_SHEET = '行摘要';
/** Its columns: the 花名册 row, its digest, its field codes; then the manifest fields' codes. */
export const ROW_DIGEST_HEADERS = ['花名册行', '行摘要', '字段摘要', '校验项目', '项目摘要'] as const;

/** The manifest fields in the digest, with their 校验 labels (manifest.ts LABELS). */
export interface DigestManifest {
  city: string;
  year: number;
  policyId: string;
  policySha256: string;
  asOf: string;
  provisional: boolean;
  preparedBy: string;
  runAt: string;
  fingerprint: string;
}

export const MANIFEST_DIGEST_FIELDS = [
  ['city', '城市'],
  ['year', '年度'],
  ['policyId', '政策编号'],
  ['policySha256', '政策SHA-256'],
  ['asOf', '截止日期'],
  ['provisional', '是否预计'],
  ['preparedBy', '制表人'],
  ['runAt', '生成时间'],
  ['fingerprint', '运行指纹'],
] as const satisfies readonly (readonly [keyof DigestManifest, string])[];

const DIGEST_VERSION = 'cadre-calc roster digest v2';

const ESCAPED = /[\t\r\n\\]/;
const ESCAPED_ALL = /[\t\r\n\\]/g;

/** Tab, line breaks and backslash escaped; a field without any (all of them, nearly) as it is. */
function clean(s: string): string {
  if (!ESCAPED.test(s)) return s;
  return s.replace(ESCAPED_ALL, (ch) => (ch === '\t' ? '\\t' : ch === '\\' ? '\\\\' : '\\n'));
}

/** One row's canonical line: the DIGEST_FIELDS in order, tab-separated. */
export function rowLine(r: DigestRow): string {
  return `${clean(r.idNumber)}\t${clean(r.name)}\t${clean(r.villageCode)}\t${clean(r.town)}\t${clean(r.role)}\t${r.ratio}\t${r.months}\t${r.paid ? '是' : '否'}\t${r.baseFen}\t${r.rewardFen}\t${r.payableFen}\t${clean(r.bank)}\t${clean(r.account)}\t${clean(r.hold)}`;
}

/** The row digest: base64 (43 characters, no padding) of the SHA-256 of the row's line. */
export function rowDigest(r: DigestRow): string {
  return lineDigest(rowLine(r));
}

/**
 * SHA-256 in base64: node:crypto's one-shot hash where the Node has it (20.12 and later: half
 * the time of a Hash object per row, a full sheet's million rows), else a Hash object.
 */
const sha256Base64: (s: string | Uint8Array) => string =
  typeof hash === 'function'
    ? (s) => hash('sha256', s, 'base64')
    : (s) => createHash('sha256').update(s).digest('base64');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const FNV_OFFSET = 0x811c9dc5;
const B64_CODES = Array.from(B64, (c) => c.charCodeAt(0));
const CODES = new Array<number>(2 * DIGEST_FIELDS.length);

/**
 * Two base64 characters per digested field, in DIGEST_FIELDS order: 12 bits of FNV-1a over
 * the UTF-16 units of each field's canonical text, the fields being the tab-separated parts
 * of the row's line (one pass over the line, no text per field).
 */
export function lineCodes(line: string): string {
  fillCodes(line);
  return String.fromCharCode(...CODES);
}

/** CODES set to the field codes of a row's line (lineCodes). */
function fillCodes(line: string): void {
  let h = FNV_OFFSET;
  let f = 0;
  const n = line.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? line.charCodeAt(i) : 9;
    if (c === 9) {
      h ^= h >>> 16;
      CODES[2 * f] = B64_CODES[(h >>> 6) & 63] as number;
      CODES[2 * f + 1] = B64_CODES[h & 63] as number;
      f++;
      h = FNV_OFFSET;
    } else {
      h ^= c;
      h = Math.imul(h, 0x01000193);
    }
  }
}

/** The row digest and the field codes of a row's line. */
export function lineDigest(line: string): string {
  return sha256Base64(line).slice(0, 43);
}

/** The field codes of a row (lineCodes of its line). */
export function fieldCodes(r: DigestRow): string {
  return lineCodes(rowLine(r));
}

/** The headers whose field code in `stored` differs from the row's ([] when none can be named). */
export function changedFields(stored: string, r: DigestRow): DigestHeader[] {
  const now = fieldCodes(r);
  const out: DigestHeader[] = [];
  DIGEST_FIELDS.forEach(([, header], i) => {
    if (stored.slice(2 * i, 2 * i + 2) !== now.slice(2 * i, 2 * i + 2)) out.push(header);
  });
  return out;
}

/** A manifest field's canonical text. */
export function manifestFieldText(m: DigestManifest, k: keyof DigestManifest): string {
  const v = m[k];
  if (typeof v === 'boolean') return v ? '是' : '否';
  return clean(String(v));
}

/** A manifest field's code in the hidden sheet: 16 base64 characters of its SHA-256. */
export function manifestFieldCode(m: DigestManifest, k: keyof DigestManifest): string {
  return createHash('sha256')
    .update(`${k}\t${manifestFieldText(m, k)}`)
    .digest('base64')
    .slice(0, 16);
}

/**
 * The roster digest made as the row digests come (in 花名册 order), then closed over the
 * manifest fields. The text is hashed about 32 K characters at a time.
 */
export class RosterDigester {
  private readonly h = createHash('sha256');
  private text = `${DIGEST_VERSION}\n`;

  /** Adds the next row's digest. */
  add(rowDigestB64: string): void {
    this.text += `${rowDigestB64}\n`;
    if (this.text.length >= 1 << 15) {
      this.h.update(this.text);
      this.text = '';
    }
  }

  /** Adds row digests already laid out as the digest's text: each 43 characters and a line feed. */
  addLines(bytes: Uint8Array): void {
    this.h.update(this.text);
    this.text = '';
    this.h.update(bytes);
  }

  /** The roster digest (hex). */
  finish(m: DigestManifest): string {
    for (const [k, label] of MANIFEST_DIGEST_FIELDS) this.text += `${label}\t${manifestFieldText(m, k)}\n`;
    this.h.update(this.text);
    this.text = '';
    return this.h.digest('hex');
  }
}

/** The roster digest of rows (any iterable, made row by row) and the manifest fields. */
export function rosterDigest(rows: Iterable<DigestRow>, m: DigestManifest): string {
  const d = new RosterDigester();
  for (const r of rows) d.add(rowDigest(r));
  return d.finish(m);
}

/** The manifest fields of the roster digest. */
export function digestManifestOf(m: Manifest): DigestManifest {
  return {
    city: m.city,
    year: m.year,
    policyId: m.policyId,
    policySha256: m.policySha256,
    asOf: m.asOf,
    provisional: m.provisional,
    preparedBy: m.preparedBy,
    runAt: m.runAt,
    fingerprint: m.fingerprint,
  };
}

/**
 * A row's canonical line (rowLine) written straight into one reused buffer as UTF-8, the
 * field codes (fillCodes) made on the way: the same bytes as the line's text, without the
 * text (a million rows made a million lines and their pieces for the collector, and the
 * hash encoded each again). A lone surrogate is written as U+FFFD, as Node encodes it.
 */
export class LineBytes {
  private buf = Buffer.allocUnsafe(1024);
  private p = 0;
  private h = FNV_OFFSET;
  private f = 0;
  /** The field codes of the last line encoded (two base64 characters per field). */
  readonly codes = new Array<number>(2 * DIGEST_FIELDS.length);

  /** The line's UTF-8 bytes (a view of the reused buffer: valid until the next call). */
  encode(r: DigestRow): Uint8Array {
    this.p = 0;
    this.h = FNV_OFFSET;
    this.f = 0;
    this.text(r.idNumber);
    this.tab();
    this.text(r.name);
    this.tab();
    this.text(r.villageCode);
    this.tab();
    this.text(r.town);
    this.tab();
    this.text(r.role);
    this.tab();
    this.text(r.ratio, false);
    this.tab();
    this.int(r.months);
    this.tab();
    this.text(r.paid ? '是' : '否', false);
    this.tab();
    this.int(r.baseFen);
    this.tab();
    this.int(r.rewardFen);
    this.tab();
    this.int(r.payableFen);
    this.tab();
    this.text(r.bank);
    this.tab();
    this.text(r.account);
    this.tab();
    this.text(r.hold);
    this.endField();
    return this.buf.subarray(0, this.p);
  }

  /** A number as `${n}` writes it: the digits of a whole number, written without a text. */
  private int(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.text(String(n), false);
      return;
    }
    const digits = intWidth(n);
    if (this.p + digits > this.buf.length) this.grow(digits);
    const b = this.buf;
    const at = this.p;
    putDigits(b, at, n, digits);
    let h = this.h;
    for (let k = 0; k < digits; k++) h = Math.imul(h ^ (b[at + k] as number), 0x01000193);
    this.p = at + digits;
    this.h = h;
  }

  /** A field's text, tab / line breaks / backslash escaped as clean() does (`escaped`). */
  private text(s: string, escaped = true): void {
    const n = s.length;
    if (this.p + 6 * n + 8 > this.buf.length) this.grow(6 * n + 8);
    const b = this.buf;
    let p = this.p;
    let h = this.h;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (escaped && (c === 9 || c === 10 || c === 13 || c === 92)) {
          // \t, \n (CR and LF alike), \\: the two characters both noted
          const e = c === 9 ? 116 : c === 92 ? 92 : 110;
          b[p++] = 92;
          b[p++] = e;
          h = Math.imul(h ^ 92, 0x01000193);
          h = Math.imul(h ^ e, 0x01000193);
          continue;
        }
        b[p++] = c;
        h = Math.imul(h ^ c, 0x01000193);
        continue;
      }
      h = Math.imul(h ^ c, 0x01000193);
      if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
          const cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
          h = Math.imul(h ^ lo, 0x01000193);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 63);
          b[p++] = 0x80 | ((cp >> 6) & 63);
          b[p++] = 0x80 | (cp & 63);
          continue;
        }
        c = 0xfffd;
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    }
    this.p = p;
    this.h = h;
  }

  /** The end of a field: its code noted (as fillCodes does at a tab or the line's end). */
  private endField(): void {
    let h = this.h;
    h ^= h >>> 16;
    this.codes[2 * this.f] = B64_CODES[(h >>> 6) & 63] as number;
    this.codes[2 * this.f + 1] = B64_CODES[h & 63] as number;
    this.f++;
    this.h = FNV_OFFSET;
  }

  private tab(): void {
    this.endField();
    if (this.p + 1 > this.buf.length) this.grow(1);
    this.buf[this.p++] = 9;
  }

  private grow(more: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.p + more));
    this.buf.copy(next, 0, 0, this.p);
    this.buf = next;
  }
}

/** Bytes a row takes in a RowDigestBook: its digest and a line feed, then its field codes. */
const LINE_BYTES = 44;
const CODE_BYTES = 2 * DIGEST_FIELDS.length;

/**
 * The row digests of a roster made as its 花名册 rows are (the row's fields at hand, not
 * looked up again a million rows later), kept as bytes until 行摘要 is written: per row the
 * base64 digest and a line feed, exactly the text the roster digest hashes, and the field
 * codes. 72 bytes a row, never a million strings (a full sheet: 75 MB, one buffer each).
 */
export class RowDigestBook {
  private readonly lines: Buffer;
  private readonly codes: Buffer;
  /** Rows digested so far: row i is digested when it is first asked for, in order. */
  private fed = 0;

  constructor(readonly length: number) {
    this.lines = Buffer.allocUnsafe(length * LINE_BYTES);
    this.codes = Buffer.allocUnsafe(length * CODE_BYTES);
  }

  private readonly line = new LineBytes();

  /**
   * Row i, when it comes in order for the first time (a sheet asks for its first rows
   * twice: measured, then written); any other time it is already in the book.
   */
  offer<T>(i: number, of: T, row: (of: T) => DigestRow): void {
    if (i !== this.fed || i >= this.length) return;
    const line = this.line;
    const b64 = sha256Base64(line.encode(row(of)));
    const at = i * LINE_BYTES;
    const lines = this.lines;
    for (let k = 0; k < 43; k++) lines[at + k] = b64.charCodeAt(k);
    lines[at + 43] = 10;
    const c = i * CODE_BYTES;
    for (let k = 0; k < CODE_BYTES; k++) this.codes[c + k] = line.codes[k] as number;
    this.fed++;
  }

  /** Whether every row has been digested. */
  get complete(): boolean {
    return this.fed === this.length;
  }

  /** The digests and the field codes as token columns of a sheet's byte rows (xlsx RowSource.bytes). */
  tokenColumns(): TokenBytes[] {
    return [
      { bytes: this.lines, stride: LINE_BYTES, offset: 0, width: 43 },
      { bytes: this.codes, stride: CODE_BYTES, offset: 0, width: CODE_BYTES },
    ];
  }

  /** Row i's digest (base64, 43 characters). */
  digest(i: number): string {
    return this.lines.toString('latin1', i * LINE_BYTES, i * LINE_BYTES + 43);
  }

  /** Row i's field codes. */
  fieldCodes(i: number): string {
    return this.codes.toString('latin1', i * CODE_BYTES, (i + 1) * CODE_BYTES);
  }

  /** The roster digest of the rows in the book and the manifest fields (rosterDigest's value). */
  rosterDigest(m: DigestManifest): string {
    if (!this.complete) throw new Error(`RowDigestBook: ${this.fed} of ${this.length} rows digested`);
    const d = new RosterDigester();
    d.addLines(this.lines.subarray(0, this.length * LINE_BYTES));
    return d.finish(m);
  }
}
