import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import {
  type CadreRow,
  type CommitmentRow,
  makeCard,
  makeId,
  type ScoreRow,
  type VillageRow,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

/**
 * Year end in `subsidy` (rules.md §6) through the real CLI: deposits forfeited in
 * proportion to the unkept items, rounded to each unit, and sanctions — 诫勉谈话 the first
 * year, 动员辞职 the second year in a row, read from last year's roster that this tool
 * itself wrote (--previous). Expected amounts are worked by hand from the policy's
 * deposits (书记 1,000, 主任 800, 会计 600 yuan).
 */

const POLICY_TEXT = readFileSync(join(ROOT, 'policies', 'rongcheng-2012.yaml'), 'utf8');

function edit(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`edit: "${from}" must occur exactly once`);
  return text.replace(from, to);
}

/** A copy of the default policy with some lines replaced, written to `dir`. */
function policyCopy(dir: string, name: string, edits: [string, string][]): string {
  let t = POLICY_TEXT;
  for (const [from, to] of edits) t = edit(t, from, to);
  const file = join(dir, name);
  writeFileSync(file, t);
  return file;
}

const YEAR_2011: [string, string][] = [
  ['id: rongcheng-2012', 'id: rongcheng-2011'],
  ['year: 2012', 'year: 2011'],
];

const id = (birth: string, seq: string) => makeId('371082', birth, seq);
const P = {
  a: id('19650412', '123'), // A's secretary both years
  b: id('19701102', '234'), // A's director in 2011, B's director in 2012
  c: id('19800229', '345'), // B's secretary both years
  d: id('19591231', '456'), // A's accountant, new in 2012
  e: id('19721015', '567'), // C's secretary and director (一肩挑)
  f: id('19880808', '678'), // A's women's director (unpaid role)
};
const card = (k: number) => makeCard(`6221591${k}`);

const VILLAGES: VillageRow[] = [
  { code: '371082001001', name: '东山村', town: '石岛镇', households: 350 },
  { code: '371082001002', name: '西河村', town: '石岛镇', households: 80 },
  { code: '371082002001', name: '南庄村', town: '港湾街道', households: 450 },
];
const [A, B, C] = VILLAGES.map((v) => v.code as string) as [string, string, string];

const scores = (): ScoreRow[] =>
  VILLAGES.flatMap((v) => [
    { villageCode: v.code, period: 'H1', score: 85 },
    { villageCode: v.code, period: 'H2', score: 88 },
  ]);

/** `n` items of village `v`, all passed, numbered from `from`, due in `year`. */
function passed(v: string, year: number, n: number, from = 1): CommitmentRow[] {
  return Array.from({ length: n }, (_, i) => ({
    villageCode: v,
    itemNo: String(from + i).padStart(2, '0'),
    content: `承诺事项${from + i}`,
    due: `${year}-0${1 + (i % 9)}-15`,
    status: '已完成',
    result: '合格',
  }));
}

