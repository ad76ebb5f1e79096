import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decimalValue,
  exactFixed,
  intWidth,
  moneyWidth,
  yuanPlain,
  yuanShown,
  yuanValue,
} from '../../../src/io/xlsx/layout.js';
import {
  type CellInput,
  type Column,
  fileSink,
  type RowSource,
  SAMPLE_ROWS,
  XlsxWriter,
} from '../../../src/io/xlsx/writer.js';
import { readZipDirectory } from '../../../src/io/xlsx/zip.js';
import { Exact } from '../../../src/rules/exact.js';
import { formatYuan } from '../../../src/rules/money.js';

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

const COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '姓名', kind: 'text', maxWidth: 8 },
  { header: '身份证号', kind: 'code' },
  { header: '应发合计', kind: 'money' },
  { header: '比例', kind: 'decimal', places: 4, numFmt: '0.0###' },
];

const ID = '37108219650314001X';

/** Two sheets: a roster-like table with a title, a 合计 row and a signature, and a small second one. */
async function sample(level?: number): Promise<Buffer> {
  const xw = XlsxWriter.toBuffer({
    creator: 'cadre-calc',
    sheets: ['名单', '校验'],
    date: '2013-01-05',
    ...(level ? { level } : {}),
  });
  const a = await xw.sheet('名单');
  a.title('荣成市2012年度农村干部补贴审批花名册');
  a.table(
    COLUMNS,
    [
      [1, '王建国', ID, 233871, Exact.parse('0.7')],
      [2, '一个名字很长很长需要换行的人', '371082197005210028', 0, null],
    ],
    ['合计', null, null, 233871, null],
  );
  a.signature(['制表人：郑会计', '审核人：', '审批人：', '日期：2013年1月5日']);
  await a.finish({ freezeColumns: 2 });
  const b = await xw.sheet('校验');
  b.title('校验信息');
  b.table([{ header: '项目', kind: 'text' }], [['x']]);
  await b.finish();
  await xw.close();
  return xw.bytes();
}

describe('a workbook written by xlsx-fast, read back with exceljs', () => {
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    wb = await load(await sample());
    ws = wb.getWorksheet('名单') as ExcelJS.Worksheet;
  });

  it('has the declared sheets in order and the run date as the document date', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['名单', '校验']);
    expect(wb.created.toISOString()).toBe('2013-01-05T00:00:00.000Z');
    expect(wb.creator).toBe('cadre-calc');
  });

  it('merges the title across every column and heads the table in row 2 in bold on grey', () => {
    expect(ws.getCell('A1').value).toBe('荣成市2012年度农村干部补贴审批花名册');
    expect(ws.getCell('E1').master.address).toBe('A1');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '姓名', '身份证号', '应发合计', '比例']);
    const h = ws.getCell('C2');
    expect(h.font?.bold).toBe(true);
    expect(h.font?.name).toBe('宋体');
    expect((h.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFE7E6E6');
    expect(h.border?.top?.style).toBe('thin');
  });

  it('writes money as yuan numbers in #,##0.00, IDs as text in @, decimals rounded in their format', () => {
    expect(ws.getCell('D3').value).toBe(2338.71);
    expect(ws.getCell('D3').numFmt).toBe('#,##0.00');
    expect(ws.getCell('C3').value).toBe(ID);
    expect(ws.getCell('C3').numFmt).toBe('@');
    expect(ws.getCell('E3').value).toBe(0.7);
    expect(ws.getCell('E3').numFmt).toBe('0.0###');
    expect(ws.getCell('D4').value).toBe(0);
    expect(ws.getCell('E4').value).toBeNull();
    // an empty cell keeps its border, like every cell of the table
    expect(ws.getCell('E4').border?.bottom?.style).toBe('thin');
  });

  it('closes with a bold 合计 row and signs under the table in four stretches', () => {
    expect(ws.getCell('A5').value).toBe('合计');
    expect(ws.getCell('A5').font?.bold).toBe(true);
    expect(ws.getCell('D5').value).toBe(2338.71);
    const texts: string[] = [];
    ws.getRow(7).eachCell((c) => {
      if (typeof c.value === 'string' && c.master.address === c.address) texts.push(c.value);
    });
    expect(texts).toEqual(['制表人：郑会计', '审核人：', '审批人：', '日期：2013年1月5日']);
  });

  it('sizes columns to content (CJK double) and wraps a long text with a taller row', () => {
    const w = (c: number) => ws.getColumn(c).width ?? 0;
    expect(w(3)).toBeGreaterThanOrEqual(18);
    expect(w(3)).toBeGreaterThan(w(1));
    // the long name (28 wide) does not widen its column past what the title needs: it wraps
    expect(w(2)).toBeLessThan(28 + 1.2);
    expect(ws.getRow(4).height).toBeGreaterThan(ws.getRow(3).height ?? 0);
  });

  it('freezes panes below the header and right of the frozen columns', () => {
    const v = ws.views[0] as { state?: string; xSplit?: number; ySplit?: number };
    expect(v.state).toBe('frozen');
    expect(v.ySplit).toBe(2);
    expect(v.xSplit).toBe(2);
  });

  it('prints on A4 landscape, one page wide, the header repeated, each sheet numbered from 1', () => {
    for (const s of wb.worksheets) {
      expect(s.pageSetup.paperSize, s.name).toBe(9);
      expect(s.pageSetup.orientation, s.name).toBe('landscape');
      expect(s.pageSetup.fitToPage, s.name).toBe(true);
      expect(s.pageSetup.fitToWidth, s.name).toBe(1);
      expect(s.pageSetup.fitToHeight, s.name).toBe(0);
      expect(s.pageSetup.printTitlesRow, s.name).toBe('2:2');
      expect(s.headerFooter.oddFooter).toBe('&C&A　第 &P 页 共 &N 页');
    }
  });
});

