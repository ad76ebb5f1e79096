/**
 * XML text for worksheet parts. Characters XML 1.0 cannot carry (C0 controls other than
 * tab, line feed and carriage return, DEL, U+FFFE and U+FFFF) are dropped, as exceljs
 * drops them, so a roster reads back through exceljs as it was written.
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

/** Column number (1-based) → letters: 1 → A, 27 → AA. */
export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet name in a formula: quoted, an apostrophe doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
