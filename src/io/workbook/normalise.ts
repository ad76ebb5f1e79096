/**
 * Text normalisation of workbook.md: how headers, sheet names, IDs, names and numbers
 * typed by people in Excel or WPS are brought to one form before they are compared.
 */

export { normaliseNumberText, removeSpaces, spaceLike, toHalfWidth } from '../xlsx/text.js';

import { removeSpaces, spaceLike, toHalfWidth } from '../xlsx/text.js';

// The functions below are called for every cell of every row: each first checks in one
// pass over the characters whether there is anything to change, and returns the string
// itself when not (most cells), so no regex runs and no new string is made.

const EDGE_SPACES = /^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000\ufeff]+$/g;

/**
 * A header or sheet name as compared: white space removed, full-width → half-width, a
 * bracketed unit suffix dropped (户数（户）→ 户数), a required-field star dropped (*村代码),
 * English lower-cased with _ and - ignored (Village Code = village_code).
 */
export function headerKey(s: string): string {
  let t = removeSpaces(toHalfWidth(s));
  t = t.replace(/^[*]+|[*]+$/g, '');
  // Drop trailing bracketed suffixes, possibly several: 得分(分)(百分制) → 得分.
  for (;;) {
    const u = t.replace(/(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】)$/u, '');
    if (u === t || u === '') break;
    t = u;
  }
  return t.toLowerCase().replace(/[_-]/g, '');
}

export { codePointLabel, forbiddenCharAt } from '../../rules/characters.js';

/**
 * Text of a value cell, trimmed (inner spaces kept; each column decides), line breaks
 * made LF: an xlsx reader turns a stored CR into LF, so a CR kept here would make the
 * roster differ from its own digest once read back.
 */
export function cleanText(s: string): string {
  const t = s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  if (t === '' || (!spaceLike(t.charCodeAt(0)) && !spaceLike(t.charCodeAt(t.length - 1)))) return t;
  return t.replace(EDGE_SPACES, '');
}

/** Lookalike middle dots in names (· U+00B7, • U+2022, ・ U+30FB, ･ U+FF65, ‧ U+2027, ∙ U+2219, ． U+FF0E). */
const DOTS = /[\u00b7\u2022\u30fb\uff65\u2027\u2219\u22c5\uff0e]/g;

/** A person's name: inner spaces removed, middle dots made one (阿依古丽•买买提 → 阿依古丽·买买提). */
export function normaliseName(s: string): string {
  const t = removeSpaces(s);
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // U+00B7 is the normal dot already; the others are its lookalikes.
    if (
      c === 0x2022 ||
      c === 0x30fb ||
      c === 0xff65 ||
      c === 0x2027 ||
      c === 0x2219 ||
      c === 0x22c5 ||
      c === 0xff0e
    )
      return t.replace(DOTS, '·');
  }
  return t;
}

/** An ID, card or code as typed: spaces removed, full-width digits and letters → half-width, x → X. */
export function normaliseCode(s: string): string {
  // Printable ASCII without lower-case letters is already in its normal form.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e || (c >= 0x61 && c <= 0x7a)) {
      plain = false;
      break;
    }
  }
  return plain ? s : removeSpaces(toHalfWidth(s)).toUpperCase();
}

/** Levenshtein distance, for "the closest match" of a missing sheet or header. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/**
 * The candidate closest to any of `targets` (by edit distance over the normalised keys),
 * or '' when none is reasonably close (more than half of the target's length away).
 */
export function closest(candidates: readonly string[], targets: readonly string[]): string {
  let best = '';
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const ck = headerKey(c);
    if (!ck) continue;
    for (const t of targets) {
      const tk = headerKey(t);
      let d = editDistance(ck, tk);
      if (ck.includes(tk) || tk.includes(ck)) d = Math.min(d, Math.abs(ck.length - tk.length) / 2);
      const limit = Math.max(1, Math.ceil(tk.length / 2));
      if (d <= limit && d < bestScore) {
        best = c;
        bestScore = d;
      }
    }
  }
  return best;
}
