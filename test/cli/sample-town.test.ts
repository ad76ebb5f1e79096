import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SHARED, tempDir } from '../helpers/cli.js';

/**
 * The public example (shared/examples/sample-town): expected.json was computed by an
 * independent implementation of spec/rules.md. Every cadre row, village, pool and total.
 */
const dir = join(SHARED, 'examples', 'sample-town');
const have = existsSync(join(dir, 'expected.json'));

describe.skipIf(!have)('the public sample town through the real CLI', () => {
  const expected = have ? JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) : {};
  const out = tempDir();
  const run = cli(['subsidy', join(dir, 'input.xlsx'), '--as-of', expected.asOf, '--json', '-o', out]);
  const report = run.code === 0 ? run.json() : {};

  it('exits 0 and prints one JSON object', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(expected.exit);
    expect(report.ok).toBe(true);
  });

  it('reports the policy, the as-of date and final (not provisional) results', () => {
    expect((report.policy as { id: string }).id).toBe(expected.policyId);
    expect(report.asOf).toBe(expected.asOf);
    expect(report.provisional).toBe(false);
  });

  it('matches every total to the fen', () => {
    expect(report.totals).toEqual(expected.totals);
  });

  it('matches the pool, its points and its remainder', () => {
    const pools = report.pools as Record<string, unknown>[];
    expect(
      pools.map((p) => ({
        scope: p.scope,
        poolFen: p.poolFen,
        allocatedFen: p.allocatedFen,
        remainderFen: p.remainderFen,
        points: p.points,
      })),
    ).toEqual(expected.pools);
  });

  it('matches every village standard and score', () => {
    const got = (report.villages as Record<string, unknown>[]).map((v) => ({
      code: v.code,
      households: v.households,
      standardFen: v.standardFen,
      score: v.score,
    }));
    expect(got).toEqual(expected.villages);
  });

  it('matches every cadre row: paid, amounts, score, grade, points, deposit and sanction', () => {
    const fields = [
      'idNumber',
      'villageCode',
      'role',
      'months',
      'paid',
      'totalFen',
      'shareFen',
      'baseFen',
      'score',
      'grade',
      'rewardFen',
      'payableFen',
      'depositForfeitFen',
      'sanction',
      'name',
      'points',
    ];
    const pick = (c: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, c[f]]));
    expect((report.cadres as Record<string, unknown>[]).map(pick)).toEqual(expected.cadres.map(pick));
  });

  it('writes the files the spec names', () => {
    const files = (report.files as string[]).map((f) => f.split(/[\\/]/).pop());
    // expected.json predates decide.md's HTML report, which subsidy now writes beside them
    // (outputs.md's --json example lists it).
    expect(files).toEqual([...expected.files, '补贴报告-2012.html']);
    for (const f of report.files as string[]) expect(existsSync(f)).toBe(true);
  });
});
