import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitError } from '../../src/errors.js';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { readWorkbooks } from '../../src/io/workbook/read.js';
import { SHEETS } from '../../src/io/workbook/schema.js';
import { TableReader } from '../../src/io/workbook/sheet.js';
import type { RawCell } from '../../src/io/xlsx/grid.js';
import { SheetScanner } from '../../src/io/xlsx/scanner.js';
import { SharedStringsScanner } from '../../src/io/xlsx/source.js';
import { inflateEntry, readZipDirectoryOf, ZipSizeError } from '../../src/io/xlsx/zip.js';
import type { Policy } from '../../src/rules/types.js';
import {
  ALL_QUIRKS,
  makeId,
  type Quirks,
  raw,
  sampleData,
  type WorkbookData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';
import { makeZip } from './bad-files.js';
import { cellsOf, excelGrid, leanGrid, readWithExcelJs, xlsxOf } from './lean-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cadre-calc-lean-'));
let policy: Policy;
beforeAll(async () => {
  policy = (await loadPolicy()).policy;
});

const QUIRKS: [string, Quirks][] = [
  ['no quirk', {}],
  ['a merged title row and a units row', { titleRow: true, unitsRow: true }],
  ['a 序号 column and header variants', { serialColumn: true, headerVariants: true }],
  ['town names merged vertically', { mergedTowns: true }],
  ['numbers typed as text', { numbersAsText: true }],
  ['dates as serial numbers', { dates: 'serial' }],
  ['dates as text', { dates: 'text' }],
  ['the 1904 date system with date cells', { date1904: true }],
  ['the 1904 date system with serials', { date1904: true, dates: 'serial' }],
  ['rich text cells', { richText: true }],
  ['formulas with cached results', { formulas: true }],
  ['hyperlink cells', { hyperlinks: true }],
  ['blank rows', { blankRows: true }],
  ['messy IDs and names', { messyIds: true, messyNames: true }],
  ['a two-level header', { twoRowHeader: true, titleRow: true }],
  ['every quirk at once', ALL_QUIRKS],
];

/** A sheet of every kind of value exceljs writes, for the cell-by-cell comparison. */
const VALUES_SHEET = {
  name: '说明',
  rows: [
    [
      'text',
      42,
      2.71,
      -0.5,
      true,
      false,
      new Date(Date.UTC(2012, 2, 31)),
      raw({ formula: '1+1', result: 2 }),
      raw({ formula: 'A1&"x"', result: 'textx' }),
      raw({ formula: 'NA()', result: { error: '#N/A' } }),
      raw({ error: '#REF!' }),
      raw({ richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] }),
      raw({ text: '链接', hyperlink: 'https://example.org/x?a=1&b=2' }),
      'a&b<c>"d"\'e',
      '行1\n行2',
      123456789012345680, // an ID typed as a number: Excel keeps 15 digits
      1e-7,
      raw({ formula: 'SUM(B1:C1)' }),
      '  padded  ',
      '',
      0,
    ],
  ],
};

describe('the lean reader gives the cells exceljs gives', () => {
  it.each(QUIRKS)('on the builder’s workbook with %s', async (_name, quirks) => {
    const file = join(dir, `cells-${QUIRKS.findIndex(([, q]) => q === quirks)}.xlsx`);
    await writeWorkbook(file, sampleData(), quirks, { extraSheets: [VALUES_SHEET] });
    const lean = cellsOf(await leanGrid(file));
    const ref = cellsOf(await excelGrid(file));
    expect(lean).toEqual(ref);
    // the comparison is about something: every sheet has cells, and the values sheet all its kinds
    expect(lean.sheets.every((s) => s.cells.length > 0)).toBe(true);
    const kinds = new Set(lean.sheets.at(-1)?.cells.map((c) => c[2]));
    expect([...kinds].sort()).toEqual(['b', 'd', 'e', 'f', 'n', 's']);
  });
});

/**
 * The builder's every-quirk workbook with the values sheet, opened and saved again by
 * LibreOffice 7.4.7 (soffice --headless --convert-to xlsx): another writer's XML (t="n",
 * formulas with aca=, date1904="true", its own styles and shared strings).
 */
const LIBREOFFICE = fileURLToPath(new URL('./fixtures/libreoffice-7.4-quirks.xlsx', import.meta.url));