describe('print options beyond one page wide', () => {
  it('prints a sheet N pages wide with columns repeated, keeps another out of print, hides a third', async () => {
    const xw = XlsxWriter.toBuffer({
      sheets: ['宽表', '明细', '隐藏'],
      date: '2013-01-05',
      hidden: ['隐藏'],
    });
    const cols: Column[] = ['甲', '乙', '丙', '丁', '戊'].map((header) => ({ header, kind: 'text' }));
    for (const [name, print] of [
      ['宽表', { pagesWide: 2, repeatColumns: 3 }],
      ['明细', { notPrinted: { pageHeader: '不宜打印' } }],
      ['隐藏', {}],
    ] as const) {
      const sb = await xw.sheet(name);
      sb.title(name);
      sb.table(cols, [['a', 'b', 'c', 'd', 'e']]);
      await sb.finish({ print });
    }
    await xw.close();
    const back = await load(xw.bytes());
    const wide = back.getWorksheet('宽表') as ExcelJS.Worksheet;
    expect(wide.pageSetup.fitToWidth).toBe(2);
    expect(wide.pageSetup.pageOrder).toBe('overThenDown');
    expect(wide.pageSetup.printTitlesColumn).toBe('A:C');
    expect(wide.pageSetup.printTitlesRow).toBe('2:2');
    const detail = back.getWorksheet('明细') as ExcelJS.Worksheet;
    expect(detail.pageSetup.printArea).toBe('A1:E1');
    expect(detail.pageSetup.printTitlesRow).toBeUndefined();
    expect(detail.headerFooter.oddHeader).toBe('&C不宜打印');
    expect((back.getWorksheet('隐藏') as ExcelJS.Worksheet).state).toBe('hidden');
    expect(wide.state).toBe('visible');
  });

  it('refuses to hide every sheet', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['甲'], date: '2013-01-05', hidden: ['甲'] });
    const sb = await xw.sheet('甲');
    sb.title('甲');
    await sb.finish();
    await expect(xw.close()).rejects.toThrow(/hidden/);
  });
});

