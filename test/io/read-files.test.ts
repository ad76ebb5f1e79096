import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { readWorkbooks } from '../../src/io/workbook/read.js';
import type { Policy } from '../../src/rules/types.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';
import { type BadKind, makeBad } from './bad-files.js';

let policy: Policy;
beforeAll(async () => {
  policy = (await loadPolicy()).policy;
});

async function refusal(paths: string[]): Promise<ExitError> {
  try {
    await readWorkbooks(paths, policy, { need: ['villages', 'cadres'] });
  } catch (e) {
    if (e instanceof ExitError) return e;
    throw e;
  }
  throw new Error('expected the reader to refuse');
}

const KINDS: [BadKind, string][] = [
  ['file_missing', 'file_missing'],
  ['no_workbooks', 'no_workbooks'],
  ['xls_old', 'xls_old'],
  ['not_xlsx_csv', 'not_xlsx'],
  ['not_xlsx_html', 'not_xlsx'],
  ['encrypted', 'encrypted'],
  ['corrupt_truncated', 'corrupt'],
  ['corrupt_xml', 'corrupt'],
  ['empty_file', 'empty_file'],
  ['too_large', 'too_large'],
  ['sheet_too_many_rows', 'sheet_too_large'],
  ['sheet_too_many_columns', 'sheet_too_large'],
];

describe('a file that cannot be read is refused with exit 4', () => {
  it.each(KINDS)('%s → %s', async (kind, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-bad-'));
    const path = await makeBad(dir, kind);
    const e = await refusal([path]);
    expect(e.code).toBe(4);
    expect(e.findings.map((f) => [f.level, f.code, f.file])).toEqual([['error', code, path]]);
  });

  it('says what a renamed file really is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-bad-'));
    const csv = await refusal([await makeBad(dir, 'not_xlsx_csv')]);
    const html = await refusal([await makeBad(dir, 'not_xlsx_html')]);
    expect([csv.findings[0]?.params?.kind, html.findings[0]?.params?.kind]).toEqual(['CSV', 'HTML']);
  });

  it('gives the declared size and the limit of a workbook too large to read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-bad-'));
    const e = await refusal([await makeBad(dir, 'too_large')]);
    expect(e.findings[0]?.params).toMatchObject({ limit: '2048.0 MB' });
    expect(String(e.findings[0]?.params?.size)).toMatch(/^28\d\d\.\d MB$/);
  });

  it('collects every unreadable file of the run before refusing, not just the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-bad-'));
    const good = join(dir, 'good.xlsx');
    await writeWorkbook(good, sampleData());
    const paths = [
      await makeBad(dir, 'file_missing'),
      good,
      await makeBad(dir, 'empty_file'),
      await makeBad(dir, 'xls_old'),
      await makeBad(dir, 'encrypted'),
    ];
    const e = await refusal(paths);
    expect(e.code).toBe(4);
    expect(e.findings.map((f) => f.code).sort()).toEqual([
      'empty_file',
      'encrypted',
      'file_missing',
      'xls_old',
    ]);
  });
});

