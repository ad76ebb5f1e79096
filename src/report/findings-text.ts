import { Chalk } from 'chalk';
import type { Finding } from '../rules/findings.js';
import { sortFindings } from '../rules/findings.js';
import type { Lang } from './lang.js';
import { fitTable, textWidth, wrapIndented, wrapText } from './layout.js';
import { localize } from './messages/index.js';

const L = {
  zh: {
    error: '错误',
    warning: '警告',
    row: '行',
    col: '列',
    value: '填写值',
    problem: '问题',
    fix: '怎么改',
    fixLead: '怎么改：',
    at: (row: number) => `第 ${row} 行`,
    valueIs: (v: string) => `填写值 ${v}`,
    count: (e: number, w: number) => `共 ${e} 个错误，${w} 个警告`,
    file: '文件',
  },
  en: {
    error: 'error',
    warning: 'warning',
    row: 'row',
    col: 'col',
    value: 'value',
    problem: 'problem',
    fix: 'how to fix',
    fixLead: 'How to fix: ',
    at: (row: number) => `row ${row}`,
    valueIs: (v: string) => `value ${v}`,
    count: (e: number, w: number) => `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`,
    file: 'file',
  },
};

/** From this width on, the findings of a sheet are a table; narrower, each finding is a block of lines. */
export const FINDINGS_TABLE_WIDTH = 100;

/**
 * Findings for a person, laid out for `width` columns: grouped by file and sheet, errors
 * first, then a count line. Wide terminals get a table per sheet with each finding's
 * 怎么改 on its own line across the table; narrower ones a short block per finding
 * (`错误  第 3 行 · B 身份证号 · 填写值 …`, the problem, then 怎么改). Nothing is cut: every
 * line fits the width and every hint is whole.
 */
export function renderFindings(findings: readonly Finding[], lang: Lang, color: boolean, width = 80): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const sorted = sortFindings(findings).map((f) => localize(f, lang));
  const groups = new Map<string, Finding[]>();
  for (const f of sorted) {
    const key = `${f.file}\u0000${f.sheet}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const word = (f: Finding) => (f.level === 'error' ? t.error : t.warning);
  const paintLevel = (f: Finding, s: string) => (f.level === 'error' ? c.red(s) : c.yellow(s));
  const indent = Math.max(textWidth(t.error), textWidth(t.warning)) + 2;
  const out: string[] = [];
  for (const [key, list] of groups) {
    const [file, sheet] = key.split('\u0000') as [string, string];
    out.push(...wrapText(`${file || '-'}${sheet ? ` › ${sheet}` : ''}`, width).map((l) => c.bold(l)));
    // Problems with a whole file (missing, not an xlsx, output exists …) have no row,
    // column or value: plain lines read better than a mostly empty table.
    const wholeFile = !sheet && list.every((f) => !f.row && !f.column && !f.value);
    if (wholeFile || width < FINDINGS_TABLE_WIDTH) {
      for (const f of list) {
        const where = wholeFile ? [] : location(f, t);
        const lines = [
          ...(where.length ? wrapIndented(where.join(' · '), width - 2, word(f), indent) : []),
          ...wrapIndented(f.message ?? '', width - 2, where.length ? '' : word(f), indent),
          ...(f.hint ? wrapIndented(t.fixLead + f.hint, width - 2, '', indent) : []),
        ];
        // The level word opens the block: colour it in place (the width is already measured).
        const first = lines[0] ?? '';
        lines[0] = paintLevel(f, word(f)) + first.slice(word(f).length);
        out.push(...lines.map((l) => `  ${l}`));
      }
      continue;
    }
    out.push(
      fitTable({
        head: ['', t.row, t.col, t.value, t.problem],
        rows: list.map((f) => [
          word(f),
          f.row ? String(f.row) : '',
          f.column ? `${f.column}${f.header ? ` ${f.header}` : ''}` : f.header,
          f.value,
          f.message ?? '',
        ]),
        wrap: [false, false, true, true, true],
        width,
        color,
        paint: (r, col, s) => (col === 0 ? paintLevel(list[r] as Finding, s) : s),
        note: (r) => {
          const h = list[r]?.hint;
          return h ? t.fixLead + h : undefined;
        },
      }),
    );
  }
  const e = findings.filter((f) => f.level === 'error').length;
  const w = findings.length - e;
  const count = t.count(e, w);
  out.push(e ? c.red(count) : w ? c.yellow(count) : count);
  return `${out.join('\n')}\n`;
}

/** Where a finding is, as the clerk finds it in Excel: row, column letter and header, the typed value. */
function location(f: Finding, t: (typeof L)['zh'] | (typeof L)['en']): string[] {
  const parts: string[] = [];
  if (f.row) parts.push(t.at(f.row));
  const col = f.column ? `${f.column}${f.header ? ` ${f.header}` : ''}` : f.header;
  if (col) parts.push(col);
  if (f.value) parts.push(t.valueIs(f.value));
  return parts;
}

/** Findings as the --json report gives them: message and hint filled in. */
export function findingsJson(findings: readonly Finding[], lang: Lang): Finding[] {
  return sortFindings(findings).map((f) => {
    const { params: _p, ...rest } = localize(f, lang);
    return rest;
  });
}
