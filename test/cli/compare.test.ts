import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * decide.md `compare`: the sample city under the default policy and the three example plans
 * shipped in policies/, through the real CLI; every figure must equal what separate
 * `subsidy` runs with each policy pay, to the fen (per policy, per town, per cadre row).
 */
const CITY = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');
const POLICIES = ['rongcheng-2012', 'plan-inland-weak', 'plan-women-directors', 'plan-raised-bands'].map(
  (p) => join(ROOT, 'policies', `${p}.yaml`),
);

type Cadre = {
  idNumber: string;
  villageCode: string;
  town: string;
  role: string;
  name: string;
  paid: boolean;
  totalFen: number;
  shareFen: number;
  rewardFen: number;
  payableFen: number;
};
type Subsidy = {
  policy: { id: string; sha256: string };
  totals: { payableFen: number } & Record<string, number>;
  cadres: Cadre[];
};
type Towns = { town: string; paidCadres: number; totalFen: number; poolFen: number; payableFen: number }[];
type Dist = Record<'minFen' | 'p10Fen' | 'medianFen' | 'p90Fen' | 'maxFen' | 'under500' | 'over2000', number>;
type Compare = {
  ok: boolean;
  files: string[];
  policies: {
    id: string;
    sha256: string;
    totals: Record<string, number>;
    towns: Towns;
    distribution: Dist;
  }[];
  people: {
    idNumber: string;
    name: string;
    role: string;
    villageCode: string;
    payableFen: (number | null)[];
  }[];
};

const key = (x: { idNumber: string; villageCode: string; role: string }) =>
  `${x.idNumber}|${x.villageCode}|${x.role}`;

let out: string;
let cmp: Compare;
const subsidies: Subsidy[] = [];