describe("tables without a header row, and headers that are not the sheet's", () => {
  it('puts label/value rows right under each other, each table typing its own values, and freezes only the first titled header', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['控制信息'], date: '2013-01-05' });
    const sb = await xw.sheet('控制信息');
    const label: Column = { header: '项目', kind: 'text' };
    sb.table([label, { header: '笔数', kind: 'int' }], [['笔数', 4]], undefined, { header: false });
    sb.table(
      [label, { header: '总金额', kind: 'decimal', places: 2, numFmt: '0.00' }],
      [['总金额', 2280.8]],
      undefined,
      {
        header: false,
      },
    );
    sb.table([label, { header: '内容', kind: 'code' }], [['批次', '0123']], undefined, { header: false });
    sb.blank();
    sb.table([{ header: '部门', kind: 'code' }], [['组织部']], undefined, { titles: false });
    sb.table([{ header: '身份证号', kind: 'code' }], [[ID]]);
    expect((await sb.finish()).headerRow).toBe(7);
    await xw.close();
    const ws = (await load(xw.bytes())).getWorksheet('控制信息') as ExcelJS.Worksheet;
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toEqual([
      ['笔数', 4],
      ['总金额', 2280.8],
      ['批次', '0123'],
      [],
      ['部门'],
      ['组织部'],
      ['身份证号'],
      ['37108219650314001X'],
    ]);
    expect(ws.getCell('B2').numFmt).toBe('0.00');
    expect(ws.getCell('B3').numFmt).toBe('@');
    // the frozen header is the one table that may be the sheet's
    expect((ws.views[0] as { ySplit?: number }).ySplit).toBe(7);
  });
});

describe('bytes', () => {
  it('are the same for the same input, whatever the clock, with every zip entry dated 1980-01-01 00:00', async () => {
    const a = await sample();
    const b = await sample();
    expect(a.equals(b)).toBe(true);
    // central directory entries: signature PK\1\2, DOS time at +12, DOS date at +14
    let entries = 0;
    for (
      let p = a.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
      p >= 0;
      p = a.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), p + 4)
    ) {
      expect(a.readUInt16LE(p + 12)).toBe(0);
      expect(a.readUInt16LE(p + 14)).toBe((1 << 5) | 1);
      entries++;
    }
    expect(entries).toBe(Object.keys(unzipSync(a)).length);
  });

  it('list [Content_Types].xml first, and read back the same at deflate levels 1 and 6', async () => {
    const fast = await sample(1);
    const small = await sample(6);
    expect(Object.keys(unzipSync(fast))[0]).toBe('[Content_Types].xml');
    const cell = async (bytes: Buffer) => (await load(bytes)).getWorksheet('名单')?.getCell('C3').value;
    expect(await cell(small)).toBe(ID);
    expect(await cell(fast)).toBe(ID);
    expect(small.length).toBeLessThan(fast.length);
  });
});

