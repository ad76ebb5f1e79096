import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/io/documents/banks/profile.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';
import { makeCard, makeId } from '../helpers/workbook-builder.js';

const TEMPLATE = '村干部补贴-模板.xlsx';
const BUILTIN = join(ROOT, 'policies', 'rongcheng-2012.yaml');

/** Every header of spec/workbook.md, sheet by sheet, in its order, written out from the spec. */
const SPEC_HEADERS: Record<string, string[]> = {
  村庄: ['村代码', '村名', '镇街', '户数', '经济薄弱村'],
  干部: [
    '身份证号',
    '姓名',
    '村代码',
    '职务',
    '任职月数',
    '拟定比例',
    '个人加减分',
    '开户行',
    '银行卡号',
    '暂停发放',
    '备注',
  ],
  承诺台账: [
    '村代码',
    '编号',
    '承诺内容',
    '类别',
    '完成时限',
    '责任人',
    '状态',
    '验收结果',
    '验收日期',
    '满意度',
  ],
  考核评分: ['村代码', '考核期', '得分'],
};

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

type Validations = { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } };
const dv = (ws: ExcelJS.Worksheet, address: string) =>
  (ws as unknown as Validations).dataValidations.model[address];

/** The column (1-based) of a header in row 1. */
function col(ws: ExcelJS.Worksheet, header: string): number {
  const values = ws.getRow(1).values as unknown[];
  const i = values.indexOf(header);
  if (i < 1) throw new Error(`no header ${header} in ${ws.name}`);
  return i;
}

