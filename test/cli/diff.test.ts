import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { textWidth as termWidth } from '../../src/report/layout.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `cadre-calc diff` on real rosters: the sample city run by `subsidy`, then run again after
 * one edit of the input workbook. What the diff names is checked against the rosters
 * themselves, read here with exceljs by header name.
 */

const CITY = join(ROOT, 'fixtures', 'sample-city', '荣成市-2012.xlsx');

interface Field {
  field: string;
  old: string | number;
  new: string | number;
}
interface Changed {
  idNumber: string;
  name: string;
  villageCode: string;
  role: string;
  fields: Field[];
  reason: string;
  poolOnly: boolean;
}
interface Sums {
  cadres: number;
  paid: number;
  payableFen: number;
  rewardFen: number;
}
interface DiffBody {
  command: string;
  ok: boolean;
  files: string[];
  old: { file: string; digest: string; approved: boolean; signed: boolean };
  new: { file: string; digest: string; approved: boolean; signed: boolean };
  approvalsCover: boolean;
  added: unknown[];
  removed: unknown[];
  changed: Changed[];
  poolOnly: { count: number; maxFen: number };
  totals: { old: Sums; new: Sums; towns: { town: string; old: Sums; new: Sums }[] };
  findings: { code: string; level: string }[];
}

/** A copy of the sample city's workbook with `edit` applied to it (exceljs, headers by name). */
async function editedCity(file: string, edit?: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(CITY);
  edit?.(wb);
  await wb.xlsx.writeFile(file);
}

/** The column of a header (spaces and line breaks ignored) in the first rows of a sheet. */
function column(ws: ExcelJS.Worksheet, header: string): { headerRow: number; col: number } {
  const norm = (v: unknown) => String(v ?? '').replace(/\s/g, '');
  for (let r = 1; r <= 6; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= row.cellCount; c++)
      if (norm(row.getCell(c).value) === header) return { headerRow: r, col: c };
  }
  throw new Error(`no header ${header} in ${ws.name}`);
}

/** 花名册 rows of a roster: header → value text. */
async function rosterRows(file: string): Promise<Map<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
  const { headerRow } = column(ws, '序号');
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => String(v ?? ''));
  const out: Map<string, string>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const vals = ws.getRow(r).values as unknown[];
    const first = String(vals[1] ?? '');
    if (first === '' || first === '合计') break;
    const rec = new Map<string, string>();
    headers.forEach((h, c) => {
      if (h) rec.set(h, vals[c] === null || vals[c] === undefined ? '' : String(vals[c]));
    });
    out.push(rec);
  }
  return out;
}