describe('a workbook saved again by LibreOffice', () => {
  it('reads to the same records, rows and columns as the workbook exceljs wrote', async () => {
    const file = join(dir, 'before-libreoffice.xlsx');
    await writeWorkbook(file, sampleData(), ALL_QUIRKS, { extraSheets: [VALUES_SHEET] });
    const need = ['villages', 'cadres', 'commitments', 'scores'] as const;
    const before = await readWorkbooks([file], policy, { need: [...need] });
    const after = await readWorkbooks([LIBREOFFICE], policy, { need: [...need] });
    const noFile = (x: unknown) =>
      JSON.parse(
        JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? `${v}n` : k === 'file' ? undefined : v)),
      );
    expect(noFile(after.input)).toEqual(noFile(before.input));
    expect(noFile(after.findings)).toEqual(noFile(before.findings));
    expect(after.input.commitments[0]?.due).toBe('2012-03-31');
  });

  it('is in the 1904 date system, which LibreOffice writes as date1904="true" (exceljs reads only "1")', async () => {
    const grid = await leanGrid(LIBREOFFICE);
    expect(grid.date1904).toBe(true);
    expect((await excelGrid(LIBREOFFICE)).date1904).toBe(false);
  });
});

/** Records as data, with their provenance (file, sheet, row, columns). */
const asData = (x: unknown) =>
  JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));

const FAULTS: [string, (d: WorkbookData) => void][] = [
  ['no fault', () => undefined],
  [
    'a bad check digit, an unknown village and a ratio above the cap',
    (d) => {
      const c = d.cadres ?? [];
      c[0] = { ...c[0], idNumber: `${String(c[0]?.idNumber).slice(0, 17)}0` } as (typeof c)[0];
      c[1] = { ...c[1], villageCode: '371082009999', ratio: 0.95 } as (typeof c)[1];
    },
  ],
  [
    'a duplicated village, person-post, item and period',
    (d) => {
      d.villages?.push({ ...(d.villages[0] as NonNullable<WorkbookData['villages']>[0]), name: '重复村' });
      d.cadres?.push({ ...(d.cadres[0] as NonNullable<WorkbookData['cadres']>[0]) });
      d.commitments?.push({ ...(d.commitments[0] as NonNullable<WorkbookData['commitments']>[0]) });
      d.scores?.push({ ...(d.scores[0] as NonNullable<WorkbookData['scores']>[0]) });
    },
  ],
  [
    'one ID under two names, a card for two people, months of a transfer past 12',
    (d) => {
      const c = d.cadres ?? [];
      c[2] = { ...c[2], name: '魏胜' } as (typeof c)[2];
      c[4] = { ...c[4], account: c[0]?.account, months: 8 } as (typeof c)[4];
    },
  ],
  [
    'bad households, months, scores, dates and periods; a 合计 row and a template example row',
    (d) => {
      const v = d.villages ?? [];
      v[1] = { ...v[1], households: '一百' } as (typeof v)[1];
      const c = d.cadres ?? [];
      c[3] = { ...c[3], months: 13, adjustment: 200 } as (typeof c)[3];
      const m = d.commitments ?? [];
      m[0] = { ...m[0], due: raw('2012-02-30') } as (typeof m)[0];
      const s = d.scores ?? [];
      s[0] = { ...s[0], period: '第五季度', score: 101 } as (typeof s)[0];
      v.push({ code: '', name: '合计', town: '', households: 1234 });
      c.push({
        idNumber: makeId('371082', '19700101', '999'),
        name: '示例',
        villageCode: '999999001001',
        role: '书记',
        remark: '示例行，请删除',
      });
    },
  ],
];

