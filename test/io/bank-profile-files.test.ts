import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import { assignTargets } from '../../src/io/documents/banks/assign.js';
import {
  checkGenericValues,
  checkProfileValues,
  type ProfileFileInput,
} from '../../src/io/documents/banks/fields.js';
import { type BankProfile, loadProfiles, parseProfileText } from '../../src/io/documents/banks/profile.js';
import { readBackTextFile, textFileBytes, writeTextFile } from '../../src/io/documents/banks/text-file.js';
import { readBackProfileXlsx, writeProfileXlsx } from '../../src/io/documents/banks/xlsx-file.js';
import { tempDir } from '../helpers/cli.js';

/** Bank profile files byte by byte (spec/banks.md): each feature, the value checks, and the read-back. */

function profile(yaml: string): BankProfile {
  const r = parseProfileText(yaml, 'p.yaml');
  if (!r.profile) throw new Error(JSON.stringify(r.findings));
  return r.profile;
}

const BASE = `id: t
match: [测试银行]
format: text
encoding: gbk
delimiter: "|"
line_end: crlf
header: false
columns:
  - { field: account }
  - { field: name }
  - { field: amount, unit: yuan }
file_name: "{bank}-{batch}.txt"
`;

function input(
  p: BankProfile,
  rows: { name: string; account: string; amountFen: number }[],
): ProfileFileInput {
  return {
    profile: p,
    bankLabel: p.match[0] ?? '',
    year: 2012,
    batch: 'base',
    batchId: '0123456789abcdef',
    rosterDigest: 'd'.repeat(64),
    memo: '2012年度农村干部基本补贴',
    date: '20130120',
    rows: rows.map((r, i) => ({ ...r, idNumber: `11010519491231002${i}`, bank: '测试银行' })),
    totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
    approvals: [],
    excluded: [],
    reissue: null,
  };
}

const TWO = [
  { name: '张三', account: '6222000000000000001', amountFen: 120000 },
  { name: '李四', account: '6222000000000000002', amountFen: 5 },
];

