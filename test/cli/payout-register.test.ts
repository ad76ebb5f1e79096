import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * The payout register through the real CLI (spec/banks.md): no batch paid twice, whatever
 * -o and --force; an overlapping batch refused; a reissue with a reason, recorded and shown
 * on the summary and the xlsx control sheet, never in a text upload file; subsidy never
 * replaces a roster that records a batch; a register file catches copies of the roster.
 */

interface Finding {
  level: string;
  code: string;
  message: string;
  value: string;
}

const work = tempDir('cadre-register-');
const input = join(work, 'input.xlsx');
const out = join(work, 'out');
const roster = join(out, '审批花名册-2012.xlsx');
const before = join(work, 'approved-before-payout.xlsx');
const banks = join(work, 'banks');

const TXT = `id: rcrcb-txt
match: [农商银行, 信用社]
format: text
encoding: gb18030
delimiter: "|"
line_end: crlf
header: false
summary:
  fields: [count, total]
columns:
  - { field: account }
  - { field: name }
  - { field: amount, unit: yuan }
  - { field: memo, max_chars: 20 }
file_name: "{bank}-{year}-{batch}.txt"
`;

const errors = (r: ReturnType<typeof cli>) =>
  (r.json().findings as Finding[]).filter((f) => f.level === 'error').map((f) => f.code);

/** The roster's 校验 › 发放记录 rows, read with exceljs: [batch, batchId, issue, …]. */
async function register(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('校验') as ExcelJS.Worksheet;
  const rows: string[][] = [];
  let inTable = false;
  ws.eachRow((row) => {
    const cells = (row.values as unknown[])
      .slice(1)
      .map((v) => (v === null || v === undefined ? '' : String(v)));
    if (cells[0] === '批次类型') inTable = true;
    else if (inTable && cells[0]) rows.push(cells);
  });
  return rows;
}

async function sheetText(file: string, sheet: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[] = [];
  wb.getWorksheet(sheet)?.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).join(' '));
  });
  return out.join('\n');
}

beforeAll(async () => {
  await writeWorkbook(input, sampleData());
  const s = cli(['subsidy', input, '-o', out, '--prepared-by', '张三', '--as-of', '2012-12-31', '--json']);
  if (s.code !== 0) throw new Error(`subsidy failed: ${s.stdout}${s.stderr}`);
  for (const [dept, by] of [
    ['组织部', '李四'],
    ['财政局', '王五'],
  ] as const) {
    const a = cli(['approve', roster, '--dept', dept, '--by', by, '--json']);
    if (a.code !== 0) throw new Error(`approve failed: ${a.stdout}${a.stderr}`);
  }
  copyFileSync(roster, before);
  mkdirSync(banks);
  writeFileSync(join(banks, 'rcrcb.yaml'), TXT);
}, 120_000);

