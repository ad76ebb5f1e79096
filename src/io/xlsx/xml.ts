/**
 * The little XML the lean reader needs, over the bytes of a part (UTF-8, as every xlsx
 * writer saves them): text with its entities and Excel's _xHHHH_ escapes decoded, the
 * attributes of one tag, and the start of the next tag. The shapes of SpreadsheetML are
 * regular (spec: ECMA-376 Part 1, §18.3 sheet, §18.4 shared strings), so a scanner over
 * them is a few loops; nothing here builds a tree.
 *
 * Writing: the escaping of text and attribute values for the parts the writer builds as
 * strings (the sheet data itself is escaped while it is encoded, by ZipWriteEntry.escaped in
 * zip.ts, to the same rules: a test holds the two together).
 */

export class XlsxFormatError extends Error {
  override name = 'XlsxFormatError';
}

const LT = 0x3c; // <
const GT = 0x3e; // >
const AMP = 0x26; // &
const CR = 0x0d;
const US = 0x5f; // _
const QUOT = 0x22;
const APOS = 0x27;
const SLASH = 0x2f;
const EQ = 0x3d;

/** White space between markup (XML S). */
export function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** A byte that ends an element name: white space, '>' or '/'. */
export function endsName(b: number | undefined): boolean {
  return b === 0x20 || b === GT || b === SLASH || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Where the next '<' is at or after `p` (end when none). */
export function nextTag(b: Buffer, p: number, end: number): number {
  let i = p;
  while (i < end && b[i] !== LT) i++;
  return i;
}

/** Whether the bytes at `p` spell `name` followed by the end of a name. */
export function nameAt(b: Buffer, p: number, name: Uint8Array): boolean {
  const n = name.length;
  for (let i = 0; i < n; i++) if (b[p + i] !== name[i]) return false;
  return endsName(b[p + n]);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  let out = '';
  let last = 0;
  let i = s.indexOf('&');
  while (i >= 0) {
    const semi = s.indexOf(';', i + 1);
    if (semi < 0) throw new XlsxFormatError('unterminated entity');
    const name = s.slice(i + 1, semi);
    let ch: string | undefined;
    if (name.charCodeAt(0) === 0x23) {
      const hex = name.charCodeAt(1) === 0x78 || name.charCodeAt(1) === 0x58;
      const code = Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff)
        throw new XlsxFormatError(`bad character reference &${name};`);
      ch = String.fromCodePoint(code);
    } else {
      ch = NAMED[name];
      if (ch === undefined) throw new XlsxFormatError(`unknown entity &${name};`);
    }
    out += s.slice(last, i) + ch;
    last = semi + 1;
    i = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

const ESCAPED = /_x([0-9A-F]{4})_/g;
const CR_LF = /\r\n?/g;
const unescapeOne = (_m: string, hex: string) => String.fromCharCode(Number.parseInt(hex, 16));

/**
 * The text of bytes [s, e): entities decoded, line ends normalised as an XML parser does
 * (CR LF and CR → LF), and, for `escapes`, the _xHHHH_ escapes Excel writes for characters
 * XML cannot carry (_x000D_ …) decoded, as exceljs does for shared strings and rich text.
 */
export function textOf(b: Buffer, s: number, e: number, escapes: boolean): string {
  if (s >= e) return '';
  let amp = false;
  let cr = false;
  let us = false;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === AMP) amp = true;
    else if (c === CR) cr = true;
    else if (c === US) us = true;
  }
  let t = b.toString('utf8', s, e);
  if (cr) t = t.replace(CR_LF, '\n');
  if (amp) t = decodeEntities(t);
  if (us && escapes) t = t.replace(ESCAPED, unescapeOne);
  return t;
}

/** One attribute of a tag: its name's bytes [ns, ne) and its value's [vs, ve); whether the tag closed itself. */
export interface AttrSpan {
  ns: number;
  ne: number;
  vs: number;
  ve: number;
  selfClosing: boolean;
}

export function attrSpan(): AttrSpan {
  return { ns: 0, ne: 0, vs: 0, ve: 0, selfClosing: false };
}