describe('init', () => {
  const dir = tempDir('cadre-calc-init-');
  let run: ReturnType<typeof cli>;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    run = cli(['init', dir, '--json']);
    wb = await open(join(dir, TEMPLATE));
  });

  it('writes the template and a copy of the default policy, exit 0', () => {
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      command: 'init',
      ok: true,
      files: [
        join(dir, TEMPLATE),
        join(dir, 'policy.yaml'),
        join(dir, 'banks', 'README.md'),
        join(dir, 'banks', 'example-abc-xlsx.yaml'),
        join(dir, 'banks', 'example-psbc-csv.yaml'),
        join(dir, 'banks', 'example-rcrcb-txt.yaml'),
      ],
      findings: [],
    });
  });

  it('copies the example bank profiles, marked as examples, and they load as valid profiles', async () => {
    const profiles = await loadProfiles(join(dir, 'banks'));
    expect(profiles.map((p) => [p.id, p.format, p.encoding])).toEqual([
      ['example-abc-xlsx', 'xlsx', 'utf-8'],
      ['example-psbc-csv', 'text', 'utf-8-bom'],
      ['example-rcrcb-txt', 'text', 'gb18030'],
    ]);
    for (const p of profiles) expect(readFileSync(p.source, 'utf8')).toMatch(/^# EXAMPLE — adapt/);
  });

  it('copies the built-in policy byte for byte, comments included', () => {
    expect(readFileSync(join(dir, 'policy.yaml'))).toEqual(readFileSync(BUILTIN));
  });

  it('has the four sheets with every header of the spec after a 序号 column, the header row frozen', () => {
    for (const [name, headers] of Object.entries(SPEC_HEADERS)) {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`no sheet ${name}`);
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', ...headers]);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
  });

  it('formats the ID, card and code columns as text on the whole column', () => {
    const cadres = wb.getWorksheet('干部') as ExcelJS.Worksheet;
    for (const h of ['身份证号', '银行卡号', '村代码'])
      expect(cadres.getColumn(col(cadres, h)).numFmt, h).toBe('@');
    const items = wb.getWorksheet('承诺台账') as ExcelJS.Worksheet;
    expect(items.getColumn(col(items, '编号')).numFmt).toBe('@');
  });

  it('offers drop-down lists for 职务 (policy roles and unpaid roles), 经济薄弱村, 状态, 验收结果 and 考核期', () => {
    const list = (sheet: string, header: string, row = 2) => {
      const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
      const v = dv(ws, `${String.fromCharCode(64 + col(ws, header))}${row}`);
      expect(v?.type, `${sheet} ${header}`).toBe('list');
      return String(v?.formulae?.[0]);
    };
    expect(list('干部', '职务')).toBe('"书记,主任,会计,妇女主任,治保主任,民兵连长,委员"');
    expect(list('干部', '职务', 5001)).toContain('书记');
    expect(list('村庄', '经济薄弱村')).toBe('"是,否"');
    expect(list('承诺台账', '状态')).toBe('"已完成,进行中,未完成"');
    expect(list('承诺台账', '验收结果')).toBe('"合格,不合格"');
    expect(list('考核评分', '考核期')).toBe('"一季度,二季度,三季度,四季度,上半年,下半年,Q1,Q2,Q3,Q4,H1,H2"');
  });

  it('marks its two example rows per sheet with 示例 in 序号', () => {
    for (const name of Object.keys(SPEC_HEADERS)) {
      const ws = wb.getWorksheet(name) as ExcelJS.Worksheet;
      expect([ws.getCell('A2').value, ws.getCell('A3').value, ws.getCell('A4').value], name).toEqual([
        '示例',
        '示例',
        null,
      ]);
    }
  });

  it('refuses to overwrite either file without --force (exit 3) and leaves them untouched', () => {
    const before = statSync(join(dir, TEMPLATE)).mtimeMs;
    writeFileSync(join(dir, 'policy.yaml'), 'my edits\n');
    const r = cli(['init', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`The output file already exists: ${join(dir, TEMPLATE)}`);
    expect(r.stderr).toContain(`The output file already exists: ${join(dir, 'policy.yaml')}`);
    expect(readFileSync(join(dir, 'policy.yaml'), 'utf8')).toBe('my edits\n');
    expect(statSync(join(dir, TEMPLATE)).mtimeMs).toBe(before);
    const forced = cli(['init', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'policy.yaml'))).toEqual(readFileSync(BUILTIN));
  });

  it('lists the roles of the policy given with --policy and copies that file', async () => {
    const other = tempDir('cadre-calc-init-policy-');
    const text = readFileSync(BUILTIN, 'utf8').replace(
      'unpaid_roles: [妇女主任, 治保主任, 民兵连长, 委员]',
      'unpaid_roles: [妇女主任, 村民小组长]',
    );
    writeFileSync(join(other, '威海.yaml'), text);
    const r = cli(['init', join(other, 'out'), '--policy', join(other, '威海.yaml')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(other, 'out', 'policy.yaml'), 'utf8')).toBe(text);
    const t = await open(join(other, 'out', TEMPLATE));
    const ws = t.getWorksheet('干部') as ExcelJS.Worksheet;
    expect(String(dv(ws, 'E2')?.formulae?.[0])).toBe('"书记,主任,会计,妇女主任,村民小组长"');
  });
});