const dir = tempDir();
const subsidy = (input: string, out: string) => {
  const r = cli(['subsidy', input, '--as-of', '2012-12-31', '-o', out, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return join(out, '审批花名册-2012.xlsx');
};
const diff = (a: string, b: string, ...more: string[]) => {
  const r = cli(['diff', a, b, '--json', ...more]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.json() as unknown as DiffBody;
};

let base: string;
let band: string;
let score: string;
/** The village whose households were moved across a band, and its households before and after. */
let moved: { code: string; before: number; after: number };
/** The cadre whose 个人加减分 was changed. */
let adjusted: string;

beforeAll(async () => {
  const original = join(dir, 'base.xlsx');
  await editedCity(original);
  base = subsidy(original, join(dir, 'base'));

  // a village in 101–200 households with a row that is not paid (an unpaid role or a
  // second post): every row counts, so that row must be named too
  const rows0 = await rosterRows(base);
  const unpaidVillage = rows0.find(
    (r) => r.get('比例') === '' && Number(r.get('户数')) >= 101 && Number(r.get('户数')) <= 200,
  );
  expect(unpaidVillage).toBeDefined();
  const target = unpaidVillage?.get('村代码') as string;
  const bandInput = join(dir, 'band.xlsx');
  await editedCity(bandInput, (wb) => {
    const ws = wb.getWorksheet('村庄') as ExcelJS.Worksheet;
    const h = column(ws, '户数（户）');
    const code = column(ws, '村代码');
    // moved to 201 households: band 1,500 → 1,900
    for (let r = h.headerRow + 1; r <= ws.rowCount; r++) {
      if (String(ws.getRow(r).getCell(code.col).value) !== target) continue;
      const cell = ws.getRow(r).getCell(h.col);
      moved = { code: target, before: Number(cell.value), after: 201 };
      cell.value = 201;
      return;
    }
    throw new Error(`no village ${target}`);
  });
  band = subsidy(bandInput, join(dir, 'band'));

  // a paid secretary above the floor with no 个人加减分: +2 moves their points, so the pool
  const baseRows = await rosterRows(base);
  const pick = baseRows.find(
    (r) =>
      r.get('职务') === '书记' &&
      Number(r.get('综合得分')) > 65 &&
      Number(r.get('综合得分')) < 95 &&
      r.get('比例') !== '',
  );
  adjusted = String(pick?.get('身份证号'));
  const scoreInput = join(dir, 'score.xlsx');
  await editedCity(scoreInput, (wb) => {
    const ws = wb.getWorksheet('干部') as ExcelJS.Worksheet;
    const adj = column(ws, '个人加减分');
    const id = column(ws, '公民身份号码');
    const role = column(ws, '职务');
    for (let r = adj.headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (String(row.getCell(id.col).value) === adjusted && row.getCell(role.col).value === '书记') {
        expect(row.getCell(adj.col).value ?? null).toBeNull();
        row.getCell(adj.col).value = 2;
        return;
      }
    }
    throw new Error(`no row of ${adjusted}`);
  });
  score = subsidy(scoreInput, join(dir, 'score'));
}, 240_000);

describe('cadre-calc diff', () => {
  it('finds nothing between a roster and itself, and says its approvals cover it once approved', () => {
    const d = diff(base, base);
    expect(d.command).toBe('diff');
    expect(d.ok).toBe(true);
    expect(d.files).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.poolOnly).toEqual({ count: 0, maxFen: 0 });
    expect(d.totals.old).toEqual(d.totals.new);
    expect(d.old.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(d.old.approved).toBe(false);
    expect(d.approvalsCover).toBe(false);

    const approved = join(dir, 'approved.xlsx');
    copyFileSync(base, approved);
    for (const dept of ['组织部', '财政局']) {
      const a = cli([
        'approve',
        approved,
        '--dept',
        dept,
        '--by',
        dept === '组织部' ? '李四' : '王五',
        '--json',
      ]);
      expect(a.code, a.stdout).toBe(0);
    }
    const same = diff(approved, approved);
    expect(same.old.approved).toBe(true);
    expect(same.old.signed).toBe(false);
    expect(same.approvalsCover).toBe(true);
    // the same rows after another run: approved once, but the new one must be approved again
    const next = diff(approved, band);
    expect(next.old.approved).toBe(true);
    expect(next.new.approved).toBe(false);
    expect(next.approvalsCover).toBe(false);
  });

  it('names exactly the cadres of the village whose households crossed a band, with 户数 and why', async () => {
    const d = diff(base, band);
    const rows = await rosterRows(base);
    const village = rows.filter((r) => r.get('村代码') === moved.code);
    expect(village.some((r) => r.get('比例') === '')).toBe(true);
    expect(village.some((r) => r.get('比例') !== '')).toBe(true);
    expect(d.changed.map((c) => `${c.idNumber}/${c.role}`).sort()).toEqual(
      village.map((r) => `${r.get('身份证号')}/${r.get('职务')}`).sort(),
    );
    expect(d.poolOnly.count).toBe(0);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    for (const c of d.changed) {
      expect(c.villageCode).toBe(moved.code);
      expect(c.fields.find((f) => f.field === '户数')).toEqual({
        field: '户数',
        old: moved.before,
        new: moved.after,
      });
      expect(c.fields.find((f) => f.field === '补贴标准')).toEqual({
        field: '补贴标准',
        old: 150000,
        new: 190000,
      });
      expect(c.reason).toContain(`户数 ${moved.before} → ${moved.after}：档次 1,500 → 1,900`);
      // nothing that the band does not move
      const names = c.fields.map((f) => f.field);
      for (const n of names) expect(['户数', '补贴标准', '补贴总额', '基本补贴', '应发合计']).toContain(n);
      const row = village.find((r) => r.get('身份证号') === c.idNumber && r.get('职务') === c.role);
      // a row not paid: only its village's households and standard moved
      if (row?.get('比例') === '') expect(names).toEqual(['户数', '补贴标准']);
    }
    // the paid rows' money moved by exactly the difference of their totals
    const payable = d.totals.new.payableFen - d.totals.old.payableFen;
    const totals = d.changed
      .map((c) => c.fields.find((f) => f.field === '补贴总额'))
      .reduce((a, f) => a + (f ? (f.new as number) - (f.old as number) : 0), 0);
    expect(payable).toBe(totals);
    expect(payable).toBeGreaterThan(0);
    const towns = d.totals.towns.filter((t) => JSON.stringify(t.old) !== JSON.stringify(t.new));
    expect(towns).toHaveLength(1);
  });

  it('names the person whose score changed and summarises the pool-only moves of everyone else', async () => {
    const d = diff(base, score);
    expect(d.changed.map((c) => c.idNumber)).toEqual([adjusted]);
    const [c] = d.changed;
    const s = c?.fields.find((f) => f.field === '综合得分');
    expect(s).toBeDefined();
    expect(Number(s?.new) - Number(s?.old)).toBeCloseTo(2, 6);
    expect(c?.reason).toMatch(/综合得分 .* → .*：积分 .* → /);
    // everyone else paid moved with the pool only: counted, not listed
    const before = await rosterRows(base);
    const after = await rosterRows(score);
    const moves = before
      .map(
        (r, i) =>
          Math.round(Number(after[i]?.get('奖励补贴')) * 100) - Math.round(Number(r.get('奖励补贴')) * 100),
      )
      .filter((m, i) => m !== 0 && before[i]?.get('身份证号') !== adjusted);
    expect(moves.length).toBeGreaterThan(100);
    expect(d.poolOnly.count).toBe(moves.length);
    expect(d.poolOnly.maxFen).toBe(Math.max(...moves.map(Math.abs)));
    // the shared pool is the same: the person's gain is everyone else's loss
    expect(d.totals.new.rewardFen).toBe(d.totals.old.rewardFen);

    const all = diff(base, score, '--all');
    expect(all.changed).toHaveLength(1 + moves.length);
    expect(all.changed.filter((x) => x.poolOnly)).toHaveLength(moves.length);
    expect(all.poolOnly).toEqual(d.poolOnly);
  });

  it('writes 花名册变动-YYYYMMDD.xlsx with -o, printable, and refuses to overwrite it', async () => {
    const out = join(dir, 'diff-out');
    const r = cli(['diff', base, band, '-o', out, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const body = r.json() as unknown as DiffBody;
    expect(body.files).toHaveLength(1);
    const file = body.files[0] as string;
    expect(file).toMatch(/花名册变动-\d{8}\.xlsx$/);
    expect(existsSync(file)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['变动明细', '汇总', '校验']);
    const ws = wb.getWorksheet('变动明细') as ExcelJS.Worksheet;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printTitlesRow).toBe('2:2');
    const items = new Set<string>();
    const ids = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 2 && /^\d{17}[\dX]$/.test(String(row.getCell(7).value))) {
        items.add(String(row.getCell(8).value));
        ids.add(`${row.getCell(7).value}/${row.getCell(6).value}`);
      }
    });
    expect(items.has('户数')).toBe(true);
    expect(ids.size).toBe(body.changed.length);
    const again = cli(['diff', base, band, '-o', out]);
    expect(again.code).toBe(3);
  });

  it('never says the old approvals cover a roster edited by hand after approval, and names the edit', async () => {
    const approved = join(dir, 'approved-2.xlsx');
    copyFileSync(base, approved);
    for (const [dept, by] of [
      ['组织部', '李四'],
      ['财政局', '王五'],
    ])
      expect(cli(['approve', approved, '--dept', dept as string, '--by', by as string]).code).toBe(0);
    const edited = join(dir, 'edited.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(approved);
    const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
    const card = column(ws, '银行卡号');
    const id = column(ws, '身份证号');
    const cell = ws.getRow(card.headerRow + 1).getCell(card.col);
    const before = String(cell.value);
    cell.value = '6222020000000000000';
    await wb.xlsx.writeFile(edited);
    const d = diff(approved, edited);
    expect(d.old.approved).toBe(true);
    expect(d.new.digest).toBe(d.old.digest); // the 校验 still claims the approved digest
    expect(d.new.approved).toBe(false);
    expect(d.approvalsCover).toBe(false);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]?.idNumber).toBe(String(ws.getRow(card.headerRow + 1).getCell(id.col).value));
    expect(d.changed[0]?.fields).toEqual([{ field: '银行卡号', old: before, new: '6222020000000000000' }]);
  });

  it('warns when the rosters are of different years, and still exits 0', () => {
    const policy = join(dir, 'p2013.yaml');
    writeFileSync(
      policy,
      readFileSync(join(ROOT, 'policies', 'rongcheng-2012.yaml'), 'utf8')
        .replace(/^year: 2012/m, 'year: 2013')
        .replace(/^id: rongcheng-2012/m, 'id: rongcheng-2013'),
    );
    const out = join(dir, 'y2013');
    const r = cli([
      'subsidy',
      join(dir, 'base.xlsx'),
      '--policy',
      policy,
      '--as-of',
      '2013-12-31',
      '-o',
      out,
      '--json',
    ]);
    expect(r.code, r.stdout).toBe(0);
    const d = diff(base, join(out, '审批花名册-2013.xlsx'));
    expect(d.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:diff_year_differs']);
  });

  it('exits 1 with a finding for a roster whose 汇总 was edited or lost a table', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(base);
    const ws = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    let poolHeader = 0;
    let edited = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === '奖励池范围') poolHeader = n;
      if (poolHeader && n > poolHeader && row.getCell(1).value === '全市') {
        row.getCell(2).value = '一百万';
        edited = n;
      }
    });
    expect(edited).toBeGreaterThan(0);
    const bad = join(dir, 'bad-summary.xlsx');
    await wb.xlsx.writeFile(bad);
    const r = cli(['diff', base, bad, '--json']);
    expect(r.code).toBe(1);
    const body = r.json() as {
      ok: boolean;
      findings: { code: string; sheet: string; row: number; header: string }[];
    };
    expect(body.ok).toBe(false);
    expect(body.findings).toContainEqual(
      expect.objectContaining({ code: 'roster_cell_invalid', sheet: '汇总', row: edited, header: '奖励池' }),
    );

    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(base);
    wb2.removeWorksheet((wb2.getWorksheet('践诺奖惩') as ExcelJS.Worksheet).id);
    const lost = join(dir, 'lost-sheet.xlsx');
    await wb2.xlsx.writeFile(lost);
    const r2 = cli(['diff', lost, base, '--json']);
    expect(r2.code).toBe(1);
    expect((r2.json() as { findings: { code: string; sheet: string }[] }).findings).toContainEqual(
      expect.objectContaining({ code: 'roster_table_missing', sheet: '践诺奖惩' }),
    );
  });

  it('prints the reason in Chinese on a Chinese terminal, and exits 1 for a file that is not a roster', async () => {
    const r = cli(['diff', base, band], { LANG: 'zh_CN.UTF-8', COLUMNS: '80' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('档次 1,500 → 1,900');
    const tableLines = r.stdout.split('\n').filter((l) => /^[│┌├└]/.test(l));
    for (const l of tableLines) expect(termWidth(l), l).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('新花名册须按程序审批');
    const notRoster = cli(['diff', CITY, band, '--json']);
    expect(notRoster.code).toBe(1);
    const missing = cli(['diff', join(dir, 'nope.xlsx'), band]);
    expect(missing.code).toBe(4);
  });
});
