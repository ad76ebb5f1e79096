import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house (BRIEF: "pure compare/diff/explain logic (no fs) in src/decide/"): src/decide
 * imports only its own files and the pure core src/rules (no node:*, no exceljs, nothing
 * from io/, commands/ or report/), and reads no clock and no process.
 */
const DECIDE = fileURLToPath(new URL('../../src/decide/', import.meta.url));

describe('src/decide', () => {
  const files = readdirSync(DECIDE).filter((f) => f.endsWith('.ts'));

  it('has the diff, explain and policy-record logic', () => {
    expect(files).toEqual(expect.arrayContaining(['diff.ts', 'explain.ts', 'policy-record.ts', 'types.ts']));
  });

  it.each(files)('%s imports only src/decide and src/rules, and touches no clock or process', (f) => {
    const src = readFileSync(path.join(DECIDE, f), 'utf8');
    const specs = [...src.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] as string);
    for (const s of specs) expect(s, `${f} imports ${s}`).toMatch(/^\.\/|^\.\.\/rules\//);
    expect(src).not.toMatch(/\bprocess\s*\.|\bDate\s*\.\s*now\b|new\s+Date\s*\(\s*\)|\bconsole\s*\./);
  });
});