describe('text', () => {
  const nasty = [
    'A&B <c> "d" \'e\'',
    '  leading and trailing  ',
    'line one\nline two',
    '王　芳',
    '𠀋 emoji 😀',
    '_x0041_ stays as typed',
    ']]> and &amp; as typed',
  ];

  it('survives XML: & < > quotes, edge spaces, line breaks, CJK, astral characters, look-alike escapes', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['文本'], date: '2013-01-05' });
    const s = await xw.sheet('文本');
    s.table(
      [{ header: '内容', kind: 'text', maxWidth: 60 }],
      nasty.map((t) => [t]),
    );
    await s.finish();
    await xw.close();
    const ws = (await load(xw.bytes())).getWorksheet('文本') as ExcelJS.Worksheet;
    expect(nasty.map((_, i) => ws.getCell(2 + i, 1).value)).toEqual(nasty);
  });

  it('copies a token column as it is, as text, and refuses a token that is not one before writing it', async () => {
    const tokens = ['Ab+/09xyz', 'q'.repeat(43), 'a-b_c.d~e'];
    const xw = XlsxWriter.toBuffer({ sheets: ['码'], date: '2013-01-05' });
    const s = await xw.sheet('码');
    s.table(
      [{ header: '摘要', kind: 'token' }],
      tokens.map((t) => [t]),
    );
    await s.finish();
    await xw.close();
    const ws = (await load(xw.bytes())).getWorksheet('码') as ExcelJS.Worksheet;
    expect(tokens.map((_, i) => ws.getCell(2 + i, 1).value)).toEqual(tokens);
    expect(ws.getCell('A2').numFmt).toBe('@');
    for (const bad of ['a<b', 'a&b', 'a"b', 'a b', '甲', 'a\nb']) {
      const w2 = XlsxWriter.toBuffer({ sheets: ['码'], date: '2013-01-05' });
      const s2 = await w2.sheet('码');
      s2.table([{ header: '摘要', kind: 'token' }], [[bad]]);
      await expect(s2.finish()).rejects.toThrow(/token cell holds U\+/);
    }
  });

  it('writes rows given as bytes exactly as the same rows given as values', async () => {
    const n = 300;
    const digests = Buffer.from(
      Array.from({ length: n }, (_, i) => `d${String(i).padStart(5, '0')}+/x\n`).join(''),
      'latin1',
    );
    const codes = Buffer.from(
      Array.from({ length: n }, (_, i) => `c${String(i * 7).padStart(4, '0')}`).join(''),
      'latin1',
    );
    const columns: Column[] = [
      { header: '行', kind: 'int' },
      { header: '摘要', kind: 'token' },
      { header: '码', kind: 'token' },
      { header: '项目', kind: 'text' },
    ];
    const get = (i: number): CellInput[] => {
      const row: CellInput[] = [
        100 + i,
        digests.toString('latin1', i * 10, i * 10 + 9),
        codes.toString('latin1', i * 5, i * 5 + 5),
      ];
      if (i < 3) row.push(`项目${i}`);
      return row;
    };
    const sheetXml = async (bytes: boolean) => {
      const xw = XlsxWriter.toBuffer({ sheets: ['码'], date: '2013-01-05' });
      const s = await xw.sheet('码');
      const tokens = [
        { bytes: digests, stride: 10, offset: 0, width: 9 },
        { bytes: codes, stride: 5, offset: 0, width: 5 },
      ];
      s.table(columns, {
        length: n,
        get,
        ...(bytes ? { bytes: { from: 3, first: (i: number) => 100 + i, tokens } } : {}),
      });
      await s.finish();
      await xw.close();
      return new TextDecoder().decode(unzipSync(xw.bytes())['xl/worksheets/sheet1.xml']);
    };
    const plain = await sheetXml(false);
    expect(plain).toContain('<t>d00299+/x</t>');
    // the same, but for the empty bordered cells of the last column, which byte rows leave out
    const rowsFrom3 = /<c r="D([4-9]|\d\d+)" s="\d+"\/>/g;
    expect(plain.match(rowsFrom3)).toHaveLength(n - 3);
    expect(await sheetXml(true)).toBe(plain.replace(rowsFrom3, ''));

    // a byte that is not a token's is refused, as a string token is
    digests[50] = 0x3c;
    await expect(sheetXml(true)).rejects.toThrow(/token cell holds U\+003c/);
  });

  it('writes a decimal or money cell of an exact value as digits, the same XML as through its text', async () => {
    // the text way is the one taken when a hook sees every text: the two must not differ
    const values: CellInput[] = [
      Exact.of(0n),
      Exact.of(-5n, 100n),
      Exact.of(12345n, 10000n),
      Exact.of(10000n, 10000n),
      Exact.of(-3n),
      Exact.of(1n, 3n),
      Exact.of(2n ** 53n - 1n, 10n ** 4n),
      Exact.of(2n ** 60n, 7n),
      ...fc.sample(
        fc
          .tuple(
            fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }),
            fc.constantFrom(1n, 2n, 4n, 5n, 8n, 100n, 3n, 10n ** 6n),
          )
          .map(([n, d]) => Exact.of(n, d)),
        { numRuns: 2000, seed: 11 },
      ),
    ];
    // fen: whole amounts of any size a double holds exactly, -0, and a fraction of a fen
    const fen: CellInput[] = [
      0,
      -0,
      -5,
      120000,
      123450,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      12.5,
      ...fc.sample(fc.integer({ min: -1e13, max: 1e13 }), { numRuns: values.length, seed: 5 }),
    ];
    const xmlOf = async (hook: boolean) => {
      const xw = XlsxWriter.toBuffer({
        sheets: ['数'],
        date: '2013-01-05',
        ...(hook ? { onText: () => undefined } : {}),
      });
      const s = await xw.sheet('数');
      s.table(
        [
          { header: '两位', kind: 'decimal', places: 2 },
          { header: '四位', kind: 'decimal', places: 4, numFmt: '0.0000' },
          { header: '零位', kind: 'decimal', places: 0, numFmt: '0' },
          { header: '十二位', kind: 'decimal', places: 12, numFmt: '0.000000000000' },
          { header: '金额', kind: 'money' },
        ],
        { length: values.length, get: (i) => [values[i], values[i], values[i], values[i], fen[i]] },
      );
      await s.finish();
      await xw.close();
      return new TextDecoder().decode(unzipSync(xw.bytes())['xl/worksheets/sheet1.xml']);
    };
    const digits = await xmlOf(false);
    expect(digits).toContain('<v>-0.05</v>');
    expect(digits).toContain('<v>1.2345</v>');
    expect(digits).toContain('<v>1234.5</v>');
    expect(digits).toBe(await xmlOf(true));
  });

  it('drops the control characters XML cannot carry, as exceljs does, and keeps tabs', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['文本'], date: '2013-01-05' });
    const s = await xw.sheet('文本');
    s.table([{ header: '内容', kind: 'text' }], [['a\u0001b\u0008c\td\u001fe\u007f']]);
    await s.finish();
    await xw.close();
    const xml = new TextDecoder().decode(unzipSync(xw.bytes())['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('<t>abc\tde</t>');
    expect((await load(xw.bytes())).getWorksheet('文本')?.getCell('A2').value).toBe('abc\tde');
  });

  it('shows every string and number it writes to the text hook, with the cell', async () => {
    const seen: string[] = [];
    const xw = XlsxWriter.toBuffer({
      sheets: ['甲'],
      date: '2013-01-05',
      onText: (text, sheet, column, row) => seen.push(`${sheet}!${column}${row}=${text}`),
    });
    const s = await xw.sheet('甲');
    s.title('标题');
    s.table(COLUMNS.slice(0, 4), [[1, '张三', ID, 150000]]);
    s.note('说明');
    await s.finish();
    await xw.close();
    expect(seen).toEqual([
      '甲!A1=标题',
      '甲!A2=序号',
      '甲!B2=姓名',
      '甲!C2=身份证号',
      '甲!D2=应发合计',
      '甲!A3=1',
      '甲!B3=张三',
      `甲!C3=${ID}`,
      '甲!D3=1500',
      '甲!A4=说明',
    ]);
  });
});