/**
 * Reads the attributes of the tag whose name ends at `p`, calling `each` (when given) for
 * every one with `span` filled in. Returns the position after the tag's '>' (and sets
 * span.selfClosing for '/>'), or -1 when the tag runs past `end`: more bytes are needed.
 */
export function readAttrs(
  b: Buffer,
  p: number,
  end: number,
  span: AttrSpan,
  each: ((a: AttrSpan) => void) | null,
): number {
  let i = p;
  for (;;) {
    while (i < end && isSpace(b[i] as number)) i++;
    if (i >= end) return -1;
    const c = b[i];
    if (c === GT) {
      span.selfClosing = false;
      return i + 1;
    }
    if (c === SLASH) {
      if (i + 1 >= end) return -1;
      if (b[i + 1] !== GT) throw new XlsxFormatError('malformed tag');
      span.selfClosing = true;
      return i + 2;
    }
    const ns = i;
    while (i < end && b[i] !== EQ && !isSpace(b[i] as number) && b[i] !== GT && b[i] !== SLASH) i++;
    const ne = i;
    while (i < end && isSpace(b[i] as number)) i++;
    if (i >= end) return -1;
    if (b[i] !== EQ) throw new XlsxFormatError('attribute without a value');
    i++;
    while (i < end && isSpace(b[i] as number)) i++;
    if (i >= end) return -1;
    const q = b[i];
    if (q !== QUOT && q !== APOS) throw new XlsxFormatError('attribute value without quotes');
    const vs = i + 1;
    i = vs;
    while (i < end && b[i] !== q) i++;
    if (i >= end) return -1;
    if (each) {
      span.ns = ns;
      span.ne = ne;
      span.vs = vs;
      span.ve = i;
      each(span);
    }
    i++;
  }
}

/** Bytes of an ASCII name, for nameAt. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

/**
 * The attributes of the first element named `local` (any prefix) in a small part held as
 * text: workbook.xml, the .rels parts, styles.xml. Not for the per-row work.
 */
export function elementsOf(xml: string, local: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])([^>]*)>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(attrsOf(m[1] ?? ''));
  return out;
}

const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of a tag's text (local names: r:id → id as well as r:id). */
export function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTR)) {
    const name = m[1] as string;
    const raw = m[2] ?? m[3] ?? '';
    const v = raw.includes('&') ? decodeEntities(raw) : raw;
    out[name] = v;
    const colon = name.indexOf(':');
    if (colon >= 0 && !(name.slice(colon + 1) in out)) out[name.slice(colon + 1)] = v;
  }
  return out;
}

/** The bytes of the text between `open` and the next `close`, for small parts. */
export function sliceBetween(xml: string, open: RegExp, close: string): string | null {
  const m = open.exec(xml);
  if (!m) return null;
  const from = m.index + m[0].length;
  const to = xml.indexOf(close, from);
  return to < 0 ? null : xml.slice(from, to);
}

// ---- Writing ----

/*
 * XML text for worksheet parts. Characters XML 1.0 cannot carry (C0 controls other than
 * tab, line feed and carriage return, DEL, U+FFFE and U+FFFF) are dropped, as exceljs
 * drops them, so a workbook reads back through exceljs as it was written.
 */

/** Anything that needs work; tested once per string, so the common case is one regex test. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML cannot carry is the point
const NEEDS = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const NEEDS_G = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

function replace(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default:
      return '';
  }
}

/** Text content or an attribute value (double-quoted). */
export function xmlText(s: string): string {
  return NEEDS.test(s) ? s.replace(NEEDS_G, replace) : s;
}

export const xmlAttr = xmlText;

/** Leading or trailing white space, or a line break: `<t xml:space="preserve">` keeps it. */
const SPACE_EDGE = /^\s|\s$|\n/;

/** An inline string's `<is>` element. */
export function inlineString(s: string): string {
  return SPACE_EDGE.test(s)
    ? `<is><t xml:space="preserve">${xmlText(s)}</t></is>`
    : `<is><t>${xmlText(s)}</t></is>`;
}

/** A sheet name in a formula: quoted, an apostrophe doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
