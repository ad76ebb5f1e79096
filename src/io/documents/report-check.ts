/**
 * The HTML report's last step, without ECharts: the page (drawn by report-html.ts, in this
 * thread or a worker) checked for what the public notice may not show, then written.
 */
import { writeFile } from 'node:fs/promises';
import { LeakScanner } from './privacy.js';

/** What the public notice may not show, as the run knows it (outputs.md 公示表). */
export interface Secrets {
  idNumbers: Iterable<string>;
  accounts: Iterable<string>;
  banks: Iterable<string>;
  holds: Iterable<string>;
  /** A scanner already made of these ID and card numbers (the notice's): not made again. */
  scanner?: LeakScanner;
}

/**
 * The page written into `path` once checked: the places where it would leak (none may);
 * when there are any, nothing is written.
 */
export async function writeReportHtml(path: string, html: string, secrets: Secrets): Promise<string[]> {
  const leaks = reportLeaks(html, secrets);
  if (!leaks.length) await writeFile(path, html);
  return leaks;
}

/**
 * Where the page would show what the public notice may not: an ID-number pattern, a known
 * ID or card number (LeakScanner, as for the notice), a bank's name or a hold reason, in
 * any text or attribute of the page. Chart geometry (path data, transforms, view boxes)
 * is numbers only and is left out: its coordinates are not text anyone reads.
 */
export function reportLeaks(html: string, secrets: Secrets): string[] {
  const scanner =
    secrets.scanner ?? new LeakScanner({ idNumbers: secrets.idNumbers, accounts: secrets.accounts });
  const words = new Set<string>();
  for (const list of [secrets.banks, secrets.holds])
    for (const w of list) if (w.trim().length >= 2) words.add(w.trim());
  const leaks: string[] = [];
  const texts: string[] = [];
  for (const m of html.matchAll(/>([^<]+)</g)) texts.push(m[1] as string);
  for (const m of html.matchAll(/\s([\w:-]+)="([^"]*)"/g)) {
    if (!['d', 'transform', 'viewBox', 'points'].includes(m[1] as string)) texts.push(m[2] as string);
  }
  for (const t of texts) {
    if (scanner.isLeak(t)) leaks.push(t.slice(0, 40));
    else for (const w of words) if (t.includes(w)) leaks.push(`${t.slice(0, 40)}`);
  }
  return leaks;
}
