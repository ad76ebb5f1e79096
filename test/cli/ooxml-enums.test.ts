import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { badAttributes } from '../helpers/ooxml-enums.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * issue 20: every output workbook, the template included, writes enumerated attributes only
 * within ECMA-376's enumerations (the template had errorStyle="error", which Excel repairs
 * away and openpyxl refuses).
 */
const work = tempDir('cadre-ooxml-');
const files: Record<string, string> = {};

beforeAll(async () => {
  const init = cli(['init', join(work, 'init')]);
  if (init.code !== 0) throw new Error(init.stderr);
  files.template = join(work, 'init', '村干部补贴-模板.xlsx');

  const input = join(work, 'input.xlsx');
  await writeWorkbook(input, sampleData());
  const out = join(work, 'out');
  const s = cli(['subsidy', input, '-o', out, '--prepared-by', '张三', '--as-of', '2012-12-31']);
  if (s.code !== 0) throw new Error(s.stderr);
  files.roster = join(out, '审批花名册-2012.xlsx');
  files.notice = join(out, '公示表-2012.xlsx');

  const l = cli(['ledger', input, '-o', join(work, 'ledger'), '--as-of', '2012-12-31']);
  if (l.code !== 0) throw new Error(l.stderr);
  const sup = readdirSync(join(work, 'ledger')).find((f) => f.startsWith('督办通知单'));
  if (!sup) throw new Error('no supervision notice was written');
  files.supervision = join(work, 'ledger', sup);

  const roster = join(work, 'roster.xlsx');
  copyFileSync(files.roster, roster);
  for (const [dept, by] of [
    ['组织部', '李四'],
    ['财政局', '王五'],
  ] as const) {
    const a = cli(['approve', roster, '--dept', dept, '--by', by]);
    if (a.code !== 0) throw new Error(a.stderr);
  }
  files.approved = roster;
  const bank = join(work, 'bank');
  const p = cli(['payout', roster, '--batch', 'base', '-o', bank, '--unsigned']);
  if (p.code !== 0) throw new Error(p.stderr);
  for (const f of readdirSync(bank)) files[`bank ${f}`] = join(bank, f);
});

describe('every output workbook is within ECMA-376 enumerations', () => {
  it('has written every kind of output', () => {
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['template', 'roster', 'notice', 'supervision', 'approved']),
    );
    expect(Object.keys(files).filter((k) => k.startsWith('bank ')).length).toBeGreaterThan(1);
  });

  it.each(['template', 'roster', 'notice', 'supervision', 'approved', 'bank'])('%s', (kind) => {
    const paths = Object.entries(files).filter(
      ([k]) => k === kind || (kind === 'bank' && k.startsWith('bank ')),
    );
    expect(paths.length).toBeGreaterThan(0);
    for (const [, path] of paths) {
      const { bad, checked } = badAttributes(readFileSync(path));
      expect(checked).toBeGreaterThan(10);
      expect(bad, path).toEqual([]);
    }
  });

  it('the template validations: stop where strict, 考核期 with its own error text and Q1–Q4/H1/H2', () => {
    const xml = new TextDecoder().decode(
      unzipSync(readFileSync(files.template as string))['xl/worksheets/sheet4.xml'],
    );
    const period = /<dataValidation [^>]*sqref="C2:.*?<\/dataValidation>/s.exec(xml)?.[0] ?? '';
    expect(period).toContain('一季度,二季度,三季度,四季度,上半年,下半年,Q1,Q2,Q3,Q4,H1,H2');
    expect(period).toContain('考核期写成');
    expect(period).not.toContain('书记兼主任');
    expect(xml).toMatch(/errorStyle="stop"/);
  });
});