describe('a table longer than the measuring sample', () => {
  const n = SAMPLE_ROWS + 1500;
  let gets = 0;
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    const rows: RowSource = {
      length: n,
      get(i) {
        gets++;
        // the widest name comes after the sample: it wraps, it does not widen the column
        return [
          i + 1,
          i === n - 1 ? '名字'.repeat(20) : '王五',
          `6228480000${String(i).padStart(9, '0')}`,
          i,
        ];
      },
    };
    const xw = XlsxWriter.toBuffer({ sheets: ['长表'], date: '2013-01-05' });
    const s = await xw.sheet('长表');
    s.title('长表');
    s.table(
      [
        { ...(COLUMNS[0] as Column), widest: 1234567 },
        COLUMNS[1] as Column,
        COLUMNS[2] as Column,
        COLUMNS[3] as Column,
      ],
      rows,
      ['合计', null, null, (n * (n - 1)) / 2],
    );
    await s.finish();
    await xw.close();
    ws = (await load(xw.bytes())).getWorksheet('长表') as ExcelJS.Worksheet;
  });

  it('asks the row source for each row once to write it, and for the sample once more to measure it, holding none', () => {
    expect(gets).toBe(n + SAMPLE_ROWS);
  });

  it('writes every row in order, then the 合计', () => {
    expect(ws.getCell(3, 1).value).toBe(1);
    expect(ws.getCell(2 + n, 1).value).toBe(n);
    expect(ws.getCell(2 + n, 3).value).toBe(`6228480000${String(n - 1).padStart(9, '0')}`);
    expect(ws.getCell(3 + n, 1).value).toBe('合计');
    expect(ws.getCell(3 + n, 4).value).toBe((n * (n - 1)) / 2 / 100);
  });

  it('sizes 序号 by its widest bound and the money by the 合计 row, and wraps a late long text', () => {
    // the bound 1234567 is 7 wide in 10 pt, plus padding; the 合计 row "211,217.50" is 10 wide
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(7 + 1.2);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(10 + 1.2);
    expect(ws.getColumn(2).width).toBeLessThanOrEqual(8 + 1.2 + 0.05);
    expect(ws.getRow(2 + n).height).toBeGreaterThan(ws.getRow(3).height ?? 0);
  });
});

