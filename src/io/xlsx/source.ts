/**
 * The lean xlsx reader: the parts of a workbook read straight from the file, each
 * inflated as a stream (zip.ts) and scanned for cell values only (scanner.ts).
 * Small parts (workbook.xml, the .rels, styles.xml) are read whole; the shared strings
 * are held as one array of strings; a sheet is never held: its rows go to a sink.
 *
 * Parts are found as Excel finds them: _rels/.rels → the workbook part → its .rels → each
 * sheet's part by r:id, and the shared strings and styles by relationship type.
 */
import type { FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import type { MergeRange } from './grid.js';
import { type CellContext, itemText, type RowSink, SheetScanner } from './scanner.js';
import { attrSpan, elementsOf, endsName, nextTag, readAttrs, textOf, XlsxFormatError } from './xml.js';
import { inflateEntry, type ZipEntry } from './zip.js';

/** Parts read whole (workbook.xml, .rels, styles.xml) are refused above this size. */
export const MAX_SMALL_PART_BYTES = 32 * 1024 * 1024;
/**
 * The shared-string table is held in memory as strings: its XML is refused above this.
 * A full sheet of 1,048,575 rows with three distinct texts in every row needs about
 * 110 MB of it.
 */
export const MAX_SHARED_STRINGS_BYTES = 512 * 1024 * 1024;

/** A part the reader will not hold (too_large, with the part's size and the limit). */
export class PartTooLargeError extends Error {
  override name = 'PartTooLargeError';
  constructor(
    readonly part: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${part} is larger than ${limit} bytes`);
  }
}

export interface LeanSheet {
  name: string;
  /** The zip entry of its part. */
  entry: ZipEntry;
}

export interface LeanWorkbook {
  date1904: boolean;
  /** Worksheets in workbook order (chart sheets and sheets without a part left out). */
  sheets: LeanSheet[];
  sharedStrings: ZipEntry | null;
  styles: ZipEntry | null;
}

/** An open .xlsx: its file handle and central directory. */
export class XlsxFile {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLower = new Map<string, ZipEntry>();

  constructor(
    readonly fh: FileHandle,
    entries: readonly ZipEntry[],
  ) {
    for (const e of entries) {
      const n = e.name.replace(/^\/+/, '');
      if (!this.byName.has(n)) this.byName.set(n, e);
      if (!this.byLower.has(n.toLowerCase())) this.byLower.set(n.toLowerCase(), e);
    }
  }

  /** A part by name (part names are case-insensitive in OPC). */
  entry(name: string): ZipEntry | undefined {
    const n = name.replace(/^\/+/, '');
    return this.byName.get(n) ?? this.byLower.get(n.toLowerCase());
  }

  chunks(entry: ZipEntry): AsyncGenerator<Buffer> {
    return inflateEntry(this.fh, entry);
  }

  /** A small part whole, as text. */
  async text(entry: ZipEntry, limit = MAX_SMALL_PART_BYTES): Promise<string> {
    if (entry.uncompressedSize > limit)
      throw new PartTooLargeError(entry.name, entry.uncompressedSize, limit);
    const parts: Buffer[] = [];
    for await (const c of this.chunks(entry)) parts.push(c);
    let s = Buffer.concat(parts).toString('utf8');
    if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    return s;
  }
}

/** The relationships of a .rels part: id → { target part name, type }. */
function relationships(xml: string, base: string): Map<string, { target: string; type: string }> {
  const out = new Map<string, { target: string; type: string }>();
  for (const a of elementsOf(xml, 'Relationship')) {
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
    let t = a.Target;
    try {
      t = decodeURIComponent(t);
    } catch {
      // keep the target as written
    }
    const target = t.startsWith('/') ? t.slice(1) : posix.normalize(posix.join(base, t));
    out.set(a.Id, { target, type: a.Type ?? '' });
  }
  return out;
}

function relsPathOf(part: string): string {
  const dir = posix.dirname(part);
  return posix.join(dir === '.' ? '' : dir, '_rels', `${posix.basename(part)}.rels`);
}

const TYPE_END = (type: string, end: string) => type.endsWith(`/${end}`);

/** The sheets, date system and shared parts of a workbook. Throws XlsxFormatError when they cannot be found. */
export async function openWorkbook(file: XlsxFile): Promise<LeanWorkbook> {
  let workbookPart = 'xl/workbook.xml';
  const rootRels = file.entry('_rels/.rels');
  if (rootRels) {
    for (const r of relationships(await file.text(rootRels), '').values()) {
      if (TYPE_END(r.type, 'officeDocument') && file.entry(r.target)) {
        workbookPart = r.target;
        break;
      }
    }
  }
  const wbEntry = file.entry(workbookPart);
  if (!wbEntry) throw new XlsxFormatError('no workbook part');
  const wbXml = await file.text(wbEntry);
  const pr = elementsOf(wbXml, 'workbookPr')[0];
  const d1904 = pr?.date1904?.toLowerCase();
  const date1904 = d1904 === '1' || d1904 === 'true';
  const base = posix.dirname(workbookPart) === '.' ? '' : posix.dirname(workbookPart);
  const relsEntry = file.entry(relsPathOf(workbookPart));
  const rels = relsEntry ? relationships(await file.text(relsEntry), base) : new Map();
  const sheets: LeanSheet[] = [];
  for (const s of elementsOf(wbXml, 'sheet')) {
    const rel = rels.get(s.id ?? '');
    if (!rel || !TYPE_END(rel.type, 'worksheet')) continue;
    const entry = file.entry(rel.target);
    if (!entry) throw new XlsxFormatError(`sheet ${s.name ?? ''}: part ${rel.target} missing`);
    sheets.push({ name: s.name ?? '', entry });
  }
  let sharedStrings: ZipEntry | null = null;
  let styles: ZipEntry | null = null;
  for (const r of rels.values()) {
    if (TYPE_END(r.type, 'sharedStrings')) sharedStrings = file.entry(r.target) ?? null;
    else if (TYPE_END(r.type, 'styles')) styles = file.entry(r.target) ?? null;
  }
  return { date1904, sheets, sharedStrings, styles };
}

// ---------------------------------------------------------------------------------------
// Styles: which cell styles show a number as a date.

/** The built-in number formats exceljs knows as dates (ECMA-376 §18.8.30). */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
/**
 * Built-in formats of East Asian locales that Excel shows as dates or times
 * (zh-CN: 27 yyyy"年"m"月", 31 yyyy"年"m"月"d"日", 57, 58 …). exceljs has no format code for
 * them and reads their cells as plain numbers; the lean reader reads them as dates, as
 * Excel and WPS show them. A date field reads the same either way (a serial is a date).
 */
const EAST_ASIAN_DATE_IDS = new Set([
  27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A number format code that shows a date or time, by exceljs's rule (utils.isDateFmt). */
export function isDateFormat(code: string): boolean {
  const f = code
    .replace(/[\\](.)/g, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** The inner text of the first element named `local` (any prefix), or null. */
function section(xml: string, local: string): string | null {
  const open = new RegExp(`<(?:[\\w.-]+:)?${local}(?:\\s[^>]*)?>`).exec(xml);
  if (!open || open[0].endsWith('/>')) return null;
  const from = open.index + open[0].length;
  const close = new RegExp(`</(?:[\\w.-]+:)?${local}\\s*>`, 'g');
  close.lastIndex = from;
  const m = close.exec(xml);
  return m ? xml.slice(from, m.index) : null;
}

export async function loadDateStyles(file: XlsxFile, entry: ZipEntry | null): Promise<Uint8Array> {
  if (!entry) return new Uint8Array(0);
  const xml = await file.text(entry);
  const formats = new Map<number, string>();
  for (const f of elementsOf(section(xml, 'numFmts') ?? '', 'numFmt')) {
    const id = Number.parseInt(f.numFmtId ?? '', 10);
    if (Number.isInteger(id) && f.formatCode !== undefined) formats.set(id, f.formatCode);
  }
  const xfs = elementsOf(section(xml, 'cellXfs') ?? '', 'xf');
  const out = new Uint8Array(xfs.length);
  xfs.forEach((xf, i) => {
    const id = Number.parseInt(xf.numFmtId ?? '0', 10);
    if (!id) return;
    const code = formats.get(id);
    const date =
      code !== undefined ? isDateFormat(code) : BUILTIN_DATE_IDS.has(id) || EAST_ASIAN_DATE_IDS.has(id);
    if (date) out[i] = 1;
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Shared strings, read as a stream of <si> items.

const N_SI = Uint8Array.from('si', (c) => c.charCodeAt(0));

/** Reads the <si> items of a shared-strings part as it is fed, chunk by chunk. */
export class SharedStringsScanner {
  readonly strings: string[] = [];
  private carry: Buffer | null = null;
  private close: Buffer | null = null;
  private pl = 0;
  private readonly span = attrSpan();

  feed(chunk: Buffer): void {
    const b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const keep = this.scan(b, false);
    if (keep < b.length) this.carry = b.subarray(keep);
  }

  end(): void {
    if (this.carry && this.scan(this.carry, true) < this.carry.length)
      throw new XlsxFormatError('shared strings cut short');
  }

  /**
   * The common item, <si><t>text</t></si> (or <t xml:space="preserve">), read in one go:
   * returns the position after it, or 0 when the item has another shape or is cut.
   */
  private plainItem(b: Buffer, p: number, end: number): number {
    if (b[p + 1] !== 0x73 || b[p + 2] !== 0x69 || b[p + 3] !== 0x3e || b[p + 4] !== 0x3c || b[p + 5] !== 0x74)
      return 0;
    let i = p + 6;
    if (b[i] !== 0x3e) {
      if (b[i] !== 0x20) return 0;
      while (i < end && b[i] !== 0x3e && b[i] !== 0x2f) i++;
      if (b[i] !== 0x3e) return 0;
    }
    const ts = i + 1;
    const te = nextTag(b, ts, end);
    // </t></si>
    if (
      te + 9 > end ||
      b[te + 1] !== 0x2f ||
      b[te + 2] !== 0x74 ||
      b[te + 3] !== 0x3e ||
      b[te + 4] !== 0x3c ||
      b[te + 5] !== 0x2f ||
      b[te + 6] !== 0x73 ||
      b[te + 7] !== 0x69 ||
      b[te + 8] !== 0x3e
    )
      return 0;
    this.strings.push(textOf(b, ts, te, true));
    return te + 9;
  }

  private scan(b: Buffer, final: boolean): number {
    const end = b.length;
    let p = 0;
    for (;;) {
      p = nextTag(b, p, end);
      if (p >= end) return end;
      if (!final && p + 8 > end) return p;
      const plain = this.plainItem(b, p, end);
      if (plain > 0) {
        p = plain;
        continue;
      }
      const c1 = b[p + 1];
      if (c1 === 0x2f || c1 === 0x3f || c1 === 0x21) {
        const gt = b.indexOf(0x3e, p);
        if (gt < 0) return p;
        p = gt + 1;
        continue;
      }
      // The tag's name and its local part.
      let q = p + 1;
      let local = q;
      while (q < end && !endsName(b[q])) {
        if (b[q] === 0x3a) local = q + 1;
        q++;
      }
      if (q >= end) return p;
      if (q - local === 2 && b[local] === N_SI[0] && b[local + 1] === N_SI[1]) {
        const pos = readAttrs(b, q, end, this.span, null);
        if (pos < 0) return p;
        if (this.span.selfClosing) {
          this.strings.push('');
          p = pos;
          continue;
        }
        if (!this.close || this.pl !== local - p - 1) {
          this.pl = local - p - 1;
          this.close = Buffer.concat([Buffer.from('</'), b.subarray(p + 1, local), Buffer.from('si>')]);
        }
        const at = b.indexOf(this.close, pos);
        if (at < 0) return p;
        const after = at + this.close.length;
        this.strings.push(itemText(b, p, after, this.pl, this.span));
        p = after;
        continue;
      }
      const pos = readAttrs(b, q, end, this.span, null);
      if (pos < 0) return p;
      p = pos;
    }
  }
}

export async function loadSharedStrings(file: XlsxFile, entry: ZipEntry | null): Promise<string[]> {
  if (!entry) return [];
  if (entry.uncompressedSize > MAX_SHARED_STRINGS_BYTES)
    throw new PartTooLargeError(entry.name, entry.uncompressedSize, MAX_SHARED_STRINGS_BYTES);
  const s = new SharedStringsScanner();
  for await (const c of file.chunks(entry)) s.feed(c);
  s.end();
  return s.strings;
}

/** What scanning a sheet found besides its rows. */
export interface SheetScan {
  merges: MergeRange[];
  maxRow: number;
  maxCol: number;
}

/** Streams the rows of one sheet into `sink`. */
export async function scanSheet(
  file: XlsxFile,
  sheet: LeanSheet,
  ctx: CellContext,
  sink: RowSink,
): Promise<SheetScan> {
  const scanner = new SheetScanner(ctx, sink, sheet.name);
  for await (const c of file.chunks(sheet.entry)) scanner.feed(c);
  scanner.end();
  return { merges: scanner.merges, maxRow: scanner.maxRow, maxCol: scanner.maxCol };
}
