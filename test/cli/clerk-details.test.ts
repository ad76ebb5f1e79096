import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { raw, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/** issue 20, item 6: the smaller things a clerk trips over. */

type F = { level: string; code: string; sheet: string; row: number; message: string };

describe('an empty workbook is an input error', () => {
  it('the untouched template: subsidy exits 1, writes nothing, and says 村庄 and 干部 hold no data', () => {
    const dir = tempDir('cadre-empty-');
    expect(cli(['init', dir]).code).toBe(0);
    const template = join(dir, '村干部补贴-模板.xlsx');
    const out = join(dir, 'out');
    const r = cli(['subsidy', template, '-o', out, '--json']);
    expect(r.code).toBe(1);
    const findings = r.json().findings as F[];
    const empty = findings.filter((f) => f.code === 'sheet_empty' && f.level === 'error').map((f) => f.sheet);
    expect(empty).toEqual(expect.arrayContaining(['村庄', '干部']));
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(cli(['validate', template]).code).toBe(1);
  });
});

describe('validate counts what was entered', () => {
  it('says 4 villages when 4 were entered and one of them has an error', async () => {
    const data = sampleData();
    (data.villages ?? [])[1] = { ...(data.villages ?? [])[1], households: raw('很多') } as never;
    const file = join(tempDir('cadre-count-'), 'in.xlsx');
    await writeWorkbook(file, data);
    const r = cli(['validate', file, '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${(data.villages ?? []).length} 个村`);
    // The cadres all count too: the village's error does not drop them from the count.
    const good = join(tempDir('cadre-count-good-'), 'in.xlsx');
    await writeWorkbook(good, sampleData());
    const cadres = /(\d+) 条干部记录/.exec(cli(['validate', good, '--lang', 'zh']).stdout)?.[1];
    expect(r.stdout).toContain(`${cadres} 条干部记录`);
  });
});

describe('a score typed with its unit', () => {
  it('"82分" is not a number, not out of range', async () => {
    const data = sampleData();
    const scores = data.scores ?? [];
    scores[0] = { ...(scores[0] as (typeof scores)[0]), score: raw('82分') };
    const file = join(tempDir('cadre-score-'), 'in.xlsx');
    await writeWorkbook(file, data);
    const findings = cli(['validate', file, '--json', '--lang', 'zh']).json().findings as F[];
    const f = findings.find((x) => x.sheet === '考核评分');
    expect(f?.code).toBe('score_not_number');
    expect(f?.message).toBe('得分不是数字');
    expect(findings.some((x) => x.code === 'score_range')).toBe(false);
  });
});

describe('approve of a provisional (预计) roster', () => {
  it('says on stdout that it cannot be paid, and never that payout may run', async () => {
    const file = join(tempDir('cadre-prov-'), 'in.xlsx');
    await writeWorkbook(file, sampleData());
    const out = tempDir('cadre-prov-out-');
    const s = cli(['subsidy', file, '-o', out, '--as-of', '2012-06-30', '--prepared-by', '张三']);
    expect(s.code).toBe(0);
    const roster = join(out, '审批花名册-2012.xlsx');
    cli(['approve', roster, '--dept', '组织部', '--by', '李四', '--lang', 'zh']);
    const r = cli(['approve', roster, '--dept', '财政局', '--by', '王五', '--lang', 'zh', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\s+/g, '')).toContain(
      '这是截至2012-06-30的预计花名册：审批已记录，但不能据此代发',
    );
    expect(r.stdout).not.toContain('可运行 payout');
  });
});

describe('a remark says each thing once', () => {
  it('a 一肩挑 row whose typed 备注 is 一肩挑 does not read "…；一肩挑"', async () => {
    const data = sampleData();
    const cadres = data.cadres ?? [];
    // 书记兼主任: the second post is the unpaid 一肩挑 row; the clerk typed 一肩挑 too.
    const i = cadres.findIndex((c) => c.role === '书记兼主任');
    cadres[i] = { ...(cadres[i] as (typeof cadres)[0]), remark: '一肩挑' };
    const file = join(tempDir('cadre-remark-'), 'in.xlsx');
    await writeWorkbook(file, data);
    const out = tempDir('cadre-remark-out-');
    const r = cli(['subsidy', file, '-o', out, '--as-of', '2012-12-31', '--json']);
    expect(r.code).toBe(0);
    const remarks = (r.json().cadres as { remark: string }[]).map((c) => c.remark);
    expect(remarks.some((x) => x.includes('一肩挑'))).toBe(true);
    for (const x of remarks)
      expect(x.split('；').filter((p) => p.includes('一肩挑')).length).toBeLessThanOrEqual(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '审批花名册-2012.xlsx'));
    const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
    let col = 0;
    ws.getRow(2).eachCell((c, n) => {
      if (c.value === '备注') col = n;
    });
    const cells: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 2) cells.push(String(row.getCell(col).value ?? ''));
    });
    expect(cells.some((x) => x.includes('一肩挑'))).toBe(true);
    for (const x of cells)
      expect(x.split('；').filter((p) => p.includes('一肩挑')).length).toBeLessThanOrEqual(1);
  });
});

describe('the public notice', () => {
  it('names its inputs by SHA-256 only, never by file name (a name can carry personal data)', async () => {
    const file = join(tempDir('cadre-notice-name-'), '张三的身份证号-371082196504121233.xlsx');
    await writeWorkbook(file, sampleData());
    const out = tempDir('cadre-notice-name-out-');
    expect(cli(['subsidy', file, '-o', out, '--as-of', '2012-12-31']).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '公示表-2012.xlsx'));
    const texts: string[] = [];
    for (const ws of wb.worksheets)
      ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value ?? ''))));
    expect(texts.some((t) => /^[0-9a-f]{64}$/.test(t))).toBe(true);
    expect(texts.filter((t) => t.includes('张三') || t.includes('.xlsx'))).toEqual([]);
  });
});
