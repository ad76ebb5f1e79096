import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifestSheet } from '../../src/io/documents/manifest.js';
import { noticeEnd, noticeFileName, noticeWorkbookBytes } from '../../src/io/documents/notice.js';
import { computeRun } from '../../src/rules/compute.js';
import { cadre, idFrom, onlyScore, specPolicy, village } from '../helpers/records.js';
import { IDS, type Sample, sample, sampleInput, sampleManifest } from './run-fixture.js';

/** spec/outputs.md 公示表, copied from the spec. */
const SPEC_NOTICE_HEADERS = [
  '序号',
  '村名',
  '职务',
  '姓名',
  '综合得分',
  '等次',
  '基本补贴',
  '奖励补贴',
  '合计',
];

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((c) => {
      const v = c.value;
      if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    }),
  );
  return out;
}

function rowValues(ws: ExcelJS.Worksheet, r: number): unknown[] {
  const out: unknown[] = [];
  for (let c = 1; c <= ws.columnCount; c++) out.push(ws.getCell(r, c).value);
  while (out.length && (out.at(-1) === null || out.at(-1) === undefined)) out.pop();
  return out;
}

function dataRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const first = ws.getCell(r, 1).value;
    if (first === null || first === '合计') break;
    out.push(rowValues(ws, r));
  }
  return out;
}

describe('the public notice', () => {
  let s: Sample;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    s = sample();
    wb = await load(await noticeWorkbookBytes(s.run, s.policy, s.meta));
  });

  it('has one sheet per town, named after it, then 校验', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['石岛镇', '港湾街道', '校验']);
  });

  it('titles each town sheet {city}{year}年度农村干部补贴公示（{town}） and heads it with the spec headers', () => {
    for (const town of ['石岛镇', '港湾街道']) {
      const ws = wb.getWorksheet(town) as ExcelJS.Worksheet;
      expect(ws.getCell('A1').value).toBe(`荣成市2012年度农村干部补贴公示（${town}）`);
      expect(ws.getCell('A1').isMerged).toBe(true);
      expect(rowValues(ws, 2)).toEqual(SPEC_NOTICE_HEADERS);
    }
  });

  it('holds no ID number, card number, bank, hold reason or remark anywhere in the workbook', () => {
    const secrets = [
      ...Object.values(IDS),
      ...s.run.cadres.map((c) => c.record.account),
      ...s.run.cadres.map((c) => c.record.bank),
      '身份信息待核实',
      '新任',
      '5月起任',
      '一肩挑',
      '非补贴职务',
    ];
    for (const ws of wb.worksheets) {
      for (const t of texts(ws)) {
        for (const secret of secrets) expect(t, `${ws.name}: ${t}`).not.toContain(secret);
        if (!/^[0-9a-f]{64}$/.test(t)) expect(t, `${ws.name}: ${t}`).not.toMatch(/\d{15}/);
      }
    }
  });

  it('lists the paid rows only, the second post folded into the first as 书记兼主任', () => {
    const ws = wb.getWorksheet('石岛镇') as ExcelJS.Worksheet;
    expect(dataRows(ws).map((r) => r.slice(0, 4))).toEqual([
      [1, '东山村', '书记', '王建国'],
      [2, '东山村', '主任', '李秀英'],
      [3, '东山村', '会计', '张伟'],
      [4, '西河村', '书记兼主任', '陈志强'],
      [5, '西河村', '会计', '赵丽'],
    ]);
  });

  it('shows score, grade and the amounts of each row as the run computed them, money as #,##0.00 numbers', () => {
    const ws = wb.getWorksheet('港湾街道') as ExcelJS.Worksheet;
    const paid = s.run.cadres.filter((c) => c.paid && c.village.record.town === '港湾街道');
    expect(dataRows(ws).map((r) => r.slice(4))).toEqual(
      paid.map((c) => [
        Number(c.score?.toFixed(2)),
        c.grade,
        c.baseFen / 100,
        c.rewardFen / 100,
        c.payableFen / 100,
      ]),
    );
    for (let r = 3; r <= 3 + paid.length; r++) {
      for (const c of [7, 8, 9]) expect(ws.getCell(r, c).numFmt).toBe('#,##0.00');
    }
    const total = rowValues(ws, 3 + paid.length);
    expect(total[0]).toBe('合计');
    expect(total[8]).toBe(paid.reduce((a, c) => a + c.payableFen, 0) / 100);
  });

  it('states under the table the notice period from the run date for notice.days days, the phone, the issuer and the date', () => {
    const all = texts(wb.getWorksheet('石岛镇') as ExcelJS.Worksheet).join('\n');
    expect(all).toContain('公示期：2013年1月5日至2013年1月9日（共5天）');
    expect(all).toContain('监督电话：0631-0000000');
    expect(all).toContain('中共荣成市委组织部');
    expect(all).toContain('2013年1月5日');
    expect(noticeEnd('2013-01-29', 5)).toBe('2013-02-02');
    expect(noticeEnd('2013-01-05', 1)).toBe('2013-01-05');
  });

  it('prints each town on A4 landscape with its header repeated and frozen', () => {
    // 校验 is hidden, never printed: it has no print titles
    for (const ws of wb.worksheets.filter((w) => w.state !== 'hidden')) {
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.printTitlesRow).toBe('2:2');
      expect(ws.views[0]?.state).toBe('frozen');
    }
  });

  it('records kind notice in 校验, with no roster digest and no approvals, its inputs by SHA-256 only', () => {
    const m = readManifestSheet(wb);
    const full = sampleManifest(s.run, s.policy);
    expect(m).toEqual({
      ...full,
      kind: 'notice',
      rosterDigest: '',
      inputs: full.inputs.map((i, n) => ({ name: `输入文件${n + 1}`, sha256: i.sha256 })),
    });
    // a file name can carry personal data: it is nowhere in the notice
    const all = wb.worksheets.flatMap((w) => texts(w)).join('\n');
    for (const i of full.inputs) expect(all).not.toContain(i.name);
  });

  it('hides 校验 (so it is never printed with the notice) and leaves the town sheets visible', () => {
    expect(wb.getWorksheet('校验')?.state).toBe('hidden');
    expect(wb.worksheets.filter((w) => w.name !== '校验').every((w) => w.state === 'visible')).toBe(true);
  });

  it('says 预计 in the title when the as-of date is before the year end', async () => {
    const p = sample('2012-06-30');
    const pwb = await load(await noticeWorkbookBytes(p.run, p.policy, p.meta));
    const title = String(pwb.getWorksheet('石岛镇')?.getCell('A1').value);
    expect(title).toContain('荣成市2012年度农村干部补贴公示（石岛镇）');
    expect(title).toContain('预计');
    expect(texts(pwb.getWorksheet('石岛镇') as ExcelJS.Worksheet).join('\n')).toContain('预计数');
  });

  it('is the same bytes for the same run', async () => {
    const a = await noticeWorkbookBytes(s.run, s.policy, s.meta);
    const b = await noticeWorkbookBytes(s.run, s.policy, s.meta);
    expect(a.equals(b)).toBe(true);
  });

  it('names the notice file 公示表-YEAR.xlsx', () => {
    expect(noticeFileName(2012)).toBe('公示表-2012.xlsx');
  });
});