async function readSheet(file: string, sheet: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${file}`);
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    rows.push(cells);
  });
  return rows;
}

/** The 践诺奖惩 data rows as objects keyed by header (the header row is the one with 身份证号). */
async function depositRows(roster: string): Promise<Record<string, string>[]> {
  const rows = await readSheet(roster, '践诺奖惩');
  const h = rows.findIndex((r) => r.includes('身份证号'));
  const headers = rows[h] as string[];
  return rows
    .slice(h + 1)
    .filter((r) => /^\d{17}[\dX]$/.test(r[headers.indexOf('身份证号')] ?? ''))
    .map((r) => Object.fromEntries(headers.map((k, i) => [k, r[i] ?? ''])));
}

type Cadre = {
  idNumber: string;
  villageCode: string;
  role: string;
  sanction: string | null;
  depositForfeitFen: number;
};

describe('deposits forfeited at year end, to the fen, under each rounding unit', () => {
  // Village A: 7 assessed items, 1 failed (plus a pending one that counts nowhere) → 1/7 of
  // each deposit. Village C: 2 assessed, 1 overdue → 1/2. Village B: all passed → no deposit.
  const data = {
    villages: VILLAGES,
    cadres: [
      { idNumber: P.a, name: '王建国', villageCode: A, role: '书记', account: card(1) },
      { idNumber: P.b, name: '李秀英', villageCode: A, role: '主任', account: card(2) },
      { idNumber: P.d, name: '赵会计', villageCode: A, role: '会计', months: 7, account: card(3) },
      { idNumber: P.f, name: '孙妇女', villageCode: A, role: '妇女主任', account: card(4) },
      { idNumber: P.c, name: '张明', villageCode: B, role: '书记', account: card(5) },
      { idNumber: P.e, name: '刘一肩', villageCode: C, role: '书记兼主任', account: card(6) },
    ] as CadreRow[],
    commitments: [
      ...passed(A, 2012, 6),
      {
        villageCode: A,
        itemNo: '07',
        content: '修建村级道路',
        due: '2012-09-30',
        status: '已完成',
        result: '不合格',
      },
      { villageCode: A, itemNo: '08', content: '年末走访', due: '2012-12-31', status: '进行中' },
      ...passed(B, 2012, 3),
      ...passed(C, 2012, 1),
      { villageCode: C, itemNo: '02', content: '改造危房', due: '2012-11-30', status: '未完成' },
    ] as CommitmentRow[],
    scores: scores(),
  };

  // deposit × 1/7 (A) or × 1/2 (C), rounded half up to the unit, in fen.
  //   书记 1000/7 = 142.857…  主任 800/7 = 114.285…  会计 600/7 = 85.714…  C 书记 1000/2 = 500
  const expected: Record<'fen' | 'jiao' | 'yuan', Record<string, number>> = {
    fen: { [P.a]: 14286, [P.b]: 11429, [P.d]: 8571, [P.e]: 50000 },
    jiao: { [P.a]: 14290, [P.b]: 11430, [P.d]: 8570, [P.e]: 50000 },
    yuan: { [P.a]: 14300, [P.b]: 11400, [P.d]: 8600, [P.e]: 50000 },
  };
  const DEPOSIT: Record<string, number> = { [P.a]: 100000, [P.b]: 80000, [P.d]: 60000, [P.e]: 100000 };

  let dir: string;
  let input: string;
  beforeAll(async () => {
    dir = tempDir('cadre-deposit-');
    input = join(dir, 'city-2012.xlsx');
    await writeWorkbook(input, data);
  });

  it.each(['fen', 'jiao', 'yuan'] as const)(
    'rounding %s: the forfeit is deposit × unkept/assessed rounded half up to the unit, the rest refunded',
    async (unit) => {
      const policy =
        unit === 'fen'
          ? []
          : ['--policy', policyCopy(dir, `p-${unit}.yaml`, [['rounding: fen', `rounding: ${unit}`]])];
      const out = join(dir, `out-${unit}`);
      const r = cli(['subsidy', input, ...policy, '--as-of', '2012-12-31', '-o', out, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const cadres = r.json().cadres as Cadre[];
      const forfeits = Object.fromEntries(
        cadres.filter((c) => c.depositForfeitFen > 0).map((c) => [c.idNumber, c.depositForfeitFen]),
      );
      expect(forfeits).toEqual(expected[unit]);
      // No deposit for the unpaid women's director, the second post of 一肩挑, or village B.
      const nothing = cadres.filter((c) => c.sanction === null).map((c) => `${c.idNumber} ${c.role}`);
      expect(nothing.sort()).toEqual([`${P.c} 书记`, `${P.e} 主任`, `${P.f} 妇女主任`].sort());

      const sheet = await depositRows(join(out, '审批花名册-2012.xlsx'));
      expect(sheet.map((s) => s.身份证号).sort()).toEqual(Object.keys(expected[unit]).sort());
      for (const s of sheet) {
        const idn = s.身份证号 as string;
        const yuan = (fenAmount: number) => fenAmount / 100;
        expect(Number(s.保证金)).toBe(yuan(DEPOSIT[idn] as number));
        expect(Number(s.扣发)).toBe(yuan(expected[unit][idn] as number));
        expect(Number(s.退还)).toBe(yuan((DEPOSIT[idn] as number) - (expected[unit][idn] as number)));
        expect(s.处理).toBe('诫勉谈话');
      }
    },
  );

  it('the commitment component C = 100 × passed / assessed enters the composite score with weight 0.2', () => {
    const r = cli(['subsidy', input, '--as-of', '2012-12-31', '-o', join(dir, 'out-score'), '--json']);
    expect(r.code).toBe(0);
    const v = Object.fromEntries(
      (r.json().villages as { code: string; commitments: string | null; score: string }[]).map((x) => [
        x.code,
        x,
      ]),
    );
    // A: 6 of 7 → C = 600/7 = 85.714…; H = (85 + 88)/2 = 86.5; no quarterly score, so
    // S = (0.5 × 86.5 + 0.2 × 600/7) / 0.7 = (43.25 + 120/7) / 0.7 = 86.2755… → 86.28.
    expect(v[A]?.commitments).toBe('85.71');
    expect(v[A]?.score).toBe('86.28');
    // B: all passed → C = 100; S = (43.25 + 20) / 0.7 = 90.357… → 90.36.
    expect(v[B]?.commitments).toBe('100.00');
    expect(v[B]?.score).toBe('90.36');
    // C: 1 of 2 → 50; S = (43.25 + 10) / 0.7 = 76.071… → 76.07.
    expect(v[C]?.score).toBe('76.07');
  });

  it('before year end nothing is forfeited and nobody is sanctioned', () => {
    const r = cli(['subsidy', input, '--as-of', '2012-11-30', '-o', join(dir, 'out-nov'), '--json']);
    expect(r.code).toBe(0);
    const cadres = r.json().cadres as Cadre[];
    expect(cadres.map((c) => [c.sanction, c.depositForfeitFen])).toEqual(cadres.map(() => [null, 0]));
  });
});

describe('sanctions: 诫勉谈话 the first year, 动员辞职 the second year in a row (--previous)', () => {
  let dir: string;
  let roster2011: string;
  let input2012: string;
  let policy2011: string;

  const cadres2011: CadreRow[] = [
    { idNumber: P.a, name: '王建国', villageCode: A, role: '书记', account: card(1) },
    { idNumber: P.b, name: '李秀英', villageCode: A, role: '主任', account: card(2) },
    { idNumber: P.c, name: '张明', villageCode: B, role: '书记', account: card(5) },
  ];
  const cadres2012: CadreRow[] = [
    { idNumber: P.a, name: '王建国', villageCode: A, role: '书记', account: card(1) },
    { idNumber: P.d, name: '赵会计', villageCode: A, role: '会计', account: card(3) },
    { idNumber: P.c, name: '张明', villageCode: B, role: '书记', account: card(5) },
    // Sanctioned in A last year, now in B: the second year counts whichever village it was.
    { idNumber: P.b, name: '李秀英', villageCode: B, role: '主任', account: card(2) },
    { idNumber: P.e, name: '刘一肩', villageCode: C, role: '书记', account: card(6) },
  ];
  const overdue = (v: string, year: number, no: string): CommitmentRow => ({
    villageCode: v,
    itemNo: no,
    content: '改造危房',
    due: `${year}-10-31`,
    status: '未完成',
  });

  beforeAll(async () => {
    dir = tempDir('cadre-sanction-');
    policy2011 = policyCopy(dir, 'rongcheng-2011.yaml', YEAR_2011);
    const input2011 = join(dir, 'city-2011.xlsx');
    // 2011: A has an overdue item; B and C kept every commitment.
    await writeWorkbook(input2011, {
      villages: VILLAGES,
      cadres: cadres2011,
      commitments: [
        ...passed(A, 2011, 3),
        overdue(A, 2011, '04'),
        ...passed(B, 2011, 2),
        ...passed(C, 2011, 2),
      ],
      scores: scores(),
    });
    const r = cli([
      'subsidy',
      input2011,
      '--policy',
      policy2011,
      '--as-of',
      '2011-12-31',
      '-o',
      join(dir, 'out2011'),
    ]);
    if (r.code !== 0) throw new Error(`2011 subsidy failed (${r.code}): ${r.stderr}`);
    roster2011 = join(dir, 'out2011', '审批花名册-2011.xlsx');
    // 2012: A and B both have an unkept item; C kept everything.
    input2012 = join(dir, 'city-2012.xlsx');
    await writeWorkbook(input2012, {
      villages: VILLAGES,
      cadres: cadres2012,
      commitments: [
        ...passed(A, 2012, 2),
        overdue(A, 2012, '03'),
        ...passed(B, 2012, 1),
        overdue(B, 2012, '02'),
        ...passed(C, 2012, 2),
      ],
      scores: scores(),
    });
  });

  it("last year's roster made by the tool lists its sanctions (诫勉谈话 for A's secretary and director)", async () => {
    const rows = await depositRows(roster2011);
    expect(rows.map((r) => [r.身份证号, r.处理])).toEqual([
      [P.a, '诫勉谈话'],
      [P.b, '诫勉谈话'],
    ]);
  });

  it('with --previous, the same IDs get 动员辞职 (also after moving village) and the others 诫勉谈话', async () => {
    const out = join(dir, 'out2012');
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      roster2011,
      '-o',
      out,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = (r.json().cadres as Cadre[]).map((c) => [c.idNumber, c.villageCode, c.sanction]);
    expect(got).toEqual([
      [P.a, A, '动员辞职'],
      [P.d, A, '诫勉谈话'],
      [P.c, B, '诫勉谈话'],
      [P.b, B, '动员辞职'],
      [P.e, C, null],
    ]);
    const rows = await depositRows(join(out, '审批花名册-2012.xlsx'));
    expect(Object.fromEntries(rows.map((x) => [x.身份证号, x.处理]))).toEqual({
      [P.a]: '动员辞职',
      [P.d]: '诫勉谈话',
      [P.c]: '诫勉谈话',
      [P.b]: '动员辞职',
    });
  });

  it('without --previous, every sanction of the year is 诫勉谈话', () => {
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '-o',
      join(dir, 'out2012-first'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const sanctions = (r.json().cadres as Cadre[]).map((c) => c.sanction).filter((s) => s !== null);
    expect(sanctions).toEqual(['诫勉谈话', '诫勉谈话', '诫勉谈话', '诫勉谈话']);
  });

  it('a --previous file that is not a roster (an input workbook) is an input error: exit 1, nothing written', () => {
    const out = join(dir, 'out-bad');
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      input2012,
      '-o',
      out,
      '--json',
    ]);
    expect(r.code).toBe(1);
    const body = r.json();
    expect(body.ok).toBe(false);
    expect((body.findings as { code: string }[]).map((f) => f.code)).toEqual(['previous_not_roster']);
    expect(() => readFileSync(join(out, '审批花名册-2012.xlsx'))).toThrow();
  });

  it('a --previous roster of another city is an input error (exit 1) that names both', () => {
    const other = policyCopy(dir, 'wendeng-2011.yaml', [
      ['id: rongcheng-2012', 'id: wendeng-2011'],
      ['year: 2012', 'year: 2011'],
      ['city: 荣成市', 'city: 文登市'],
    ]);
    const made = cli([
      'subsidy',
      input2012,
      '--policy',
      other,
      '--as-of',
      '2011-12-31',
      '-o',
      join(dir, 'out-wd'),
    ]);
    expect(made.code).toBe(0);
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      join(dir, 'out-wd', '审批花名册-2011.xlsx'),
      '-o',
      join(dir, 'out-wd2'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    const f = (r.json().findings as { code: string; message: string }[])[0];
    expect(f?.code).toBe('previous_mismatch');
    expect(f?.message).toContain('文登市');
    expect(f?.message).toContain('荣成市');
  });

  it('a --previous roster of the same year (not the year before) is an input error (exit 1)', () => {
    const made = cli(['subsidy', input2012, '--as-of', '2012-12-31', '-o', join(dir, 'out-same')]);
    expect(made.code).toBe(0);
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      join(dir, 'out-same', '审批花名册-2012.xlsx'),
      '-o',
      join(dir, 'out-same2'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect((r.json().findings as { code: string }[]).map((f) => f.code)).toEqual(['previous_mismatch']);
  });

  it('a provisional roster of last year (made before 31 December, no sanctions yet) is an input error (exit 1)', () => {
    const made = cli([
      'subsidy',
      input2012,
      '--policy',
      policy2011,
      '--as-of',
      '2011-11-30',
      '-o',
      join(dir, 'out-prov'),
    ]);
    expect(made.code).toBe(0);
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      join(dir, 'out-prov', '审批花名册-2011.xlsx'),
      '-o',
      join(dir, 'out-prov2'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect((r.json().findings as { code: string }[]).map((f) => f.code)).toEqual(['previous_provisional']);
  });

  it('a --previous path that does not exist is a file that cannot be read (exit 4)', () => {
    const r = cli([
      'subsidy',
      input2012,
      '--as-of',
      '2012-12-31',
      '--previous',
      join(dir, 'no-such-roster.xlsx'),
      '-o',
      join(dir, 'out-missing'),
      '--json',
    ]);
    expect(r.code).toBe(4);
    expect((r.json().findings as { code: string }[]).map((f) => f.code)).toEqual(['file_missing']);
  });
});