describe('folders', () => {
  it('skips an Excel lock file with a warning and reads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-lock-'));
    await writeWorkbook(join(dir, '石岛.xlsx'), sampleData());
    writeFileSync(join(dir, '~$石岛.xlsx'), Buffer.from([0x0b, 0x00, 0x41, 0x00]));
    const r = await readWorkbooks([dir], policy, { need: ['villages', 'cadres'] });
    expect(r.files.map((f) => f.name)).toEqual(['石岛.xlsx']);
    expect(r.findings.filter((f) => f.code === 'lock_file_skipped').map((f) => [f.level, f.file])).toEqual([
      ['warning', join(dir, '~$石岛.xlsx')],
    ]);
    expect(r.input.cadres).toHaveLength(9);
  });

  it('refuses a folder holding an old .xls beside the workbooks, so no town goes missing unnoticed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-mixed-'));
    await writeWorkbook(join(dir, '石岛.xlsx'), sampleData());
    await makeBad(dir, 'xls_old');
    const e = await refusal([dir]);
    expect(e.findings.map((f) => f.code)).toEqual(['xls_old']);
  });

  it('ignores other files and sub-folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-other-'));
    await writeWorkbook(join(dir, '石岛.xlsx'), sampleData());
    writeFileSync(join(dir, '说明.docx'), 'x');
    mkdirSync(join(dir, '旧'));
    await writeWorkbook(join(dir, '旧', '旧版.xlsx'), sampleData());
    const r = await readWorkbooks([dir], policy, { need: ['villages', 'cadres'] });
    expect(r.files.map((f) => f.name)).toEqual(['石岛.xlsx']);
  });

  it('reads a file given twice (or a file and its folder) once, with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-twice-'));
    const f = join(dir, '石岛.xlsx');
    await writeWorkbook(f, sampleData());
    const r = await readWorkbooks([f, dir], policy, { need: ['villages', 'cadres'] });
    expect(r.files).toHaveLength(1);
    expect(r.findings.filter((x) => x.level === 'error')).toEqual([]);
    expect(r.findings.map((x) => x.code)).toContain('duplicate_input');
  });

  it('names files by their path when two inputs share a base name', async () => {
    const a = mkdtempSync(join(tmpdir(), 'cadre-calc-a-'));
    const b = mkdtempSync(join(tmpdir(), 'cadre-calc-b-'));
    const data = sampleData();
    await writeWorkbook(join(a, '报表.xlsx'), {
      villages: data.villages?.slice(0, 2),
      cadres: data.cadres?.slice(0, 2),
    });
    await writeWorkbook(join(b, '报表.xlsx'), {
      villages: data.villages?.slice(2),
      cadres: data.cadres?.slice(4),
    });
    const r = await readWorkbooks([join(a, '报表.xlsx'), join(b, '报表.xlsx')], policy, {
      need: ['villages', 'cadres'],
    });
    expect(r.input.villages.map((v) => v.src.file)).toEqual([
      join(a, '报表.xlsx'),
      join(a, '报表.xlsx'),
      join(b, '报表.xlsx'),
      join(b, '报表.xlsx'),
    ]);
    expect(r.files.map((f) => f.name)).toEqual(['报表.xlsx', '报表.xlsx']);
  });
});

describe('sheets a command needs', () => {
  it('are required in every workbook of the run, so no town’s cadres are silently left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-need-'));
    const data = sampleData();
    await writeWorkbook(join(dir, 'a.xlsx'), data);
    await writeWorkbook(join(dir, 'b.xlsx'), {
      villages: [{ code: '371082005001', name: '北村', town: '俚岛镇', households: 90 }],
    });
    const r = await readWorkbooks([dir], policy, { need: ['villages', 'cadres'] });
    expect(r.findings.filter((f) => f.level === 'error').map((f) => [f.code, f.file, f.sheet])).toEqual([
      ['sheet_missing', 'b.xlsx', '干部'],
    ]);
  });

  it('are only looked at when optional: a workbook without 承诺台账 is fine for validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-opt-'));
    const data = sampleData();
    await writeWorkbook(join(dir, 'a.xlsx'), { villages: data.villages, cadres: data.cadres });
    const r = await readWorkbooks([dir], policy, { need: ['villages', 'cadres'] });
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.input.commitments).toEqual([]);
  });
});

describe('progress', () => {
  it('reports each sheet’s rows and the end of each file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-progress-'));
    await writeWorkbook(join(dir, 'a.xlsx'), sampleData());
    const seen: string[] = [];
    await readWorkbooks([dir], policy, {
      need: ['villages'],
      onProgress: (p) => seen.push(`${p.file}:${p.stage}:${p.rows}`),
    });
    expect(seen).toEqual([
      'a.xlsx:open:0',
      'a.xlsx:村庄:4',
      'a.xlsx:干部:8',
      'a.xlsx:承诺台账:6',
      'a.xlsx:考核评分:8',
      'a.xlsx:done:26',
    ]);
  });
});