beforeAll(() => {
  out = tempDir();
  const r = cli([
    'compare',
    CITY,
    '--as-of',
    '2012-12-31',
    ...POLICIES.flatMap((p) => ['--policy', p]),
    '-o',
    join(out, 'cmp'),
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  cmp = r.json() as unknown as Compare;
  POLICIES.forEach((p, i) => {
    const s = cli([
      'subsidy',
      CITY,
      '--as-of',
      '2012-12-31',
      '--policy',
      p,
      '-o',
      join(out, `s${i}`),
      '--json',
    ]);
    expect(s.code, s.stderr).toBe(0);
    subsidies.push(s.json() as unknown as Subsidy);
  });
}, 240_000);

/** The per-town figures, added up here from subsidy's own cadre rows. */
function townsOf(s: Subsidy): Towns {
  const m = new Map<string, Towns[number]>();
  for (const c of s.cadres) {
    const t = m.get(c.town) ?? { town: c.town, paidCadres: 0, totalFen: 0, poolFen: 0, payableFen: 0 };
    t.paidCadres += c.paid ? 1 : 0;
    t.totalFen += c.totalFen;
    t.poolFen += c.shareFen;
    t.payableFen += c.payableFen;
    m.set(c.town, t);
  }
  return [...m.values()];
}

describe('compare equals separate subsidy runs, to the fen', () => {
  it('lists the four policies with their ids and SHA-256, the baseline first', () => {
    expect(cmp.ok).toBe(true);
    expect(cmp.policies.map((p) => p.id)).toEqual(subsidies.map((s) => s.policy.id));
    expect(cmp.policies.map((p) => p.sha256)).toEqual(subsidies.map((s) => s.policy.sha256));
  });

  it('has the totals of each subsidy run', () => {
    cmp.policies.forEach((p, i) => {
      expect(p.totals).toEqual((subsidies[i] as Subsidy).totals);
    });
    // the plans do cost something: none equals the baseline
    const payable = cmp.policies.map((p) => p.totals.payableFen);
    expect(new Set(payable).size).toBe(4);
  });

  it('has per town what each subsidy run pays in that town', () => {
    cmp.policies.forEach((p, i) => {
      const expected = townsOf(subsidies[i] as Subsidy);
      expect(p.towns.slice().sort((a, b) => a.town.localeCompare(b.town))).toEqual(
        expected.sort((a, b) => a.town.localeCompare(b.town)),
      );
      expect(p.towns).toHaveLength(19);
    });
  });

  it('lists every cadre row once, with the payable of each subsidy run', () => {
    const base = subsidies[0] as Subsidy;
    expect(cmp.people).toHaveLength(base.cadres.length);
    expect(new Set(cmp.people.map(key)).size).toBe(cmp.people.length);
    const byKey = subsidies.map((s) => new Map(s.cadres.map((c) => [key(c), c])));
    let changed = 0;
    for (const p of cmp.people) {
      expect(p.payableFen).toHaveLength(4);
      p.payableFen.forEach((v, i) => {
        expect(v, `${key(p)} policy ${i}`).toBe(byKey[i]?.get(key(p))?.payableFen);
      });
      expect(p.name).toBe(byKey[0]?.get(key(p))?.name);
      if (p.payableFen[3] !== p.payableFen[0]) changed++;
    }
    expect(changed).toBeGreaterThan(1000);
  });

  it('gives the reward distribution of the paid rows of each run (nearest rank)', () => {
    cmp.policies.forEach((p, i) => {
      const r = (subsidies[i] as Subsidy).cadres
        .filter((c) => c.paid)
        .map((c) => c.rewardFen)
        .sort((a, b) => a - b);
      const at = (q: number) => r[Math.max(1, Math.ceil((r.length * q) / 100)) - 1];
      expect(p.distribution).toEqual({
        minFen: r[0],
        p10Fen: at(10),
        medianFen: at(50),
        p90Fen: at(90),
        maxFen: r[r.length - 1],
        under500: r.filter((x) => x < 50_000).length,
        over2000: r.filter((x) => x > 200_000).length,
      });
    });
    // the report's two figures: the highest reward near 2,000 yuan, some under 500
    expect(cmp.policies[0]?.distribution.maxFen).toBeGreaterThan(190_000);
    expect(cmp.policies[0]?.distribution.under500).toBeGreaterThan(0);
  });
});

describe('政策测算-2012.xlsx read back', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    expect(cmp.files).toEqual([
      join(out, 'cmp', '政策测算-2012.xlsx'),
      join(out, 'cmp', '政策测算-2012.html'),
    ]);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(cmp.files[0] as string)) as unknown as ArrayBuffer);
  });

  /** Rows of a sheet's first table as header → value, from the header row on. */
  function table(name: string, headerRow: number): Record<string, unknown>[] {
    const ws = wb.getWorksheet(name) as ExcelJS.Worksheet;
    const head = Array.from(ws.getRow(headerRow).values as unknown[], (v) => String(v ?? ''));
    const rows: Record<string, unknown>[] = [];
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const vals = ws.getRow(r).values as unknown[];
      if (!vals.length || vals[1] === undefined || vals[1] === null) break;
      rows.push(
        Object.fromEntries(head.map((h, k) => [h, (vals[k] as { result?: unknown })?.result ?? vals[k]])),
      );
    }
    return rows;
  }

  it('has the sheets of decide.md', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按镇街', '按职务', '按人', '政策', '校验']);
  });

  it('汇总 and 按镇街 hold each subsidy run’s totals in yuan', () => {
    const sum = table('汇总', 2);
    expect(sum).toHaveLength(4);
    sum.forEach((row, i) => {
      const t = (subsidies[i] as Subsidy).totals;
      expect(Math.round(Number(row.应发合计) * 100)).toBe(t.payableFen);
      expect(Math.round(Number(row.与基准差额) * 100)).toBe(
        t.payableFen - (subsidies[0] as Subsidy).totals.payableFen,
      );
    });
    const towns = table('按镇街', 2);
    expect(towns.map((r) => r.镇街)).toContain('合计');
    const expected = townsOf(subsidies[3] as Subsidy);
    for (const t of expected) {
      const row = towns.find((r) => r.镇街 === t.town) as Record<string, unknown>;
      expect(Math.round(Number(row['方案3·应发合计']) * 100)).toBe(t.payableFen);
      expect(row['方案3·计发人数']).toBe(t.paidCadres);
    }
  });

  it('按人 holds every row with its payable under each policy, IDs as text', () => {
    const rows = table('按人', 2);
    expect(rows).toHaveLength((subsidies[0] as Subsidy).cadres.length);
    const labels = ['基准', '方案1', '方案2', '方案3'];
    const byKey = subsidies.map((s) => new Map(s.cadres.map((c) => [key(c), c])));
    for (const row of rows) {
      expect(typeof row.身份证号).toBe('string');
      const k = key({
        idNumber: String(row.身份证号),
        villageCode: String(row.村代码),
        role: String(row.职务),
      });
      labels.forEach((l, i) => {
        expect(Math.round(Number(row[`${l}·应发合计`]) * 100)).toBe(byKey[i]?.get(k)?.payableFen);
      });
    }
  });

  it('政策 names each policy with its SHA-256', () => {
    const rows = table('政策', 2);
    expect(rows.map((r) => r['SHA-256'])).toEqual(cmp.policies.map((p) => p.sha256));
  });
});