describe('sheet names of the notice', () => {
  it('makes a legal, unique sheet of every town name: forbidden characters, 31 characters, and a town called 校验', async () => {
    const policy = specPolicy();
    const long = '某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某镇';
    const towns = ['城关/新区:镇', long, '校验', "O'Brien街道"];
    const input = sampleInput();
    input.villages = towns.map((town, i) => village(`V${i}`, 120, { name: `村${i}`, town }));
    input.cadres = towns.map((_, i) => cadre(`V${i}`, '书记', idFrom(`3710821970010100${i}`)));
    input.commitments = [];
    input.scores = towns.map((_, i) => onlyScore(`V${i}`, '80'));
    const run = computeRun(input, policy, { asOf: '2012-12-31', allowMissingScores: false });
    const wb = await load(
      await noticeWorkbookBytes(run, policy, {
        manifest: sampleManifest(run, policy),
        runDate: '2013-01-05',
      }),
    );
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toHaveLength(5);
    expect(names.at(-1)).toBe('校验');
    expect(new Set(names).size).toBe(5);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[*?:\\/[\]']/);
    }
    expect(names[0]).toBe('城关_新区_镇');
    expect(names[2]).toBe('校验(2)');
    // the title keeps the town's real name
    expect(wb.worksheets[0]?.getCell('A1').value).toBe('荣成市2012年度农村干部补贴公示（城关/新区:镇）');
    expect(readManifestSheet(wb)?.kind).toBe('notice');
  });
});