describe('a short table from a row source', () => {
  const rowsOf = (n: number) =>
    Array.from({ length: n }, (_, i): CellInput[] => [
      i + 1,
      i === 3 ? '一个名字很长很长需要换行的人' : `王${i}`,
      `6228480000${String(i).padStart(9, '0')}`,
      i * 101,
    ]);
  async function sheetOf(rows: RowSource | CellInput[][], onePage: boolean): Promise<Buffer> {
    const xw = XlsxWriter.toBuffer({ sheets: ['镇'], date: '2013-01-05' });
    const s = await xw.sheet('镇', { fontSize: 14 });
    s.title('公示');
    s.table(COLUMNS.slice(0, 4), rows, ['合计', null, null, 0]);
    await s.finish({ fill: onePage, onePage });
    await xw.close();
    return xw.bytes();
  }

  it('gives the same bytes as the rows given as an array, asking for each row again rather than holding it', async () => {
    // 8 rows fit on one page: sized row by row; 40 rows are too tall even at one line each,
    // and are measured once more to keep the block under the table off a page of its own
    for (const [n, onePage, times] of [
      [8, false, 2],
      [8, true, 3],
      [40, false, 2],
      [40, true, 3],
    ] as const) {
      const list = rowsOf(n);
      const asked: number[] = [];
      const source: RowSource = {
        length: list.length,
        get: (i) => {
          asked.push(i);
          return list[i] as CellInput[];
        },
      };
      const viaSource = await sheetOf(source, onePage);
      expect(viaSource.equals(await sheetOf(list, onePage))).toBe(true);
      // measured, (sized for one page), written: each row asked for that many times
      expect(asked.length).toBe(list.length * times);
      expect(new Set(asked).size).toBe(list.length);
      const xml = new TextDecoder().decode(unzipSync(viaSource)['xl/worksheets/sheet1.xml']);
      if (n === 40 && onePage) expect(xml).toMatch(/fitToHeight="\d+"/);
      else expect(xml).toContain(`fitToHeight="${n === 8 && onePage ? 1 : 0}"`);
    }
  });
});

