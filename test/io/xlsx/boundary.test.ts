import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

/**
 * The house's rules, read from the code's own imports (docs/architecture.md): the xlsx
 * engine imports nothing outside itself and names nothing of the domain; each room imports
 * only the rooms below it; no import circles anywhere in src/.
 */

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push((m[1] ?? m[2]) as string);
  return out;
}

/** The src/ files a file imports, resolved (x.js → x.ts). */
function localImports(file: string): string[] {
  return specifiers(readFileSync(file, 'utf8'))
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const FILES = sourceFiles(SRC);
const rel = (f: string) => relative(SRC, f).split('\\').join('/');

/** The room of a file: its folder under src/ (io/xlsx, io/documents, rules, …) or the file at the top. */
function room(f: string): string {
  const r = rel(f);
  const parts = r.split('/');
  if (parts[0] === 'io') return parts.length > 2 ? `io/${parts[1]}` : r;
  return parts.length > 1 ? (parts[0] as string) : r;
}

/** The rooms each room may import (besides itself), as docs/architecture.md says. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  rules: [],
  decide: ['rules'],
  'io/xlsx': [],
  'io/workbook': ['rules', 'io/xlsx', 'errors.ts', 'memory.ts'],
  'io/policy': ['rules', 'errors.ts', 'package-root.ts'],
  'io/files': ['rules', 'errors.ts', 'io/xlsx'],
  'io/approvals': ['rules', 'errors.ts'],
  'io/documents': [
    'rules',
    'decide',
    'io/xlsx',
    'io/workbook',
    'io/policy',
    'io/files',
    'errors.ts',
    'memory.ts',
  ],
  report: ['rules', 'decide'],
  commands: [
    'rules',
    'decide',
    'io/xlsx',
    'io/workbook',
    'io/policy',
    'io/files',
    'io/documents',
    'io/approvals',
    'report',
    'errors.ts',
    'memory.ts',
    'package-root.ts',
    'version.ts',
  ],
};

describe('the xlsx engine (src/io/xlsx)', () => {
  const engine = FILES.filter((f) => room(f) === 'io/xlsx');

  it('is found', () => {
    expect(engine.map(rel)).toContain('io/xlsx/zip.ts');
    expect(engine.length).toBeGreaterThan(8);
  });

  it('imports nothing outside itself but Node, fflate and exceljs', () => {
    const bad: string[] = [];
    for (const f of engine) {
      for (const s of specifiers(readFileSync(f, 'utf8'))) {
        const ok = s.startsWith('./') || s.startsWith('node:') || s === 'fflate' || s === 'exceljs';
        if (!ok) bad.push(`${rel(f)} imports ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('names nothing of the domain, in code or comments', () => {
    const words =
      /cadre|roster|village|town|subsid|payout|approv|notice|policy|bank|province|花名册|干部|村|镇|补贴|审批|公示|代发|银行|校验|计算明细|制表人/i;
    const bad: string[] = [];
    for (const f of [...engine, join(SRC, 'io/xlsx/README.md')]) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (words.test(line)) bad.push(`${rel(f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });

  it('has one zip module, one XML module and one date module', () => {
    const named = (re: RegExp) => FILES.map(rel).filter((r) => re.test(r.split('/').pop() as string));
    expect(named(/(^|-)zip(\.|-)/)).toEqual(['io/xlsx/zip.ts']);
    expect(named(/(^|-)xml(\.|-)/)).toEqual(['io/xlsx/xml.ts']);
    expect(named(/(^|-)dates?(\.|-)/)).toEqual(['io/xlsx/dates.ts']);
  });
});

describe('the rooms of src/', () => {
  it('import only the rooms below them (docs/architecture.md)', () => {
    const bad: string[] = [];
    for (const f of FILES) {
      const from = room(f);
      const allowed = MAY_IMPORT[from];
      if (!allowed) continue; // cli.ts and the small files at the top
      for (const t of localImports(f)) {
        const to = room(t);
        if (to !== from && !allowed.includes(to)) bad.push(`${rel(f)} (${from}) imports ${rel(t)} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('have no import circle anywhere', () => {
    const graph = new Map(FILES.map((f) => [f, localImports(f)]));
    const state = new Map<string, 1 | 2>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      state.set(f, 1);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 1) circles.push([...path.slice(path.indexOf(t)), t].map(rel).join(' → '));
        else if (!state.has(t)) visit(t, [...path, t]);
      }
      state.set(f, 2);
    };
    for (const f of FILES) if (!state.has(f)) visit(f, [f]);
    expect(circles).toEqual([]);
  });
});
