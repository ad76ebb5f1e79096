/**
 * Text as people type it into spreadsheet cells (Excel, WPS), brought to one form before
 * it is read as a number or a date: full-width ASCII and the ideographic space, every kind
 * of white space, thousands separators.
 *
 * Called for every cell of every row: each function first checks in one pass over the
 * characters whether there is anything to change, and returns the string itself when not.
 */

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/g;

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space → half-width. */
export function toHalfWidth(s: string): string {
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e)) {
      any = true;
      break;
    }
  }
  if (!any) return s;
  return s.replace(FULL_WIDTH, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Every kind of white space, also inside (line breaks, full-width and no-break spaces). */
const SPACES = /[\s\u00a0\u3000\u200b\ufeff]+/g;

/** A character SPACES matches (or a control character, which is then looked at by the regex). */
export function spaceLike(c: number): boolean {
  if (c <= 0x20) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (spaceLike(s.charCodeAt(i))) return true;
  return false;
}

export function removeSpaces(s: string): string {
  return hasSpace(s) ? s.replace(SPACES, '') : s;
}

/** A number typed as text: full-width → half-width, spaces and thousands separators removed. */
const THOUSANDS = /(\d),(?=\d{3}(?:\D|$))/g;

export function normaliseNumberText(s: string): string {
  const t = removeSpaces(toHalfWidth(s));
  return t.includes(',') ? t.replace(THOUSANDS, '$1') : t;
}