describe('the terminal summary', () => {
  it('says in Chinese what each plan costs, per town and per role, and who gains, with no ID number', () => {
    const r = cli([
      'compare',
      CITY,
      '--as-of',
      '2012-12-31',
      '--policy',
      POLICIES[3] as string,
      '--lang',
      'zh',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const base = (subsidies[0] as Subsidy).totals.payableFen;
    const plan = (subsidies[3] as Subsidy).totals.payableFen;
    const yuan = (f: number) => (f / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(r.stdout).toContain(`+${yuan(plan - base)}`);
    for (const text of [
      '按镇街',
      '按职务',
      '奖励补贴分布',
      '方案1：增加最多的 10 人',
      '方案1：无人减少',
      '崖头街道',
      '妇女主任',
    ])
      expect(r.stdout).toContain(text);
    for (const c of (subsidies[0] as Subsidy).cadres) expect(r.stdout.includes(c.idNumber)).toBe(false);
  });
});

describe('compare refuses what it cannot compare', () => {
  it('with no --policy: a usage error (exit 2)', () => {
    const r = cli(['compare', CITY, '--json']);
    expect(r.code).toBe(2);
    expect((r.json().findings as { code: string }[])[0]?.code).toBe('compare_no_policy');
  });

  it('with one --policy the built-in default is the baseline, and nothing is written without -o', () => {
    const r = cli(['compare', CITY, '--as-of', '2012-12-31', '--policy', POLICIES[3] as string, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json() as unknown as Compare;
    expect(j.policies.map((p) => p.id)).toEqual(['rongcheng-2012', 'rongcheng-2012-plan-raised-bands']);
    expect(j.files).toEqual([]);
    expect(j.policies[1]?.totals).toEqual(subsidies[3]?.totals);
  });

  it("a policy of another city is an input error (exit 1), another year's a warning", async () => {
    const text = await readFile(POLICIES[3] as string, 'utf8');
    const other = join(out, 'other-city.yaml');
    writeFileSync(other, text.replace('city: 荣成市', 'city: 文登市'));
    const r = cli(['compare', CITY, '--as-of', '2012-12-31', '--policy', other, '--json']);
    expect(r.code).toBe(1);
    expect((r.json().findings as { code: string }[]).map((f) => f.code)).toEqual(['compare_city_mismatch']);
    const year = join(out, 'other-year.yaml');
    writeFileSync(year, text.replace('year: 2012', 'year: 2013'));
    const y = cli(['compare', CITY, '--policy', year, '--json', '--lang', 'zh']);
    expect(y.code, y.stderr).toBe(0);
    const f = (y.json().findings as { code: string; level: string; message: string }[]).find(
      (x) => x.code === 'compare_year_differs',
    );
    expect(f?.level).toBe('warning');
    expect(f?.message).toContain('2012-12-31');
  });
});