describe('profile file bytes', () => {
  it('GBK: 张 is D5 C5, 三 is C8 FD; CRLF after every line, the last one too; yuan with two decimals', () => {
    const bytes = textFileBytes(input(profile(BASE), TWO));
    const want = Buffer.concat([
      Buffer.from('6222000000000000001|'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from('|1200.00\r\n6222000000000000002|'),
      iconv.encode('李四', 'gbk'),
      Buffer.from('|0.05\r\n'),
    ]);
    expect(bytes.equals(want)).toBe(true);
  });

  it('tab delimiter, LF, a header line, amounts in fen, a summary line with count, total in fen, uppercase, batch, date, payer', () => {
    const p = profile(
      BASE.replace('delimiter: "|"', 'delimiter: "\\t"')
        .replace('line_end: crlf', 'line_end: lf')
        .replace('encoding: gbk', 'encoding: utf-8')
        .replace(
          'header: false',
          'header: true\nsummary:\n  fields: [count, total, total_upper, batch, date, payer_account, payer_name]\npayer: { name: 财政局, account: "9558" }',
        )
        .replace('{ field: amount, unit: yuan }', '{ field: amount, title: 金额, unit: fen }')
        .replace('{ field: name }', '{ field: name, title: 户名 }'),
    );
    const text = textFileBytes(input(p, TWO)).toString('utf8');
    expect(text).toBe(
      '2\t120005\t壹仟贰佰元零伍分\t0123456789abcdef\t20130120\t9558\t财政局\n' +
        'account\t户名\t金额\n' +
        '6222000000000000001\t张三\t120000\n' +
        '6222000000000000002\t李四\t5\n',
    );
  });

  it('UTF-8 with a BOM starts EF BB BF; plain UTF-8 does not; GB18030 holds 𠮷 in four bytes', () => {
    const bom = textFileBytes(input(profile(BASE.replace('gbk', 'utf-8-bom')), TWO));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = textFileBytes(input(profile(BASE.replace('gbk', 'utf-8')), TWO));
    expect(plain[0]).toBe('6'.charCodeAt(0));
    const gb = textFileBytes(
      input(profile(BASE.replace('gbk', 'gb18030')), [{ ...TWO[0], name: '𠮷' } as (typeof TWO)[0]]),
    );
    expect(new TextDecoder('gb18030').decode(gb)).toBe('6222000000000000001|𠮷|1200.00\r\n');
    expect(gb.length).toBe('6222000000000000001||1200.00\r\n'.length + 4);
  });

  it('xlsx: the columns in the profile order, the summary row first, amounts in fen as integers', async () => {
    const p = profile(`id: x
match: [测试银行]
format: xlsx
header: true
summary:
  fields: [count, total]
columns:
  - { field: amount, title: 金额, unit: fen }
  - { field: name, title: 户名 }
  - { field: account, title: 账号 }
file_name: "{bank}-{batch}.xlsx"
sheet: 明细
`);
    const file = join(tempDir('cadre-pxlsx-'), 'x.xlsx');
    await writeProfileXlsx(file, input(p, TWO), '20130120');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('明细') as ExcelJS.Worksheet;
    const rows = [1, 2, 3, 4].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(rows).toEqual([
      [2, 120005],
      ['金额', '户名', '账号'],
      [120000, '张三', '6222000000000000001'],
      [5, '李四', '6222000000000000002'],
    ]);
    expect(await readBackProfileXlsx(file, file, input(p, TWO))).toEqual([]);
  });
});

describe('values a profile cannot hold are errors naming the person, never cut or quoted', () => {
  const codes = (p: BankProfile, rows: typeof TWO) =>
    checkProfileValues(input(p, rows), 'out.txt').map((f) => [f.code, f.params?.name, f.value]);

  it('the delimiter, a line break, a leading = and a character GBK lacks', () => {
    const rows = [
      { name: '张|三', account: '6222000000000000001', amountFen: 100 },
      { name: '李\n四', account: '6222000000000000002', amountFen: 100 },
      { name: '=HYPERLINK()', account: '6222000000000000003', amountFen: 100 },
      { name: '𠮷', account: '6222000000000000004', amountFen: 100 },
    ];
    expect(codes(profile(BASE), rows)).toEqual([
      ['bank_value_delimiter', '张|三', '张|三'],
      ['bank_value_line_break', '李\n四', '李\n四'],
      ['bank_value_formula', '=HYPERLINK()', '=HYPERLINK()'],
      ['bank_value_encoding', '𠮷', '𠮷'],
    ]);
    // what the check guards against: iconv-lite writes '?' for it without a word
    expect(iconv.decode(iconv.encode('𠮷', 'gbk'), 'gbk')).toBe('?');
  });

  it('a memo past max_chars (counted in characters), once, naming the first person', () => {
    const p = profile(
      BASE.replace(
        '  - { field: amount, unit: yuan }',
        '  - { field: amount, unit: yuan }\n  - { field: memo, max_chars: 10 }',
      ),
    );
    const f = checkProfileValues(input(p, TWO), 'out.txt');
    expect(f.map((x) => [x.code, x.params?.name, x.params?.max, x.params?.got])).toEqual([
      ['bank_value_too_long', '张三', 10, 14],
    ]);
  });

  it('a clean file has no finding', () => {
    expect(codes(profile(BASE), TWO)).toEqual([]);
  });
});

describe('read-back refuses a file that is not what was meant', () => {
  const p = profile(BASE.replace('header: false', 'header: false\nsummary:\n  fields: [count, total]'));
  const inp = input(p, TWO);
  const what = async (edit: (b: Buffer) => Buffer) => {
    const file = join(tempDir('cadre-readback-'), 'x.txt');
    await writeTextFile(file, inp);
    writeFileSync(file, edit(readFileSync(file)));
    return (await readBackTextFile(file, 'shown.txt', inp)).map((f) => f.params?.what);
  };

  it('accepts the file as written', async () => {
    expect(await what((b) => b)).toEqual([]);
  });

  it('one digit of an amount changed', async () => {
    const got = await what((b) =>
      Buffer.from(b.toString('latin1').replace('|1200.00', '|1300.00'), 'latin1'),
    );
    expect(got).toContain('第 2 行 amount（张三 110105194912310020）');
    expect(got).toContain('总金额');
  });

  it('a line dropped', async () => {
    const got = await what((b) => {
      const lines = b.toString('latin1').split('\r\n');
      lines.splice(2, 1);
      return Buffer.from(lines.join('\r\n'), 'latin1');
    });
    expect(got).toEqual(expect.arrayContaining(['行数', '笔数', '总金额']));
  });

  it('a name turned into ? (what a silent encoder leaves)', async () => {
    const got = await what((b) =>
      Buffer.from(
        b.toString('latin1').replace(iconv.encode('张三', 'gbk').toString('latin1'), '??'),
        'latin1',
      ),
    );
    expect(got).toEqual(['第 2 行 name（张三 110105194912310020）']);
  });

  it('LF where the profile says CRLF, and no line end after the last line', async () => {
    expect(await what((b) => Buffer.from(b.toString('latin1').replaceAll('\r\n', '\n'), 'latin1'))).toEqual([
      '末行换行',
    ]);
    expect(await what((b) => b.subarray(0, b.length - 2))).toEqual(['末行换行']);
  });

  it('a BOM where the profile has none', async () => {
    expect(await what((b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]))).toContain('BOM');
  });
});

