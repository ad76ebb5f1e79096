import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyFromRecord, type RecordedPolicy } from '../../src/decide/policy-record.js';
import { readRosterLean } from '../../src/io/documents/roster/read.js';
import { loadPolicy } from '../../src/io/policy/policy.js';
import type { Policy } from '../../src/rules/types.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * `diff` and `explain` take no --policy: what they need of it is recorded by `subsidy` in
 * the roster's 校验 sheet (table 政策参数). Made by the real CLI under the default policy and
 * under one that changes every parameter the chain uses, read back from the file.
 */

function recorded(p: Policy): RecordedPolicy {
  return {
    rounding: p.rounding,
    bands: p.bands,
    roles: p.roles.map((r) => ({ name: r.name, ratio: r.ratio, cap: r.cap, order: r.order })),
    unpaidRoles: p.unpaidRoles,
    concurrentPosts: p.concurrentPosts,
    reward: p.reward,
    score: p.score,
    deposit: p.deposit,
    approval: p.approval,
    uplift: p.uplift,
  };
}

const OTHER_POLICY = (text: string): string =>
  text
    .replace(/^rounding: fen/m, 'rounding: jiao')
    .replace(/^ {2}pool_scope: city/m, '  pool_scope: town')
    .replace(/^ {2}method: above_floor/m, '  method: grades')
    .replace(/^ {2}floor: 60/m, '  floor: 65')
    .replace(/^ {2}forfeit: redistribute/m, '  forfeit: return')
    .replace('{ max_households: 200, amount: 1500 }', '{ max_households: 220, amount: 1550.5 }')
    .replace('required: [组织部, 财政局]', 'required: [组织部, 财政局, 农业农村局]')
    .replace(
      /\nnotice:/,
      '\nuplift:\n  weak_village: 1.1\n  inland_town: 1.05\n  inland_towns: [宁津街道]\nnotice:',
    );

let dir: string;
let input: string;

beforeAll(async () => {
  dir = tempDir();
  input = join(dir, 'in.xlsx');
  await writeWorkbook(input, sampleData());
});

describe('subsidy records the policy parameters in the roster', () => {
  it('under the default policy', async () => {
    const out = join(dir, 'default');
    const r = cli(['subsidy', input, '--as-of', '2012-12-31', '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const roster = await readRosterLean(join(out, '审批花名册-2012.xlsx'));
    const rec = policyFromRecord(roster.manifest?.policyParams);
    expect(rec).toEqual(recorded((await loadPolicy()).policy));
    expect(rec?.reward.floor.toString()).toBe('60');
  });

  it('under a policy that changes rounding, scope, method, floor, forfeit, a band, approvals and uplift', async () => {
    const file = join(dir, 'other.yaml');
    writeFileSync(file, OTHER_POLICY(readFileSync(join(ROOT, 'policies', 'rongcheng-2012.yaml'), 'utf8')));
    const policy = (await loadPolicy(file)).policy;
    expect(policy.reward.method).toBe('grades');
    expect(policy.uplift?.inlandTowns).toEqual(['宁津街道']);
    const out = join(dir, 'other');
    const r = cli(['subsidy', input, '--as-of', '2012-12-31', '-o', out, '--policy', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const roster = await readRosterLean(join(out, '审批花名册-2012.xlsx'));
    const rec = policyFromRecord(roster.manifest?.policyParams);
    expect(rec).toEqual(recorded(policy));
    expect(rec?.reward.floor.toString()).toBe('65');
    expect(rec?.bands[1]?.amountFen).toBe(155050);
  });

  it('keeps it through approve, and the public notice has none', async () => {
    const out = join(dir, 'default');
    const roster = join(out, '审批花名册-2012.xlsx');
    const a = cli(['approve', roster, '--dept', '组织部', '--by', '李四', '--json']);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    const back = await readRosterLean(roster);
    expect(back.manifest?.approvals).toHaveLength(1);
    expect(policyFromRecord(back.manifest?.policyParams)).toEqual(recorded((await loadPolicy()).policy));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '公示表-2012.xlsx'));
    const texts: string[] = [];
    wb.getWorksheet('校验')?.eachRow((row) => {
      texts.push(String(row.getCell(1).value ?? ''));
    });
    expect(texts).toContain('工具版本');
    expect(texts).not.toContain('政策参数');
  });

  it('reads an edited value as no record at all, not as a policy', () => {
    expect(policyFromRecord(undefined)).toBeNull();
    expect(policyFromRecord([['积分起点', '"sixty"', '']])).toBeNull();
  });
});
