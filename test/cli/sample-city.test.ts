import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The shipped sample city (fixtures/sample-city) through the real CLI: it must keep
 * reproducing the experience report's figures (spec/README.md), and the same data split
 * into one workbook per town (the year-end batch) must give the same amounts to the fen.
 */
type Cadre = {
  idNumber: string;
  villageCode: string;
  role: string;
  paid: boolean;
  totalFen: number;
  baseFen: number;
  rewardFen: number;
  payableFen: number;
  depositForfeitFen: number;
  sanction: string | null;
};
type Report = {
  ok: boolean;
  totals: Record<string, number>;
  pools: { scope: string; poolFen: number; allocatedFen: number; remainderFen: number }[];
  villages: { town: string }[];
  cadres: Cadre[];
};

const CITY = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');
let city: Report;
let batch: Report;
let batchCode = -1;

beforeAll(() => {
  const out = tempDir();
  const r = cli(['subsidy', CITY, '--as-of', '2012-12-31', '--json', '-o', join(out, 'city')]);
  expect(r.code, r.stderr).toBe(0);
  city = r.json() as unknown as Report;
  const towns = join(out, 'towns');
  execFileSync(
    process.execPath,
    [join(ROOT, 'fixtures', 'generate.mjs'), '--out', join(out, 'regen'), '--split', towns],
    {
      stdio: 'pipe',
    },
  );
  const b = cli(['subsidy', towns, '--as-of', '2012-12-31', '--json', '-o', join(out, 'batch')]);
  batchCode = b.code;
  batch = b.code === 0 ? (b.json() as unknown as Report) : ({} as Report);
}, 240_000);

describe('the sample city reproduces the experience report', () => {
  it('has 19 towns, 858 villages and about 2,240 cadre rows', () => {
    expect(new Set(city.villages.map((v) => v.town)).size).toBe(19);
    expect(city.villages).toHaveLength(858);
    expect(city.totals.cadres).toBeGreaterThanOrEqual(2200);
    expect(city.totals.cadres).toBeLessThanOrEqual(2280);
  });

  it('pays total subsidies of a little over 3.1 million yuan', () => {
    expect(city.totals.totalFen).toBeGreaterThan(310_000_000);
    expect(city.totals.totalFen).toBeLessThan(316_000_000);
  });

  it('gives a highest reward near 2,000 yuan and a lowest non-zero reward under 500', () => {
    const rewards = city.cadres.map((c) => c.rewardFen).filter((r) => r > 0);
    expect(Math.max(...rewards)).toBeGreaterThan(190_000);
    expect(Math.max(...rewards)).toBeLessThan(205_000);
    expect(Math.min(...rewards)).toBeLessThan(50_000);
  });

  it('hands out the whole city pool to the fen', () => {
    expect(city.pools).toHaveLength(1);
    const [pool] = city.pools;
    expect(pool?.allocatedFen).toBe(pool?.poolFen);
    expect(city.totals.rewardFen).toBe(city.totals.shareFen);
  });
});

describe('the year-end batch over one workbook per town', () => {
  it('runs over the folder of 19 town workbooks', () => {
    expect(batchCode).toBe(0);
  });

  it('gives every cadre row the same amounts, to the fen, as the one city workbook', () => {
    const key = (c: Cadre) => `${c.idNumber}/${c.villageCode}/${c.role}`;
    const pick = (c: Cadre) => [
      c.paid,
      c.totalFen,
      c.baseFen,
      c.rewardFen,
      c.payableFen,
      c.depositForfeitFen,
      c.sanction,
    ];
    const one = new Map(city.cadres.map((c) => [key(c), pick(c)]));
    const many = new Map(batch.cadres.map((c) => [key(c), pick(c)]));
    expect(many.size).toBe(one.size);
    expect(Object.fromEntries(many)).toEqual(Object.fromEntries(one));
  });

  it('forms one city-wide pool across all files with the same totals', () => {
    expect(batch.pools).toEqual(city.pools);
    expect(batch.totals).toEqual(city.totals);
  });
});