describe('profiles are strict: every error names its key path and line', () => {
  it('a text-only key on an xlsx profile, a column without account, a bad placeholder', () => {
    const r = parseProfileText(
      `id: x
match: [甲银行]
format: xlsx
delimiter: ","
columns:
  - { field: amount }
  - { field: nmae }
file_name: "{bank}-{month}.xlsx"
`,
      'x.yaml',
    );
    expect(r.findings.map((f) => [f.code, f.column, f.row])).toEqual([
      ['bank_profile_text_only', 'delimiter', 4],
      ['bank_profile_enum', 'columns[1].field', 7],
      ['bank_profile_column_needed', 'columns', 6],
      ['bank_profile_file_name', 'file_name', 8],
    ]);
  });
});

describe('more refusals', () => {
  it('the generic layout refuses a name that would be a formula, naming the person', () => {
    const f = checkGenericValues(
      [{ name: '=1+1', idNumber: '110105194912310021', account: '6222000000000000001', amountFen: 1 }],
      'g.xlsx',
    );
    expect(f.map((x) => [x.code, x.header, x.params?.id])).toEqual([
      ['bank_value_formula', '姓名', '110105194912310021'],
    ]);
  });

  it('one 开户行 spelling in two profiles (after NFKC and spaces) is exit 1, naming both files', async () => {
    const dir = tempDir('cadre-two-profiles-');
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'a.yaml'), BASE.replace('match: [测试银行]', 'match: [农商银行]'));
    writeFileSync(
      join(dir, 'b', 'b.yaml'),
      BASE.replace('id: t', 'id: u').replace('match: [测试银行]', 'match: [信用社, 农商　银行]'),
    );
    const e = await loadProfiles(join(dir, 'b')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExitError);
    const err = e as ExitError;
    expect(err.code).toBe(1);
    expect(err.findings.map((f) => [f.code, f.file, f.column, f.params?.other])).toEqual([
      ['bank_profile_same_bank', join(dir, 'b', 'b.yaml'), 'match[1]', join(dir, 'b', 'a.yaml')],
    ]);
  });

  it('read-back of an xlsx profile file refuses an amount changed in Excel', async () => {
    const p = profile(`id: x
match: [测试银行]
format: xlsx
header: true
columns:
  - { field: name, title: 户名 }
  - { field: amount, title: 金额, unit: yuan }
  - { field: account, title: 账号 }
file_name: "{bank}-{batch}.xlsx"
`);
    const file = join(tempDir('cadre-pxlsx-bad-'), 'x.xlsx');
    await writeProfileXlsx(file, input(p, TWO), '20130120');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    (wb.getWorksheet('代发明细') as ExcelJS.Worksheet).getCell('B3').value = 0.5;
    await wb.xlsx.writeFile(file);
    const what = (await readBackProfileXlsx(file, file, input(p, TWO))).map((f) => f.params?.what);
    expect(what).toEqual(['第 3 行 金额（李四 110105194912310021）', '总金额']);
  });
});

