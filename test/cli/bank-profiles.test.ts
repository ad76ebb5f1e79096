import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Bank profiles through the real CLI (spec/banks.md): subsidy → approve ×2 → payout --banks
 * with a GB18030 pipe text with a count/total line, a UTF-8-BOM CSV with a header and fen,
 * an xlsx with the columns in another order, and a bank left to the generic layout. The
 * files are read here byte by byte (TextDecoder, exceljs), never through the tool's reader;
 * the amounts are checked against the roster read with exceljs.
 */

const work = tempDir('cadre-banks-');
const input = join(work, 'input.xlsx');
const out = join(work, 'out');
const roster = join(out, '审批花名册-2012.xlsx');
const profiles = join(work, 'banks');

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
  - { field: account, title: 卡号 }
  - { field: name, title: 户名 }
  - { field: amount, title: 金额, unit: yuan }
  - { field: memo, title: 摘要, max_chars: 20 }
  - { field: constant, value: "0", title: 币种 }
file_name: "{bank}-{year}-{batch}.txt"
`;
const CSV = `id: psbc-csv
match: [邮储银行]
format: text
encoding: utf-8-bom
delimiter: ","
line_end: lf
header: true
columns:
  - { field: seq, title: 序号 }
  - { field: name, title: 姓名 }
  - { field: account, title: 账号 }
  - { field: amount, title: 金额（分）, unit: fen }
  - { field: id_number, title: 证件号码 }
file_name: "代发-{bank}-{year}-{batch}.csv"
`;
const XLSX = `id: ccb-xlsx
match: [建设银行]
format: xlsx
header: true
columns:
  - { field: account, title: 收款账号 }
  - { field: amount, title: 金额, unit: yuan }
  - { field: name, title: 收款户名 }
  - { field: id_number, title: 身份证号 }
