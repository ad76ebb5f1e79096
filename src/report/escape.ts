/**
 * Text from a workbook, a roster or a path, made safe to print on a terminal (issue 18):
 * C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates,
 * line and paragraph separators and lone surrogates are shown as `\x1B`, `\u202E` … so a
 * hostile cell cannot clear the screen, hide rows, set the window title or reorder what
 * is shown. Everything else (Chinese, full-width forms) is left as it is. The escape is
 * plain ASCII, so a table measures the width of what is actually printed.
 */
function needsEscape(c: number, next: number): boolean {
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return true;
  if (c < 0x61c) return false;
  if (c === 0x61c || c === 0x200e || c === 0x200f || c === 0x2028 || c === 0x2029) return true;
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  if (c >= 0xd800 && c <= 0xdbff) return !(next >= 0xdc00 && next <= 0xdfff);
  // a low surrogate is escaped here only when alone (the pair's high half skips it)
  return c >= 0xdc00 && c <= 0xdfff;
}

const hex = (c: number, n: number) => c.toString(16).toUpperCase().padStart(n, '0');

export function escapeTerminal(text: string): string {
  let i = 0;
  for (; i < text.length; i++) if (needsEscape(text.charCodeAt(i), text.charCodeAt(i + 1))) break;
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i] + (text[i + 1] as string);
      i++;
    } else if (needsEscape(c, next)) out += c < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
    else out += text[i];
  }
  return out;
}

/** What JSON.stringify leaves raw but a terminal may act on: DEL, C1 controls, bidi and line separators. */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `--json` text: JSON.stringify escapes C0 controls and lone surrogates itself; the
 * characters it leaves raw that a terminal may act on are written as \uXXXX too (the same
 * JSON value for any parser).
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_RAW, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}
