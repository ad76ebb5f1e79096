/** Characters no text of the tool may hold (issue 18): one rule for input, file names and checks. */

/**
 * The first character of `s` that no text of the tool may hold, or -1 (the common case,
 * one pass over the characters). Such a character would be dropped by the xlsx writer
 * (XML 1.0 cannot carry it), would act on a terminal, or would reorder what a reader
 * sees, so the same text could not feed the digest, the files and the checks: C0 controls
 * other than tab, line feed and carriage return; DEL; C1 controls; the bidirectional
 * embedding, override, isolate and mark characters; U+FFFE and U+FFFF; a lone surrogate.
 */
export function forbiddenCharAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
      continue;
    }
    if (c < 0x7f) continue;
    if (c <= 0x9f) return i;
    if (c < 0x61c) continue;
    if (c === 0x61c || c === 0x200e || c === 0x200f) return i;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return i;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c === 0xfffe || c === 0xffff) return i;
  }
  return -1;
}

/** `U+0007` for the character at `i` of `s` (a finding's parameter). */
export function codePointLabel(s: string, i: number): string {
  return `U+${(s.charCodeAt(i) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