describe('the payout register', () => {
  const first = join(work, 'pay1');
  let firstBody: Record<string, unknown>;

  it('records the issued batch in 校验 › 发放记录 and says so in --json', async () => {
    const r = cli([
      'payout',
      roster,
      '--batch',
      'base',
      '-o',
      first,
      '--banks',
      banks,
      '--json',
      '--unsigned',
    ]);
    expect(r.code, r.stdout).toBe(0);
    firstBody = r.json();
    expect(firstBody.register).toEqual({
      issue: 1,
      reissue: false,
      reason: null,
      summary: join(first, '代发汇总表-2012-base.xlsx'),
    });
    const rows = await register(roster);
    expect(rows).toHaveLength(1);
    const [batch, batchId, issue, at, files, count, total, signed, reason] = rows[0] as string[];
    expect([batch, batchId, issue, signed, reason ?? '']).toEqual(['base', firstBody.batchId, '1', '否', '']);
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(files?.split('；').sort()).toEqual(readdirSync(first).sort());
    const bankList = firstBody.banks as { count: number; totalFen: number }[];
    expect(Number(count)).toBe(bankList.reduce((s, b) => s + b.count, 0));
    expect(Number(total)).toBe(bankList.reduce((s, b) => s + b.totalFen, 0));
  });

  it('refuses the same batch again (exit 3) into another folder, even with --force, and writes nothing', () => {
    const o = join(work, 'pay-again');
    const rosterBytes = readFileSync(roster);
    const r = cli([
      'payout',
      roster,
      '--batch',
      'base',
      '-o',
      o,
      '--force',
      '--banks',
      banks,
      '--json',
      '--unsigned',
    ]);
    expect(r.code).toBe(3);
    expect(errors(r)).toEqual(['payout_already_issued']);
    expect(existsSync(o)).toBe(false);
    expect(readFileSync(roster).equals(rosterBytes)).toBe(true);
  });

  it('refuses an overlapping batch: all after base, naming the base issue and its files', () => {
    const r = cli(['payout', roster, '--batch', 'all', '-o', join(work, 'pay-all'), '--json', '--unsigned']);
    expect(r.code).toBe(3);
    const f = (r.json().findings as Finding[]).filter((x) => x.code === 'payout_already_issued');
    expect(f.map((x) => x.value)).toEqual(['base']);
    expect(f[0]?.message).toContain('农商银行-2012-base.txt');
  });

  it('pays reward after base (they do not overlap), then refuses all', async () => {
    const r = cli([
      'payout',
      roster,
      '--batch',
      'reward',
      '-o',
      join(work, 'pay-reward'),
      '--json',
      '--unsigned',
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect((await register(roster)).map((x) => [x[0], x[2]])).toEqual([
      ['base', '1'],
      ['reward', '1'],
    ]);
  });

  it('needs --reason with --reissue, and --reissue with --reason (exit 2)', () => {
    const o = join(work, 'never');
    expect(
      cli(['payout', roster, '--batch', 'base', '-o', o, '--reissue', '--json', '--unsigned']).code,
    ).toBe(2);
    expect(
      cli(['payout', roster, '--batch', 'base', '-o', o, '--reason', 'x', '--json', '--unsigned']).code,
    ).toBe(2);
    expect(existsSync(o)).toBe(false);
  });

  it('reissues with a reason: same batch id, issue 2, 重发 and the reason on the summary and the xlsx control sheet, never in the text file', async () => {
    const o = join(work, 'pay-reissue');
    const reason = '银行退回：卡号错误';
    const r = cli([
      'payout',
      roster,
      '--batch',
      'base',
      '-o',
      o,
      '--banks',
      banks,
      '--reissue',
      '--reason',
      reason,
      '--json',
      '--unsigned',
    ]);
    expect(r.code, r.stdout).toBe(0);
    const body = r.json();
    expect(body.batchId).toBe(firstBody.batchId);
    expect(body.register).toMatchObject({ issue: 2, reissue: true, reason });
    const summary = await sheetText(join(o, '代发汇总表-2012-base.xlsx'), '代发汇总表');
    expect(summary).toContain('重发，第 2 次');
    expect(summary).toContain(`重发原因：${reason}`);
    const control = await sheetText(join(o, '银行代发-2012-base-工商银行.xlsx'), '控制信息');
    expect(control).toContain(reason);
    expect(control).toContain('重发');
    // the upload text file is the same bytes as the first issue's
    const txt = '农商银行-2012-base.txt';
    expect(readFileSync(join(o, txt)).equals(readFileSync(join(first, txt)))).toBe(true);
    expect((await register(roster)).map((x) => [x[0], x[2], x[8] ?? ''])).toEqual([
      ['base', '1', ''],
      ['reward', '1', ''],
      ['base', '2', reason],
    ]);
  });

  it('refuses a reissue of a batch never issued', () => {
    const copy = join(work, 'fresh.xlsx');
    copyFileSync(before, copy);
    const r = cli([
      'payout',
      copy,
      '--batch',
      'base',
      '-o',
      join(work, 'n2'),
      '--reissue',
      '--reason',
      'x',
      '--json',
      '--unsigned',
    ]);
    expect(r.code).toBe(3);
    expect(errors(r)).toEqual(['payout_reissue_nothing']);
  });

  it('keeps every record of 发放记录 when a department signs over its unsigned approval afterwards', async () => {
    const recorded = await register(roster);
    expect(recorded.length).toBeGreaterThanOrEqual(2);
    const keys = join(work, 'keys');
    const env = { CADRE_CALC_PASSPHRASE: 'register test passphrase' };
    const k = cli(['keys', 'new', '--dept', '财政局', '--by', '王五', '-o', keys, '--json'], env);
    expect(k.code, k.stdout).toBe(0);
    const a = cli(
      ['approve', roster, '--dept', '财政局', '--key', join(keys, '财政局-王五.key'), '--json'],
      env,
    );
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(await register(roster)).toEqual(recorded);
    const again = cli([
      'payout',
      roster,
      '--batch',
      'base',
      '-o',
      join(work, 'after-sign'),
      '--json',
      '--unsigned',
    ]);
    expect(again.code).toBe(3);
    expect(errors(again)).toContain('payout_already_issued');
  });

  it('subsidy never replaces a roster that records an issued batch, even with --force', () => {
    const rosterBytes = readFileSync(roster);
    const s = cli(['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--force', '--json']);
    expect(s.code).toBe(3);
    expect(errors(s)).toEqual(['roster_has_register']);
    expect(readFileSync(roster).equals(rosterBytes)).toBe(true);
  });
});

describe('a register file catches a copy of the roster made before its first payout', () => {
  it('refuses the copy with --register, pays it without (the copy carries no record)', () => {
    const reg = join(work, 'registry', '发放登记.jsonl');
    const a = join(work, 'copy-a.xlsx');
    const b = join(work, 'copy-b.xlsx');
    copyFileSync(before, a);
    copyFileSync(before, b);
    const r1 = cli([
      'payout',
      a,
      '--batch',
      'reward',
      '-o',
      join(work, 'ra'),
      '--register',
      reg,
      '--json',
      '--unsigned',
    ]);
    expect(r1.code, r1.stdout).toBe(0);
    const lines = readFileSync(reg, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      batch: 'reward',
      issue: 1,
      batchId: r1.json().batchId,
    });

    const r2 = cli(['payout', b, '--batch', 'all', '-o', join(work, 'rb'), '--json', '--unsigned'], {
      CADRE_CALC_REGISTER: reg,
    });
    expect(r2.code).toBe(3);
    expect(errors(r2)).toEqual(['payout_already_issued']);
    expect(readFileSync(reg, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
