import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Finding } from '../rules/findings.js';
import { sortFindings } from '../rules/findings.js';
import { escapeTerminal } from './escape.js';
import type { Lang } from './lang.js';
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
    count: (e: number, w: number) => `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`,
    file: 'file',
  },
};

/** Findings for a person: grouped by file and sheet, errors first, one small table per sheet, then a count line. */
export function renderFindings(findings: readonly Finding[], lang: Lang, color: boolean): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const sorted = sortFindings(findings).map((f) => localize(escapedFinding(f), lang));
  const groups = new Map<string, Finding[]>();
  for (const f of sorted) {
    const key = `${f.file}\u0000${f.sheet}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const out: string[] = [];
  for (const [key, list] of groups) {
    const [file, sheet] = key.split('\u0000') as [string, string];
    out.push(c.bold(`${file || '-'}${sheet ? ` › ${sheet}` : ''}`));
    // Problems with a whole file (missing, not an xlsx, output exists …) have no row,
    // column or value: plain lines read better than a mostly empty table, and never wrap
    // a path or a message in the middle.
    if (!sheet && list.every((f) => !f.row && !f.column && !f.value)) {
      for (const f of list) {
        const word = f.level === 'error' ? t.error : t.warning;
        const lvl = f.level === 'error' ? c.red(word) : c.yellow(word);
        out.push(`  ${lvl}  ${f.message ?? ''}`);
        if (f.hint)
          out.push(`  ${' '.repeat(displayWidth(word))}  ${t.fix}${lang === 'zh' ? '：' : ': '}${f.hint}`);
      }
      continue;
    }
    const table = new Table({
      head: ['', t.row, t.col, t.value, t.problem, t.fix],
      style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
      wordWrap: true,
      colWidths: [9, 7, 14, 22, 50, 40],
    });
    for (const f of list) {
      const lvl = f.level === 'error' ? c.red(t.error) : c.yellow(t.warning);
      const col = f.column ? `${f.column}${f.header ? ` ${f.header}` : ''}` : f.header;
      table.push([lvl, f.row ? String(f.row) : '', col, f.value, f.message ?? '', f.hint ?? '']);
    }
    out.push(table.toString());
  }
  const e = findings.filter((f) => f.level === 'error').length;
  const w = findings.length - e;
  out.push(e ? c.red(t.count(e, w)) : w ? c.yellow(t.count(e, w)) : t.count(e, w));
  return `${out.join('\n')}\n`;
}

/** A finding whose own texts and params (cell values, paths, names) are safe to print. */
function escapedFinding(f: Finding): Finding {
  const out: Finding = {
    ...f,
    file: escapeTerminal(f.file),
    sheet: escapeTerminal(f.sheet),
    header: escapeTerminal(f.header),
    value: escapeTerminal(f.value),
  };
  if (f.params) {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(f.params)) params[k] = typeof v === 'string' ? escapeTerminal(v) : v;
    out.params = params;
  }
  return out;
}

/** Columns a text takes in a terminal: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** Findings as the --json report gives them: message and hint filled in. */
export function findingsJson(findings: readonly Finding[], lang: Lang): Finding[] {
  return sortFindings(findings).map((f) => {
    const { params: _p, ...rest } = localize(f, lang);
    return rest;
  });
}