file_name: "{bank}代发-{year}-{batch}.xlsx"
sheet: 代发数据
`;

/** Per ID: bank, name, card and the base subsidy in fen, summed over the roster's paid rows, no hold. */
async function rosterBase(): Promise<
  Map<string, { bank: string; name: string; account: string; fen: number }>
> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(roster);
  const ws = wb.getWorksheet('花名册') as ExcelJS.Worksheet;
  let header = 0;
  const cols = new Map<string, number>();
  for (let r = 1; r <= 10 && !header; r++) {
    if (String(ws.getRow(r).getCell(1).value ?? '').trim() !== '序号') continue;
    header = r;
    ws.getRow(r).eachCell((c, n) => cols.set(String(c.value).trim(), n));
  }
  const at = (row: ExcelJS.Row, h: string) => row.getCell(cols.get(h) as number).value;
  const out = new Map<string, { bank: string; name: string; account: string; fen: number }>();
  const held = new Set<string>();
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = String(row.getCell(1).value ?? '').trim();
    if (!first || first === '合计') break;
    const id = String(at(row, '身份证号'));
    if (String(at(row, '暂停发放') ?? '').trim()) held.add(id);
    const fen = Math.round(Number((at(row, '基本补贴') as number).toFixed(2)) * 100);
    if (!fen) continue;
    const cur = out.get(id) ?? {
      bank: String(at(row, '开户行')),
      name: String(at(row, '姓名')),
      account: String(at(row, '银行卡号')),
      fen: 0,
    };
    cur.fen += fen;
    out.set(id, cur);
  }
  for (const id of held) out.delete(id);
  return out;
}

let body: Record<string, unknown>;
let stderr = '';
let expected: Awaited<ReturnType<typeof rosterBase>>;

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
  writeFileSync(join(work, 'before-payout.xlsx'), readFileSync(roster));
  mkdirSync(profiles);
  writeFileSync(join(profiles, 'rcrcb.yaml'), TXT);
  writeFileSync(join(profiles, 'psbc.yaml'), CSV);
  writeFileSync(join(profiles, 'ccb.yml'), XLSX);
  const r = cli([
    'payout',
    roster,
    '--batch',
    'base',
    '-o',
    join(work, 'bank'),
    '--banks',
    profiles,
    '--json',
    '--unsigned',
  ]);
  if (r.code !== 0) throw new Error(`payout failed (${r.code}): ${r.stdout}${r.stderr}`);
  body = r.json();
  stderr = r.stderr;
  expected = await rosterBase();
}, 120_000);

const bankDir = () => join(work, 'bank');
const people = (banks: string[]) => [...expected.entries()].filter(([, v]) => banks.includes(v.bank));
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

describe('payout --banks: each bank in its own format', () => {
  it('writes one file per profile (both spellings of 农商银行 in one) and a generic file for the bank no profile matches', () => {
    const files = readdirSync(bankDir())
      .filter((f) => !f.startsWith('代发汇总表'))
      .sort();
    expect(files).toEqual(
      [
        '农商银行-2012-base.txt',
        '代发-邮储银行-2012-base.csv',
        '建设银行代发-2012-base.xlsx',
        '银行代发-2012-base-工商银行.xlsx',
      ].sort(),
    );
    const banks = body.banks as { bank: string; profile: string; count: number; totalFen: number }[];
    expect(banks.map((b) => [b.bank, b.profile]).sort()).toEqual(
      [
        ['农商银行', 'rcrcb-txt'],
        ['邮储银行', 'psbc-csv'],
        ['建设银行', 'ccb-xlsx'],
        ['工商银行', 'generic'],
      ].sort(),
    );
    // the warning names the bank left to the generic layout
    const warnings = (body.findings as { code: string; value: string }[]).filter(
      (f) => f.code === 'payout_bank_generic',
    );
    expect(warnings.map((w) => w.value)).toEqual(['工商银行']);
    expect(stderr).toBe('');
  });

  it('GB18030 pipe text: a count|total first line, CRLF after every line, yuan with two decimals', () => {
    const bytes = readFileSync(join(bankDir(), '农商银行-2012-base.txt'));
    // not UTF-8: the Chinese name is two bytes per character in GB18030
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('gb18030').decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const lines = text.slice(0, -2).split('\r\n');
    const ps = people(['农商银行', '信用社']);
    const total = ps.reduce((s, [, v]) => s + v.fen, 0);
    expect(lines[0]).toBe(`${ps.length}|${yuan(total)}`);
    expect(lines.slice(1).sort()).toEqual(
      ps.map(([, v]) => `${v.account}|${v.name}|${yuan(v.fen)}|2012年度农村干部基本补贴|0`).sort(),
    );
    // the name's bytes are GB18030's own
    const [, first] = ps[0] as [string, { name: string }];
    const gb = Buffer.from(new TextEncoder().encode(first.name));
    expect(bytes.includes(gb)).toBe(false);
  });

  it('UTF-8-BOM CSV: EF BB BF first, a header line, LF only, amounts in fen, serial numbers', () => {
    const bytes = readFileSync(join(bankDir(), '代发-邮储银行-2012-base.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
    expect(text).not.toContain('\r');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines[0]).toBe('序号,姓名,账号,金额（分）,证件号码');
    const ps = people(['邮储银行']);
    expect(lines.slice(1)).toEqual(ps.map(([id, v], i) => `${i + 1},${v.name},${v.account},${v.fen},${id}`));
  });

  it('xlsx with the columns in another order: account, amount, name, ID under one header row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(bankDir(), '建设银行代发-2012-base.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['代发数据', '控制信息']);
    const ws = wb.getWorksheet('代发数据') as ExcelJS.Worksheet;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['收款账号', '金额', '收款户名', '身份证号']);
    const ps = people(['建设银行']);
    expect(ps).toHaveLength(1);
    const [id, v] = ps[0] as [string, { name: string; account: string; fen: number }];
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe(v.account);
    expect(typeof row.getCell(1).value).toBe('string');
    expect(Math.round((row.getCell(2).value as number) * 100)).toBe(v.fen);
    expect(row.getCell(2).numFmt).toBe('0.00');
    expect([row.getCell(3).value, row.getCell(4).value]).toEqual([v.name, id]);
    expect(ws.rowCount).toBe(2);
  });

  it('the generic file is exactly what payout writes without --banks', () => {
    const plain = join(work, 'plain');
    const copy = join(work, 'roster-copy.xlsx');
    writeFileSync(copy, readFileSync(join(work, 'before-payout.xlsx')));
    const r = cli(['payout', copy, '--batch', 'base', '-o', plain, '--json', '--unsigned'], {
      CADRE_CALC_BANKS: '',
    });
    expect(r.code, r.stdout).toBe(0);
    const name = '银行代发-2012-base-工商银行.xlsx';
    expect(readFileSync(join(plain, name)).equals(readFileSync(join(bankDir(), name)))).toBe(true);
    expect((r.json().banks as { profile: string }[]).every((b) => b.profile === 'generic')).toBe(true);
  });
});

describe('bank profiles are checked strictly', () => {
  it('refuses an unknown key and a bad encoding, naming the file, the line and the key path (exit 1)', () => {
    const dir = join(work, 'bad-banks');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'x.yaml'),
      TXT.replace('encoding: gb18030', 'encoding: big5').replace(
        'header: false',
        'header: false\nquote: "\\""',
      ),
    );
    const r = cli([
      'payout',
      roster,
      '--batch',
      'reward',
      '-o',
      join(work, 'never'),
      '--banks',
      dir,
      '--json',
      '--unsigned',
    ]);
    expect(r.code).toBe(1);
    const f = r.json().findings as { code: string; column: string; row: number; file: string }[];
    expect(f.map((x) => [x.code, x.column, x.row])).toEqual([
      ['bank_profile_enum', 'encoding', 4],
      ['bank_profile_unknown_key', 'quote', 8],
    ]);
    expect(f.every((x) => x.file === join(dir, 'x.yaml'))).toBe(true);
  });

  it('refuses (exit 3, nothing written) a memo past the profile limit, naming the person', () => {
    const dir = join(work, 'short-memo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.yaml'), TXT.replace('max_chars: 20', 'max_chars: 5'));
    const o = join(work, 'never2');
    const r = cli([
      'payout',
      join(work, 'before-payout.xlsx'),
      '--batch',
      'base',
      '-o',
      o,
      '--banks',
      dir,
      '--json',
      '--unsigned',
    ]);
    expect(r.code).toBe(3);
    const f = (
      r.json().findings as { code: string; params?: Record<string, unknown>; message: string }[]
    ).filter((x) => x.code === 'bank_value_too_long');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toMatch(/^(傅磊芳|石松波) \(\d{17}[\dX]\): 摘要 has 14 characters, past the 5/);
    expect(() => readdirSync(o)).toThrow();
  });

  it('takes the profiles from CADRE_CALC_BANKS as from --banks', () => {
    const copy = join(work, 'roster-env.xlsx');
    writeFileSync(copy, readFileSync(join(work, 'before-payout.xlsx')));
    const r = cli(['payout', copy, '--batch', 'base', '-o', join(work, 'env'), '--json', '--unsigned'], {
      CADRE_CALC_BANKS: profiles,
    });
    expect(r.code, r.stdout).toBe(0);
    const got = (r.json().banks as { profile: string }[]).map((b) => b.profile).sort();
    expect(got).toEqual(['ccb-xlsx', 'generic', 'psbc-csv', 'rcrcb-txt']);
    expect(
      readFileSync(join(work, 'env', '农商银行-2012-base.txt')).equals(
        readFileSync(join(bankDir(), '农商银行-2012-base.txt')),
      ),
    ).toBe(true);
  });
});