describe('readWorkbooks gives the records and findings of the same workbook read through exceljs', () => {
  const cases = QUIRKS.filter(([, q]) => q !== QUIRKS[0]?.[1]).flatMap(([qn, q]) =>
    FAULTS.slice(0, 2).map(([fn, f]) => [`${fn}, ${qn}`, q, f] as const),
  );
  const all = [...FAULTS.map(([fn, f]) => [fn, {} as Quirks, f] as const), ...cases];
  it.each(all)('with %s', async (name, quirks, fault) => {
    const data = sampleData();
    fault(data);
    const file = join(dir, `records-${all.findIndex(([n]) => n === name)}.xlsx`);
    await writeWorkbook(file, data, quirks);
    const need = ['villages', 'cadres', 'commitments', 'scores'] as const;
    const lean = await readWorkbooks([file], policy, { need: [...need] });
    const ref = await readWithExcelJs([file], policy, [...need]);
    expect(asData(lean.findings)).toEqual(asData(ref.findings));
    expect(asData(lean.input)).toEqual(asData(ref.input));
    expect(lean.input.cadres.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------
// Shapes written part by part: what each gives is worked out by hand from the XML.

async function cellsOfParts(name: string, o: Parameters<typeof xlsxOf>[0]) {
  const file = join(dir, name);
  writeFileSync(file, xlsxOf(o));
  return { file, grid: await leanGrid(file) };
}

const rowsOf = (g: Awaited<ReturnType<typeof leanGrid>>, i = 0) => g.sheets[i]?.rows ?? [];

describe('what a cell gives, from the XML', () => {
  it('reads shared strings with entities, character references, CR LF, _x000D_ escapes and rich text without its phonetic run', async () => {
    const { grid } = await cellsOfParts('shared.xlsx', {
      shared: [
        '<si><t>A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;</t></si>',
        '<si><t>&#x4E2D;&#25991;</t></si>',
        '<si><t xml:space="preserve">行1\r\n行2\r行3</t></si>',
        '<si><t>a_x000D_b_x005F_x000D_</t></si>',
        '<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文 本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/></si>',
        '<si/>',
        '<si><t></t></si>',
      ],
      sheets: [
        {
          name: 'S',
          body:
            '<sheetData><row r="1">' +
            [0, 1, 2, 3, 4, 5, 6]
              .map((i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`)
              .join('') +
            '</row></sheetData>',
        },
      ],
    });
    expect(rowsOf(grid)[1]).toEqual([
      undefined,
      { t: 's', v: 'A&B <c> "d" \'e\'' },
      { t: 's', v: '中文' },
      { t: 's', v: '行1\n行2\n行3' },
      { t: 's', v: 'a\rb_x000D_' },
      { t: 's', v: '富文 本' },
    ]);
  });

  it('reads inline strings, rich inline runs, t="str", booleans, errors, numbers and ISO dates', async () => {
    const body =
      '<sheetData><row r="2" spans="1:9">' +
      '<c r="A2" t="inlineStr"><is><t>内联</t></is></c>' +
      '<c r="B2" t="inlineStr"><is><r><t>多</t></r><r><rPr><i/></rPr><t>段</t></r></is></c>' +
      '<c r="C2" t="str"><v>x &amp; y</v></c>' +
      '<c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><v>0</v></c>' +
      '<c r="F2" t="e"><v>#DIV/0!</v></c>' +
      '<c r="G2"><v>1.5E-3</v></c><c r="H2"><v>-0.1</v></c>' +
      '<c r="I2" t="d"><v>2012-03-31T00:00:00</v></c>' +
      '<c r="J2" s="0"/><c r="K2" t="inlineStr"><is><t></t></is></c>' +
      '</row></sheetData>';
    const { grid } = await cellsOfParts('values.xlsx', { sheets: [{ name: 'S', body }] });
    const row = rowsOf(grid)[2] ?? [];
    expect(row.slice(1, 9)).toEqual([
      { t: 's', v: '内联' },
      { t: 's', v: '多段' },
      { t: 's', v: 'x & y' },
      { t: 'b', v: true },
      { t: 'b', v: false },
      { t: 'e', v: '#DIV/0!' },
      { t: 'n', v: 0.0015 },
      { t: 'n', v: -0.1 },
    ]);
    expect((row[9] as { v: Date }).v.toISOString()).toBe('2012-03-31T00:00:00.000Z');
    expect(row.length).toBe(10);
  });

  it('reads formulas: cached results of each type, a shared formula’s dependents, and no cached value', async () => {
    const body =
      '<sheetData><row r="1">' +
      '<c r="A1"><f>1+2</f><v>3</v></c>' +
      '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>' +
      '<c r="C1" t="b"><f>TRUE()</f><v>1</v></c>' +
      '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
      '<c r="E1"><f t="shared" ref="E1:E2" si="0">A1*2</f><v>6</v></c>' +
      '<c r="F1"><f>SUM(A1:B1)</f></c>' +
      '</row><row r="2"><c r="E2"><f t="shared" si="0"/><v>8</v></c><c r="F2"><f t="shared" si="0"/></c></row></sheetData>';
    const { grid } = await cellsOfParts('formulas.xlsx', { sheets: [{ name: 'S', body }] });
    expect(rowsOf(grid)[1]?.slice(1)).toEqual([
      { t: 'n', v: 3, formula: true },
      { t: 's', v: 'ab', formula: true },
      { t: 'b', v: true, formula: true },
      { t: 'e', v: '#DIV/0!', formula: true },
      { t: 'n', v: 6, formula: true },
      { t: 'f', formula: 'SUM(A1:B1)' },
    ]);
    expect(rowsOf(grid)[2]?.slice(5)).toEqual([
      { t: 'n', v: 8, formula: true },
      { t: 'f', formula: 'A1*2' },
    ]);
  });

  it('reads a number as a date when its style’s format is a date: built-in 14, Chinese built-in 31 and 57, custom formats', async () => {
    const styles =
      '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.0"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="57"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>' +
      '<dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs>';
    const body = `<sheetData><row r="1">${[0, 1, 2, 3, 4, 5, 6].map((s, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>40999</v></c>`).join('')}</row></sheetData>`;
    const { grid } = await cellsOfParts('styles.xlsx', { sheets: [{ name: 'S', body }], styles });
    const row = rowsOf(grid)[1] ?? [];
    const day = new Date(Date.UTC(2012, 2, 31)).getTime(); // serial 40999 in the 1900 system
    expect(
      row.slice(1).map((c) => (c?.t === 'd' ? ['d', c.v.getTime() === day] : [c?.t, c?.t === 'n' && c.v])),
    ).toEqual([
      ['n', 40999],
      ['d', true],
      ['d', true],
      ['d', true],
      ['d', true],
      ['n', 40999],
      ['n', 40999],
    ]);
  });

  it('reads dates in the 1904 system when workbook.xml says date1904 (as 1 or true)', async () => {
    const styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>';
    const body = '<sheetData><row r="1"><c r="A1" s="1"><v>39537</v></c></row></sheetData>';
    for (const flag of [true, 'true'] as const) {
      const { grid } = await cellsOfParts(`d1904-${flag}.xlsx`, {
        sheets: [{ name: 'S', body }],
        styles,
        date1904: flag,
      });
      expect(grid.date1904).toBe(true);
      const cell = rowsOf(grid)[1]?.[1] as { v: Date };
      expect(cell.v.toISOString().slice(0, 10)).toBe('2012-03-31');
    }
  });

  it('reads a sheet whose elements carry a namespace prefix (x:row, x:c) as generated files have', async () => {
    const body =
      '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row></x:sheetData>' +
      '<x:mergeCells count="1"><x:mergeCell ref="C1:D1"/></x:mergeCells>';
    const { grid } = await cellsOfParts('prefix.xlsx', { sheets: [{ name: 'S', body, prefix: 'x' }] });
    expect(rowsOf(grid)[1]).toEqual([undefined, { t: 's', v: '前缀' }, { t: 'n', v: 7 }]);
    expect(grid.sheets[0]?.merges).toEqual([{ top: 1, left: 3, bottom: 1, right: 4 }]);
  });

  it('reads cells and rows without r (each the next one), comments, and a stored (not deflated) zip', async () => {
    const body =
      '<sheetData><!-- a comment --><row><c t="inlineStr"><is><t>一</t></is></c><c><v>2</v></c></row>' +
      '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row><row><c r="A6"><v>5</v></c></row></sheetData>';
    const { grid } = await cellsOfParts('no-r.xlsx', { sheets: [{ name: 'S', body }], stored: true });
    const rows = rowsOf(grid);
    expect(rows[1]).toEqual([undefined, { t: 's', v: '一' }, { t: 'n', v: 2 }]);
    expect(rows[5]?.slice(3)).toEqual([
      { t: 'n', v: 3 },
      { t: 'n', v: 4 },
    ]);
    expect(rows[6]).toEqual([undefined, { t: 'n', v: 5 }]);
  });

  it('leaves out a value the file holds in a cell covered by a merged range, as exceljs does', async () => {
    const body =
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c><c r="B1" t="inlineStr"><is><t>村名</t></is></c><c r="C1" t="inlineStr"><is><t>镇街</t></is></c><c r="D1" t="inlineStr"><is><t>户数</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>371082001001</t></is></c><c r="B2" t="inlineStr"><is><t>小庄村</t></is></c><c r="C2" t="inlineStr"><is><t>石岛</t></is></c><c r="D2"><v>63</v></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>371082001002</t></is></c><c r="B3" t="inlineStr"><is><t>南山村</t></is></c><c r="C3" t="inlineStr"><is><t>残留</t></is></c><c r="D3"><v>101</v></c></row>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="C2:C3"/></mergeCells>';
    const { file, grid } = await cellsOfParts('covered.xlsx', { sheets: [{ name: '村庄', body }] });
    expect(cellsOf(grid)).toEqual(cellsOf(await excelGrid(file)));
    const r = await readWorkbooks([file], policy, { need: ['villages'] });
    expect(r.input.villages.map((v) => v.town)).toEqual(['石岛', '石岛']);
  });
});

// ---------------------------------------------------------------------------------------

describe('a sheet streamed in pieces reads the same wherever the pieces are cut', () => {
  const ctx = {
    shared: ['甲', '乙&丙'],
    dateStyles: Uint8Array.from([0, 1]),
    date1904: false,
  };
  const xml = Buffer.from(
    '<?xml version="1.0"?><worksheet><sheetViews/><sheetData>' +
      '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>富</t></r><r><t>文本&amp;</t></r></is></c><c r="C1" s="1"><v>40999</v></c><c r="D1"><f>1+1</f><v>2</v></c></row>' +
      '<row r="2"/><row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="str"><v>中文</v></c><c r="C3" t="b"><v>0</v></c></row>' +
      '<row r="4"><c r="A4"><v>12345678901234567890</v></c><c r="B4"><v>-3.25</v></c><c r="C4" t="e"><v>#N/A</v></c></row>' +
      '</sheetData><mergeCells count="2"><mergeCell ref="A1:A3"/><mergeCell ref="B3:C3"/></mergeCells></worksheet>',
  );
  function scan(pieces: Buffer[]) {
    const rows: [number, (RawCell | undefined)[]][] = [];
    const s = new SheetScanner(ctx, (r, cells) => rows.push([r, cells]));
    for (const p of pieces) s.feed(p);
    s.end();
    return { rows: JSON.parse(JSON.stringify(rows)), merges: s.merges };
  }
  const whole = scan([xml]);

  it('in one piece, as worked out by hand', () => {
    expect(whole.rows.map(([r]: [number]) => r)).toEqual([1, 3, 4]);
    expect(whole.rows[0][1][2]).toEqual({ t: 's', v: '富文本&' });
    expect(whole.rows[0][1][3]).toEqual({ t: 'd', v: '2012-03-31T00:00:00.000Z' });
    expect(whole.rows[2][1][1]).toEqual({ t: 'n', v: 12345678901234567000 });
    expect(whole.merges).toHaveLength(2);
  });

  it('cut at every place into two pieces, and into random pieces', () => {
    for (let i = 1; i < xml.length; i++) {
      expect(scan([xml.subarray(0, i), xml.subarray(i)])).toEqual(whole);
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: xml.length - 1 }), { maxLength: 40 }), (cuts) => {
        const at = [0, ...new Set(cuts)].sort((a, b) => a - b);
        const pieces = at.map((c, k) => xml.subarray(c, at[k + 1] ?? xml.length));
        expect(scan(pieces)).toEqual(whole);
      }),
    );
  });

  it('and so do the shared strings, plain items and others', () => {
    const sst = Buffer.from(
      '<?xml version="1.0"?><sst count="6"><si><t>甲</t></si><si><t xml:space="preserve"> 乙 </t></si><si/>' +
        '<si><r><t>富</t></r><r><rPr><b/></rPr><t>文</t></r><rPh><t>フ</t></rPh></si><si><t>a&amp;b_x000D_</t></si><si><t></t></si></sst>',
    );
    const read = (pieces: Buffer[]) => {
      const s = new SharedStringsScanner();
      for (const p of pieces) s.feed(p);
      s.end();
      return s.strings;
    };
    expect(read([sst])).toEqual(['甲', ' 乙 ', '', '富文', 'a&b\r', '']);
    for (let i = 1; i < sst.length; i++)
      expect(read([sst.subarray(0, i), sst.subarray(i)])).toEqual(read([sst]));
  });

  it('refuses a part cut off inside its sheet data', () => {
    expect(() => scan([xml.subarray(0, xml.indexOf('</sheetData>'))])).toThrow(/not closed/);
  });
});

// ---------------------------------------------------------------------------------------

describe('zip parts are inflated in bounded memory and checked', () => {
  it('stops a part that inflates past the size its directory declares (a zip bomb) after the first chunk', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024, 0x20); // 64 MB of spaces deflate to about 64 KB
    const file = join(dir, 'bomb.zip');
    writeFileSync(
      file,
      makeZip([{ name: 'xl/worksheets/sheet1.xml', data: bomb }], () => 1000),
    );
    const fh = await open(file);
    try {
      const [entry] = await readZipDirectoryOf(fh, (await fh.stat()).size, 1 << 20);
      let inflated = 0;
      let error: unknown;
      try {
        for await (const chunk of inflateEntry(fh, entry as NonNullable<typeof entry>))
          inflated += chunk.length;
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ZipSizeError);
      expect((error as ZipSizeError).inflated).toBeLessThanOrEqual(1 << 17);
      expect(inflated).toBeLessThan(1000);
    } finally {
      await fh.close();
    }
  });

  it('refuses, with exit 4 and its reason, a workbook whose sheet inflates past its declared size', async () => {
    const file = join(dir, 'lying.xlsx');
    const body = `<sheetData>${'<row><c><v>1</v></c></row>'.repeat(5000)}</sheetData>`;
    const parts = unzipParts(xlsxOf({ sheets: [{ name: '村庄', body }] }));
    const sizes = new Map(parts.map((p) => [p.name, p.data.length]));
    writeFileSync(
      file,
      makeZip(parts, (n) => (n.endsWith('sheet1.xml') ? 2000 : (sizes.get(n) ?? 0))),
    );
    const e = await refusal([file]);
    expect(e.findings.map((f) => [f.code, f.params?.reason])).toEqual([
      ['corrupt', 'xl/worksheets/sheet1.xml inflates past its declared size'],
    ]);
  });

  it('refuses a workbook whose sheet data is damaged (CRC-32 mismatch)', async () => {
    const good = xlsxOf({
      sheets: [{ name: '村庄', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' }],
    });
    // Flip the stored CRC of the sheet part in its central directory entry.
    const cd = good.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    good.writeUInt32LE(good.readUInt32LE(cd + 16) ^ 1, cd + 16);
    const file = join(dir, 'crc.xlsx');
    writeFileSync(file, good);
    const e = await refusal([file]);
    expect(e.findings.map((f) => [f.code, f.params?.reason])).toEqual([
      ['corrupt', 'xl/worksheets/sheet1.xml: CRC mismatch'],
    ]);
  });

  it('refuses a workbook whose compressed sheet bytes are damaged, whatever zlib makes of them', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    );
    const good = xlsxOf({ sheets: [{ name: '村庄', body: `<sheetData>${rows.join('')}</sheetData>` }] });
    const local = good.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    for (let k = 0; k < 16; k++) good[local + 60 + k * 7] = (good[local + 60 + k * 7] as number) ^ 0x5a;
    const file = join(dir, 'damaged.xlsx');
    writeFileSync(file, good);
    const e = await refusal([file]);
    expect(e.findings.map((f) => [f.level, f.code])).toEqual([['error', 'corrupt']]);
  });

  it('accepts a sheet of exactly 1,048,576 rows and column XFD, Excel’s limits', async () => {
    const body =
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c><c r="XFD1"><v>1</v></c></row>' +
      '<row r="1048576"><c r="A1048576"><v>2</v></c></row></sheetData>';
    const { grid } = await cellsOfParts('limits.xlsx', { sheets: [{ name: 'S', body }] });
    expect([grid.sheets[0]?.maxRow, grid.sheets[0]?.maxCol]).toEqual([1048576, 16384]);
  });
});

async function refusal(paths: string[]): Promise<ExitError> {
  try {
    await readWorkbooks(paths, policy, { need: ['villages'] });
  } catch (e) {
    if (e instanceof ExitError) return e;
    throw e;
  }
  throw new Error('expected the reader to refuse');
}

/** The parts of a zip written by makeZip (deflated, no data descriptors). */
function unzipParts(zip: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    const method = zip.readUInt16LE(p + 8);
    const size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extra = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 30, p + 30 + nameLen);
    const start = p + 30 + nameLen + extra;
    const packed = zip.subarray(start, start + size);
    out.push({ name, data: method === 8 ? inflateRawSync(packed) : packed });
    p = start + size;
  }
  return out;
}

// ---------------------------------------------------------------------------------------

describe('progress on a large sheet', () => {
  it('is reported for the file, every 50,000 rows of a sheet, each sheet and the end', async () => {
    const n = 120_000;
    const parts: string[] = [
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c><c r="B1" t="inlineStr"><is><t>村名</t></is></c><c r="C1" t="inlineStr"><is><t>镇街</t></is></c><c r="D1" t="inlineStr"><is><t>户数</t></is></c></row>',
    ];
    for (let i = 0; i < n; i++) {
      const r = i + 2;
      parts.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>37${String(i).padStart(10, '0')}</t></is></c><c r="B${r}" t="inlineStr"><is><t>村${i}</t></is></c><c r="C${r}" t="inlineStr"><is><t>镇${i % 19}</t></is></c><c r="D${r}"><v>${60 + (i % 900)}</v></c></row>`,
      );
    }
    parts.push('</sheetData>');
    const file = join(dir, 'big.xlsx');
    writeFileSync(file, xlsxOf({ sheets: [{ name: '村庄', body: parts.join('') }] }));
    const seen: string[] = [];
    const r = await readWorkbooks([file], policy, {
      need: ['villages'],
      onProgress: (p) => seen.push(`${p.stage}:${p.rows}`),
    });
    expect(seen).toEqual(['open:0', '村庄:50000', '村庄:100000', `村庄:${n}`, `done:${n}`]);
    expect(r.input.villages).toHaveLength(n);
    // repeated short texts typed inline are one string each (the town of every 19th village)
    expect(r.input.villages[0]?.town).toBe('镇0');
    expect(r.findings).toEqual([]);
  });
});

describe('a sheet is read a second time only when its merged ranges change what was read', () => {
  it('reads 1,500 villages whose towns are merged down (a first pass that stops early) as exceljs does', async () => {
    const villages = Array.from({ length: 1500 }, (_, i) => ({
      code: `371082${String(1 + Math.floor(i / 500)).padStart(3, '0')}${String(i % 500).padStart(3, '0')}`,
      name: `村${i}`,
      town: ['石岛管理区', '宁津街道', '港湾街道'][Math.floor(i / 500)],
      households: 60 + (i % 700),
    }));
    const file = join(dir, 'merged-towns.xlsx');
    await writeWorkbook(file, { villages }, { mergedTowns: true, titleRow: true });
    const seen: string[] = [];
    const lean = await readWorkbooks([file], policy, {
      need: ['villages'],
      onProgress: (p) => seen.push(`${p.stage}:${p.rows}`),
    });
    const ref = await readWithExcelJs([file], policy, ['villages']);
    expect(asData(lean.input)).toEqual(asData(ref.input));
    expect(lean.findings).toEqual([]);
    expect(lean.input.villages.map((v) => v.town).filter((t) => t === '港湾街道')).toHaveLength(500);
    // the second pass is announced (rows from 0 again)
    expect(seen).toEqual(['open:0', '村庄:0', '村庄:1500', 'done:1500']);
  });

  const header: (RawCell | undefined)[] = [
    undefined,
    { t: 's', v: '村代码' },
    { t: 's', v: '村名' },
    { t: 's', v: '镇街' },
    { t: 's', v: '户数' },
  ];
  function firstPass(rows: [number, (RawCell | undefined)[]][]) {
    const t = new TableReader(SHEETS.villages, 'f.xlsx', '村庄', [], [], () => undefined);
    for (const [r, raw] of rows) t.push(r, [...raw]);
    t.end();
    return t;
  }
  const title: [number, (RawCell | undefined)[]] = [1, [undefined, { t: 's', v: '2012年村庄名单' }]];
  const data: [number, (RawCell | undefined)[]] = [
    3,
    [
      undefined,
      { t: 's', v: '371082001001' },
      { t: 's', v: '小庄村' },
      { t: 's', v: '石岛' },
      { t: 'n', v: 63 },
    ],
  ];
  const read = firstPass([title, [2, header], data]);

  it.each([
    ['a title row merged across the width', [{ top: 1, left: 1, bottom: 1, right: 4 }], true],
    ['a town merged down over data rows', [{ top: 3, left: 3, bottom: 9, right: 3 }], false],
    ['a total merged across a data row', [{ top: 3, left: 1, bottom: 3, right: 2 }], false],
    ['a header cell merged down over a sub-header row', [{ top: 2, left: 1, bottom: 3, right: 1 }], false],
    ['a title merged over a cell that holds a value', [{ top: 2, left: 1, bottom: 2, right: 2 }], false],
  ] as const)('%s: %s', (_name, merges, stands) => {
    expect(read.standsWithout(merges)).toBe(stands);
  });
});
