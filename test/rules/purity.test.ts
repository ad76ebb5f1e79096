import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * STYLE.md "Shape of the tree": src/rules/ is the pure core. It imports nothing but its own
 * files (no node:*, no exceljs, nothing from io/, commands/ or report/), and reads no clock,
 * no randomness, no process and writes no console.
 */

const RULES = fileURLToPath(new URL('../../src/rules/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** The code with its comments blanked out (strings kept: import specifiers live in them). */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    const next = src[i + 1];
    if (ch === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== ch) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bprocess\s*\./, 'process.'],
  [/\bprocess\s*\[/, 'process[…]'],
  [/\bDate\s*\.\s*now\b/, 'Date.now'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without arguments'],
  [/(?<![.\w$])Date\s*\(\s*\)/, 'Date() (the current time as text)'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bconsole\s*\./, 'console.'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bcrypto\s*\.\s*(randomUUID|getRandomValues)\b/, 'crypto randomness'],
];

/** Every import that leaves src/rules (bare packages such as node:fs or exceljs, or ../io …). */
function badImports(file: string, code: string): string[] {
  const specs = [
    ...code.matchAll(/\bfrom\s*(['"])([^'"]+)\1/g),
    ...code.matchAll(/\bimport\s*(['"])([^'"]+)\1/g),
    ...code.matchAll(/\bimport\s*\(\s*(['"`])([^'"`]+)\1/g),
    ...code.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1/g),
  ].map((m) => m[2] as string);
  const bad = specs.filter((s) => {
    if (!s.startsWith('./') && !s.startsWith('../')) return true;
    const target = path.resolve(path.dirname(file), s);
    return !(target + path.sep).startsWith(RULES) && target !== RULES.slice(0, -1);
  });
  if (/\bimport\s*\(\s*[^'"`\s]/.test(code)) bad.push('import(<computed>)');
  if (/\brequire\s*\(\s*[^'"`\s]/.test(code)) bad.push('require(<computed>)');
  return bad;
}

/** The reasons a source file of src/rules is not pure ([] when it is). */
function impurities(file: string, src: string): string[] {
  const code = stripComments(src);
  const out = badImports(file, code).map((s) => `imports ${s}`);
  for (const [re, what] of FORBIDDEN) {
    const m = re.exec(code);
    if (m) {
      const line = code.slice(0, m.index).split('\n').length;
      out.push(`uses ${what} (line ${line})`);
    }
  }
  return out;
}

describe('the rules core is pure', () => {
  const files = sourceFiles(RULES);

  it('finds the rules files to check', () => {
    const names = files.map((f) => path.relative(RULES, f));
    for (const f of [
      'allocate.ts',
      'compute.ts',
      'deposit.ts',
      'exact.ts',
      'ledger.ts',
      'money.ts',
      'score.ts',
    ]) {
      expect(names).toContain(f);
    }
  });

  it.each(files.map((f) => [path.relative(RULES, f), f]))(
    'src/rules/%s imports only from src/rules and reads no clock, randomness, process or console',
    (_, file) => {
      expect(impurities(file, readFileSync(file, 'utf8'))).toEqual([]);
    },
  );
});

describe('the purity check itself', () => {
  const f = path.join(RULES, 'probe.ts');

  it.each([
    ["import { readFileSync } from 'node:fs';", 'imports node:fs'],
    ["import type { Stats } from 'node:fs';", 'imports node:fs'],
    ["import ExcelJS from 'exceljs';", 'imports exceljs'],
    ["import { readWorkbook } from '../io/workbook/records.js';", 'imports ../io/workbook/records.js'],
    ["import { run } from '../commands/calc.js';", 'imports ../commands/calc.js'],
    ["export { x } from '../report/lang.js';", 'imports ../report/lang.js'],
    ["const m = await import('node:path');", 'imports node:path'],
    ["import 'exceljs';", 'imports exceljs'],
    ['const cwd = process.cwd();', 'uses process. (line 1)'],
    ['const t = Date.now();', 'uses Date.now (line 1)'],
    ['const today = new Date();', 'uses new Date() without arguments (line 1)'],
    ['const today = new Date ( );', 'uses new Date() without arguments (line 1)'],
    ['const s = Date();', 'uses Date() (the current time as text) (line 1)'],
    ['const r = Math.random();', 'uses Math.random (line 1)'],
    ["\n\nconsole.log('x');", 'uses console. (line 3)'],
  ])('flags `%s`', (code, want) => {
    expect(impurities(f, code)).toContain(want);
  });

  it.each([
    ["import { Exact } from './exact.js';"],
    ["import type { Policy } from './types.js';"],
    ['const t = new Date(Date.UTC(y, m - 1, d + days));'],
    ['// the rules core never reads process.env or Date.now()'],
    ['/** no new Date() here, no console.log */ const a = 1;'],
    ["const s = 'https://example.org/a';"],
    ['const processed = 1; const consoleWidth = 2;'],
    ['const d = toDate(x);'],
  ])('allows `%s`', (code) => {
    expect(impurities(f, code)).toEqual([]);
  });
});
