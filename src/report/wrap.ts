/**
 * Text cut into lines that fit a terminal table's column, by display width (a CJK
 * character takes two columns): cli-table3's own wrapping measures CJK text wrongly and
 * cuts it off with …, and a Chinese reason or formula must never be cut. It breaks after
 * Chinese punctuation by preference (a reason reads 户数 171 → 201： / 档次 …), which
 * layout.ts's wrapText, for prose and the other tables, does not.
 */
import { escapeTerminal } from './escape.js';

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Columns a text takes in a terminal. */
export function termWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/**
 * `text` as lines of at most `width` columns: its own line breaks kept, a long line broken
 * after a space or a Chinese punctuation mark when one is near the end, else anywhere.
 */
export function wrapText(text: string, width: number): string {
  const out: string[] = [];
  // its own line breaks kept; controls and bidi marks from a roster shown escaped (issue 18)
  for (const line of text.split('\n')) {
    let rest = escapeTerminal(line);
    while (termWidth(rest) > width) {
      let w = 0;
      let cut = 0;
      let soft = 0;
      for (const ch of rest) {
        const cw = WIDE.test(ch) ? 2 : 1;
        if (w + cw > width) break;
        w += cw;
        cut += ch.length;
        if (ch === ' ' || '，；：、）'.includes(ch)) soft = cut;
      }
      const at = soft > cut / 2 ? soft : Math.max(cut, 1);
      out.push(rest.slice(0, at).trimEnd());
      rest = rest.slice(at).trimStart();
    }
    out.push(rest);
  }
  return out.join('\n');
}