/** Fills the template as a clerk would, with exceljs: data rows in every sheet, over or below the examples. */
async function fillIn(file: string, out: string, keepExamples: boolean): Promise<void> {
  const wb = await open(file);
  const put = (sheet: string, rows: Record<string, ExcelJS.CellValue>[]) => {
    const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
    // Overwrite the example rows as a clerk typing over them would: every cell cleared first.
    // (exceljs's spliceRows leaves the last rows of a sheet in place, so it cannot delete them.)
    if (!keepExamples) for (const r of [2, 3]) ws.getRow(r).eachCell((c) => (c.value = null));
    let r = keepExamples ? 4 : 2;
    rows.forEach((data, n) => {
      ws.getCell(r, 1).value = n + 1;
      for (const [h, v] of Object.entries(data)) ws.getCell(r, col(ws, h)).value = v;
      r++;
    });
  };
  put('村庄', [
    { 村代码: '371082101001', 村名: '东山村', 镇街: '港西镇', 户数: 180 },
    { 村代码: '371082101002', 村名: '西山村', 镇街: '港西镇', 户数: 420, 经济薄弱村: '是' },
  ]);
  put('干部', [
    {
      身份证号: makeId('371082', '19680511', '321'),
      姓名: '刘洋',
      村代码: '371082101001',
      职务: '书记兼主任',
      开户行: '农商银行',
      银行卡号: makeCard('622159'),
    },
    {
      身份证号: makeId('371082', '19751120', '432'),
      姓名: '陈静',
      村代码: '371082101001',
      职务: '会计',
      任职月数: 8,
      拟定比例: 0.6,
    },
    {
      身份证号: makeId('371082', '19600202', '543'),
      姓名: '赵刚',
      村代码: '371082101002',
      职务: '书记',
      个人加减分: 2.5,
    },
    { 身份证号: makeId('371082', '19820909', '654'), 姓名: '孙丽', 村代码: '371082101002', 职务: '妇女主任' },
  ]);
  put('承诺台账', [
    {
      村代码: '371082101001',
      编号: '01',
      承诺内容: '修建村级道路',
      完成时限: new Date(Date.UTC(2012, 5, 30)),
      状态: '已完成',
      验收结果: '合格',
      验收日期: new Date(Date.UTC(2012, 6, 2)),
    },
    { 村代码: '371082101002', 编号: '01', 承诺内容: '党员冬训', 完成时限: '2012年3月31日' },
  ]);
  put('考核评分', [
    { 村代码: '371082101001', 考核期: '一季度', 得分: 86 },
    { 村代码: '371082101002', 考核期: '上半年', 得分: 91.5 },
  ]);
  await wb.xlsx.writeFile(out);
}

describe('init, then fill in, then validate', () => {
  const dir = tempDir('cadre-calc-init-fill-');
  beforeAll(() => {
    expect(cli(['init', dir]).code).toBe(0);
  });

  it('passes with the example rows typed over: exit 0, no finding', async () => {
    const out = join(dir, '港西镇.xlsx');
    await fillIn(join(dir, TEMPLATE), out, false);
    const r = cli(['validate', out, '--json']);
    expect(r.code).toBe(0);
    const body = r.json() as { ok: boolean; findings: unknown[] };
    expect(body.findings).toEqual([]);
    expect(body.ok).toBe(true);
    const human = cli(['validate', out]);
    expect([human.code, human.stderr]).toEqual([0, '0 errors, 0 warnings\n']);
    expect(human.stdout).toBe(
      'Checked 1 workbook: 2 villages, 5 cadre rows, 2 commitments, 2 scores. no problems found.\n',
    );
  });

  it('passes with the example rows left in: exit 0, each skipped with a warning', async () => {
    const out = join(dir, '港西镇-带示例.xlsx');
    await fillIn(join(dir, TEMPLATE), out, true);
    const r = cli(['validate', out, '--json']);
    expect(r.code).toBe(0);
    const body = r.json() as {
      findings: { level: string; code: string; sheet: string; row: number; column: string }[];
    };
    expect(body.findings.map((f) => [f.level, f.code, f.sheet, f.row, f.column])).toEqual([
      ['warning', 'example_row', '干部', 2, 'A'],
      ['warning', 'example_row', '干部', 3, 'A'],
      ['warning', 'example_row', '承诺台账', 2, 'A'],
      ['warning', 'example_row', '承诺台账', 3, 'A'],
      ['warning', 'example_row', '村庄', 2, 'A'],
      ['warning', 'example_row', '村庄', 3, 'A'],
      ['warning', 'example_row', '考核评分', 2, 'A'],
      ['warning', 'example_row', '考核评分', 3, 'A'],
    ]);
  });

  it('is an input error untouched (only example rows): exit 1, 村庄 and 干部 hold no data', () => {
    const r = cli(['validate', join(dir, TEMPLATE)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 villages, 0 cadre rows');
    expect(r.stderr).toContain('has no data below its header');
  });
});