describe('a sheet of many deflate blocks', () => {
  /** ~40,000 rows of ~150 bytes: some 6 MB of XML, two dozen blocks over both deflate lanes. */
  async function big(): Promise<Buffer> {
    const xw = XlsxWriter.toBuffer({ sheets: ['大表'], date: '2013-01-05' });
    const s = await xw.sheet('大表');
    s.table(COLUMNS.slice(0, 4), {
      length: 40000,
      get: (i) => [i + 1, `姓名${i % 97}`, `6228480000${String(i).padStart(9, '0')}`, i * 7],
    });
    await s.finish();
    await xw.close();
    return xw.bytes();
  }

  it('joins the blocks into one entry that inflates whole, the same bytes every time', async () => {
    const a = await big();
    expect(a.equals(await big())).toBe(true);
    const xml = new TextDecoder().decode(unzipSync(a)['xl/worksheets/sheet1.xml']);
    expect(xml.length).toBeGreaterThan(4_000_000);
    expect(xml.endsWith('</worksheet>')).toBe(true);
    const ws = (await load(a)).getWorksheet('大表') as ExcelJS.Worksheet;
    expect(ws.getCell(1 + 40000, 3).value).toBe(`6228480000${String(39999).padStart(9, '0')}`);
    expect(ws.getCell(1 + 20000, 4).value).toBe((19999 * 7) / 100);
  });

  it('keeps blocks in order when long cells hand several to zlib between two waits (CRC and text intact)', async () => {
    // Cells of 30,000 characters ask for room beyond the flush margin, so blocks are handed
    // on in the middle of rows with no wait in between: two of them meet on one lane. The
    // lane once started both at the next tick and mixed their output (a bad CRC).
    const cell = (i: number, k: number) => `${i}-${k}:${'备注内容ABC'.repeat(3750)}`;
    const xw = XlsxWriter.toBuffer({ sheets: ['长表'], date: '2013-01-05' });
    const s = await xw.sheet('长表');
    const cols: Column[] = [1, 2, 3, 4].map((k) => ({ header: `说明${k}`, kind: 'text', maxWidth: 20 }));
    s.table(cols, { length: 40, get: (i) => [1, 2, 3, 4].map((k) => cell(i, k)) });
    await s.finish();
    await xw.close();
    const bytes = xw.bytes();
    const entry = readZipDirectory(bytes).find((e) => e.name === 'xl/worksheets/sheet1.xml');
    if (!entry) throw new Error('no sheet part');
    const data = unzipSync(bytes)['xl/worksheets/sheet1.xml'] as Uint8Array;
    expect(data.length).toBe(entry.uncompressedSize);
    expect(crc32(data)).toBe(entry.crc32);
    const xml = new TextDecoder().decode(data);
    for (const i of [0, 17, 39])
      for (const k of [1, 4]) expect(xml.includes(`<t>${cell(i, k)}</t>`)).toBe(true);
  });
});

describe('misuse', () => {
  it('refuses a sheet out of the declared order and a close with a sheet missing', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['一', '二'], date: '2013-01-05' });
    await expect(xw.sheet('二')).rejects.toThrow(/declared/);
    const s = await xw.sheet('一');
    await s.finish();
    await expect(xw.close()).rejects.toThrow(/not written/);
  });

  it('reports a write that fails (a full disk) from close, as an error with its code', async () => {
    const xw = XlsxWriter.toFile('/dev/full', { sheets: ['一'], date: '2013-01-05' });
    const s = await xw.sheet('一');
    s.table(COLUMNS.slice(0, 4), {
      length: 20000,
      get: (i) => [i + 1, `姓名${i}`, `6228480000${String(i).padStart(9, '0')}`, i],
    });
    await s.finish();
    await expect(xw.close()).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('writes a file of many chunks byte for byte as in memory, queued to the thread pool or written at once', async () => {
    // random tokens do not compress: megabytes of deflated chunks, each written at its own offset
    const tokens = Array.from({ length: 30000 }, () => randomBytes(48).toString('base64url'));
    const fill = async (xw: XlsxWriter) => {
      const s = await xw.sheet('一');
      s.table([{ header: '摘要', kind: 'token' }], {
        length: tokens.length,
        get: (i) => [tokens[i] as string],
      });
      await s.finish();
    };
    const opts = { sheets: ['一'], date: '2013-01-05' };
    const expected = await XlsxWriter.writeBytes(opts, fill);
    expect(expected.length).toBeGreaterThan(1_000_000);
    const dir = mkdtempSync(join(tmpdir(), 'cadre-xlsx-fast-'));
    await XlsxWriter.writeFile(join(dir, 'queued.xlsx'), opts, fill);
    expect(readFileSync(join(dir, 'queued.xlsx')).equals(expected)).toBe(true);
    // the same bytes in chunks of 1 byte to 70 KB (batched by the megabyte) into a sink that
    // queues them all and into one with no room to queue (each batch written before the
    // sink returns): the same file
    const sizes = fc.sample(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 70_000 })), {
      numRuns: 4000,
      seed: 3,
    });
    for (const [name, room] of [
      ['all-queued.xlsx', Number.POSITIVE_INFINITY],
      ['direct.xlsx', 0],
    ] as const) {
      const file = fileSink(join(dir, name), room);
      for (let at = 0, k = 0; at < expected.length; at += sizes[k % sizes.length] as number, k++)
        file.sink(expected.subarray(at, at + (sizes[k % sizes.length] as number)));
      await file.close();
      file.check();
      expect(readFileSync(join(dir, name)).equals(expected)).toBe(true);
    }
  });

  it('streams into a file that exceljs opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-xlsx-fast-'));
    const file = join(dir, 'a.xlsx');
    const xw = XlsxWriter.toFile(file, { sheets: ['一'], date: '2013-01-05' });
    const s = await xw.sheet('一');
    s.table([{ header: '村代码', kind: 'code' }], [['001']]);
    await s.finish();
    await xw.close();
    const wb = await load(readFileSync(file));
    expect(wb.getWorksheet('一')?.getCell('A2').value).toBe('001');
  });
});