describe('file names after matching profiles', () => {
  it('two profiles whose files would have one name (ignoring case) are refused naming both spellings', () => {
    const a = profile(
      BASE.replace('match: [测试银行]', 'match: [甲银行]').replace(
        '"{bank}-{batch}.txt"',
        '"daifa-{batch}.txt"',
      ),
    );
    const b = profile(
      BASE.replace('id: t', 'id: u')
        .replace('match: [测试银行]', 'match: [乙银行]')
        .replace('"{bank}-{batch}.txt"', '"DAIFA-{batch}.txt"'),
    );
    const bank = (name: string) => ({ bank: name, rows: [], totalFen: 0, excluded: [] });
    const { targets, findings } = assignTargets(
      [bank('甲银行'), bank('乙银行'), bank('丙银行')],
      [a, b],
      { year: 2012, batch: 'base', date: '20130120' },
      'out',
      'r.xlsx',
    );
    expect(targets.map((t) => [t.profile.id, t.path])).toEqual([
      ['t', join('out', 'daifa-base.txt')],
      ['u', join('out', 'DAIFA-base.txt')],
      ['generic', join('out', '银行代发-2012-base-丙银行.xlsx')],
    ]);
    expect(findings.map((f) => [f.level, f.code, f.value, f.params?.other])).toEqual([
      ['warning', 'payout_bank_generic', '丙银行', undefined],
      ['error', 'payout_file_name_clash', '乙银行', '甲银行'],
    ]);
  });
});

describe('a file of many people, written and read back a piece at a time', () => {
  // 30,000 people: the file is written 4,096 lines at a time and read a megabyte at a time,
  // so pieces end inside two-byte characters (GB18030) and between CR and LF
  const many = Array.from({ length: 30_000 }, (_, i) => ({
    name: `${'张王李赵钱孙'[i % 6]}${'一二三四五六七八九'[i % 9]}${'甲乙丙丁'[i % 4]}`,
    account: `62220000${String(i).padStart(11, '0')}`,
    amountFen: 100_000 + i,
  }));

  it.each(['gb18030', 'utf-8-bom'])(
    'in %s: the same bytes as written whole, read back clean, a late edit found',
    async (enc) => {
      const p = profile(
        BASE.replace('gbk', enc).replace('header: false', 'header: true\nsummary:\n  fields: [count, total]'),
      );
      const inp = input(p, many);
      const file = join(tempDir('cadre-many-'), 'x.txt');
      await writeTextFile(file, inp);
      const bytes = readFileSync(file);
      expect(bytes.equals(textFileBytes(inp))).toBe(true);
      expect(bytes.length).toBeGreaterThan(1 << 20);
      expect(await readBackTextFile(file, 'x.txt', inp)).toEqual([]);
      // one name near the end changed
      const text = bytes.toString('latin1');
      const at = text.lastIndexOf('62220000000000' + '29990');
      expect(at).toBeGreaterThan(1 << 20);
      writeFileSync(
        file,
        Buffer.from(`${text.slice(0, at)}62220000000000${'29991'}${text.slice(at + 19)}`, 'latin1'),
      );
      const what = (await readBackTextFile(file, 'x.txt', inp)).map((f) => f.params?.what);
      expect(what.some((w) => String(w).startsWith('第 29993 行 account'))).toBe(true);
    },
  );
});