describe('number text', () => {
  it('writes a fen amount as the yuan text String(f / 100) gives, for any amount up to 10^13 fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (f) => {
        expect(yuanValue(f)).toBe(String(f / 100));
      }),
      { numRuns: 5000 },
    );
  });

  it('shows a fen amount as #,##0.00 does, as formatYuan spells it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (f) => {
        expect(yuanShown(f)).toBe(formatYuan(f));
        expect(moneyWidth(f)).toBe(formatYuan(f).length);
        expect(yuanPlain(f)).toBe(formatYuan(f, false));
        expect(intWidth(f)).toBe(String(f).length);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes a fixed-decimal text as its number’s shortest text, and x.toFixed without building a new Exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom(1n, 2n, 4n, 5n, 8n, 20n, 3n, 7n),
        fc.integer({ min: 0, max: 4 }),
        (n, d, places) => {
          const x = Exact.of(BigInt(n), d);
          const text = x.toFixed(places);
          expect(exactFixed(x, places)).toBe(text);
          expect(decimalValue(text)).toBe(String(Number(text)));
        },
      ),
      { numRuns: 3000 },
    );
    // numerators and denominators on both sides of 2^53, up to 18 places: numbers where they
    // are exact, BigInt past them, the same text as x.toFixed
    const big = fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n });
    const den = fc.oneof(
      fc.constantFrom(1n, 2n, 3n, 5n, 10n ** 4n, 10n ** 15n, 10n ** 16n, 2n ** 52n, 2n ** 53n, 2n ** 54n),
      fc.bigInt({ min: 1n, max: 2n ** 60n }),
    );
    fc.assert(
      fc.property(big, den, fc.integer({ min: 0, max: 18 }), (n, d, places) => {
        const x = Exact.of(n, d);
        expect(exactFixed(x, places)).toBe(x.toFixed(places));
      }),
      { numRuns: 5000 },
    );
    for (const [n, d, places] of [
      [2n ** 53n - 1n, 1n, 2],
      [-(2n ** 53n - 1n), 1n, 0],
      [9007199254740991n, 10n ** 15n, 15],
      [123456789n, 4n, 4],
      [-5n, 2n, 1],
    ] as const) {
      const x = Exact.of(n, d);
      expect(exactFixed(x, places)).toBe(x.toFixed(places));
    }
  });
});

describe('space keeping', () => {
  it('marks xml:space="preserve" exactly where /^\\s|\\s$|\\n/ says, for any text', async () => {
    const { keepSpace } = await import('../../../src/io/xlsx/sheet.js');
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'a',
            '王',
            ' ',
            '\t',
            '\n',
            '\r',
            '\u00a0',
            '\u3000',
            '\u2003',
            '\ufeff',
            '\u200b',
            '1',
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (chars) => {
          const v = chars.join('');
          expect(keepSpace(v)).toBe(/^\s|\s$|\n/.test(v));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
