import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copiedPartsDiffer, writeWithSheetReplaced } from '../../../src/io/xlsx/rewrite.js';
import { type CellStyle, StyleTable } from '../../../src/io/xlsx/styles.js';
import { type Column, XlsxWriter } from '../../../src/io/xlsx/writer.js';
import { readZipDirectory } from '../../../src/io/xlsx/zip.js';
import { Exact } from '../../../src/rules/exact.js';

/**
 * approve's zip-level rewrite: one sheet of an xlsx-fast workbook replaced, every other
 * part copied as its stored (compressed) bytes, the style table rebuilt from styles.xml
 * with every index kept.
 */

const dir = mkdtempSync(join(tmpdir(), 'cadre-rewrite-'));

const style = fc.record(
  {
    size: fc.constantFrom(9, 10, 11, 14, 16),
    bold: fc.boolean(),
    fill: fc.boolean(),
    border: fc.boolean(),
    numFmt: fc.constantFrom('#,##0.00', '@', '0', '0.0###', '0.00"分"', 'General'),
    h: fc.constantFrom('left' as const, 'center' as const, 'right' as const),
    wrap: fc.boolean(),
  },
  { requiredKeys: ['size'] },
);

describe('StyleTable.fromXml', () => {
  it('rebuilds any table from its styles.xml: the same bytes and every style at the same index', () => {
    fc.assert(
      fc.property(fc.array(style, { maxLength: 30 }), (styles: CellStyle[]) => {
        const t = new StyleTable();
        const ids = styles.map((s) => t.id(s));
        const back = StyleTable.fromXml(t.xml());
        expect(back).not.toBeNull();
        expect(back?.xml()).toBe(t.xml());
        expect(styles.map((s) => back?.id(s))).toEqual(ids);
        // a style it has not seen goes after all of them
        expect(back?.id({ size: 33, bold: true })).toBe(Math.max(0, ...ids) + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('is null for a styles.xml another program wrote, or one changed by hand', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').getCell('A1').value = 1;
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const { unzipSync } = await import('fflate');
    const exceljsStyles = new TextDecoder().decode(unzipSync(bytes)['xl/styles.xml']);
    expect(StyleTable.fromXml(exceljsStyles)).toBeNull();

    const t = new StyleTable();
    t.id({ size: 10, border: true, numFmt: '#,##0.00' });
    t.id({ size: 14, bold: true, h: 'center', wrap: true });
    const xml = t.xml();
    expect(StyleTable.fromXml(xml)).not.toBeNull();
    expect(StyleTable.fromXml(xml.replace('wrapText="1"', 'wrapText="1" shrinkToFit="1"'))).toBeNull();
    expect(StyleTable.fromXml(xml.replace('<sz val="14"/>', '<sz val="15"/><u/>'))).toBeNull();
    expect(StyleTable.fromXml('')).toBeNull();
    // a format code with an entity no XML has (not one this class wrote)
    const u = new StyleTable();
    u.id({ size: 10, numFmt: '0.00"分"' });
    expect(u.xml()).toContain('&quot;分&quot;');
    expect(StyleTable.fromXml(u.xml())).not.toBeNull();
    expect(StyleTable.fromXml(u.xml().replace('&quot;分', '&bogus;分'))).toBeNull();
  });
});

const COLUMNS: Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  { header: '姓名', kind: 'text' },
  { header: '应发合计', kind: 'money' },
  { header: '比例', kind: 'decimal', places: 4, numFmt: '0.0###' },
];

/** Three sheets; the middle one is the one replaced. Bytes as stored, per part. */
async function workbook(path: string): Promise<void> {
  const xw = XlsxWriter.toFile(path, { sheets: ['名单', '校验', '说明'], date: '2013-01-05' });
  const a = await xw.sheet('名单');
  a.title('名单');
  a.table(
    COLUMNS,
    Array.from({ length: 3000 }, (_, i) => [i + 1, `姓名${i}`, 100 * i + 7, Exact.parse('0.7')]),
    ['合计', null, 0, null],
  );
  await a.finish({ freezeColumns: 1 });
  const b = await xw.sheet('校验');
  b.title('校验信息');
  b.table([{ header: '项目', kind: 'text' }], [['旧的内容']]);
  await b.finish();
  const c = await xw.sheet('说明');
  c.note('第三张表');
  await c.finish();
  await xw.close();
}

function storedParts(bytes: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readZipDirectory(bytes)) {
    const start =
      e.localOffset + 30 + bytes.readUInt16LE(e.localOffset + 26) + bytes.readUInt16LE(e.localOffset + 28);
    out.set(e.name, bytes.subarray(start, start + e.compressedSize));
  }
  return out;
}

async function replace(src: string, dst: string, fill: Parameters<typeof writeWithSheetReplaced>[1]['fill']) {
  const bytes = readFileSync(src);
  const entries = readZipDirectory(bytes);
  const fh = await open(src, 'r');
  try {
    const styles = (await import('fflate')).unzipSync(bytes)['xl/styles.xml'] as Uint8Array;
    return await writeWithSheetReplaced(dst, {
      fh,
      entries,
      part: 'xl/worksheets/sheet2.xml',
      name: '校验',
      stylesPart: 'xl/styles.xml',
      stylesXml: new TextDecoder().decode(styles),
      fill,
    });
  } finally {
    await fh.close();
  }
}

describe('writeWithSheetReplaced', () => {
  it('replaces one sheet and copies every other part byte for byte, styles kept at their indexes', async () => {
    const src = join(dir, 'a.xlsx');
    const dst = join(dir, 'a-new.xlsx');
    await workbook(src);
    const r = await replace(src, dst, (sb) => {
      sb.title('校验信息（新）');
      sb.table(
        [
          { header: '项目', kind: 'text' },
          { header: '金额', kind: 'money' },
        ],
        [['审批', 12345]],
      );
      // a format the workbook did not have: appended to styles.xml
      sb.note('已审批', { bold: true });
    });
    expect(r?.name).toBe('校验');

    const before = storedParts(readFileSync(src));
    const after = storedParts(readFileSync(dst));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, stored] of before) {
      if (name === 'xl/worksheets/sheet2.xml' || name === 'xl/styles.xml') continue;
      expect(after.get(name)?.equals(stored), name).toBe(true);
    }
    expect(
      after.get('xl/worksheets/sheet2.xml')?.equals(before.get('xl/worksheets/sheet2.xml') as Buffer),
    ).toBe(false);

    // Read back by exceljs: the new sheet as written, the copied sheet with its formats.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(dst);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['名单', '校验', '说明']);
    const m = wb.getWorksheet('校验') as ExcelJS.Worksheet;
    expect(m.getCell('A1').value).toBe('校验信息（新）');
    expect(m.getCell('A3').value).toBe('审批');
    expect(m.getCell('B3').value).toBe(123.45);
    expect(m.getCell('B3').numFmt).toBe('#,##0.00');
    const old = new ExcelJS.Workbook();
    await old.xlsx.readFile(src);
    const a = wb.getWorksheet('名单') as ExcelJS.Worksheet;
    const a0 = old.getWorksheet('名单') as ExcelJS.Worksheet;
    for (const ref of ['A1', 'B2', 'C3', 'D3', 'C3002', 'A3003', 'C3003']) {
      expect(a.getCell(ref).value, ref).toEqual(a0.getCell(ref).value);
      expect(a.getCell(ref).style, ref).toEqual(a0.getCell(ref).style);
    }
  });

  it('writes nothing and gives null for a workbook another program saved (its style indexes cannot be kept)', async () => {
    const src = join(dir, 'b.xlsx');
    await workbook(src);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(src);
    const resaved = join(dir, 'b-exceljs.xlsx');
    writeFileSync(resaved, Buffer.from(await wb.xlsx.writeBuffer()));
    const dst = join(dir, 'b-new.xlsx');
    expect(readZipDirectory(readFileSync(resaved)).some((e) => e.name === 'xl/worksheets/sheet2.xml')).toBe(
      true,
    );
    expect(await replace(resaved, dst, (sb) => sb.title('x'))).toBeNull();
    expect(existsSync(dst)).toBe(false);
  });
});

describe('copiedPartsDiffer', () => {
  const replaced = new Set(['xl/worksheets/sheet2.xml', 'xl/styles.xml']);

  it('finds nothing when every part but the replaced ones was copied as stored', async () => {
    const src = join(dir, 'c.xlsx');
    const dst = join(dir, 'c-new.xlsx');
    await workbook(src);
    await replace(src, dst, (sb) => sb.title('新的校验'));
    expect(await copiedPartsDiffer(src, dst, replaced)).toBeNull();
  });

  it('names a copied part whose stored bytes differ, one missing, and one added', async () => {
    const src = join(dir, 'd.xlsx');
    const dst = join(dir, 'd-new.xlsx');
    await workbook(src);
    await replace(src, dst, (sb) => {
      sb.title('新的校验');
      // a format the workbook did not have: styles.xml grows
      sb.note('已审批', { bold: true });
    });
    // one byte of the first sheet's stored data flipped (CRC and sizes in the directory unchanged)
    const bytes = readFileSync(dst);
    const e = readZipDirectory(bytes).find((x) => x.name === 'xl/worksheets/sheet1.xml');
    if (!e) throw new Error('no sheet1');
    const at =
      e.localOffset + 30 + bytes.readUInt16LE(e.localOffset + 26) + bytes.readUInt16LE(e.localOffset + 28);
    const flipped = Buffer.from(bytes);
    flipped[at + 100] = (flipped[at + 100] as number) ^ 0x01;
    const bad = join(dir, 'd-flipped.xlsx');
    writeFileSync(bad, flipped);
    expect(await copiedPartsDiffer(src, bad, replaced)).toBe('xl/worksheets/sheet1.xml');
    // a part that the copy lacks (the replaced set widened on one side only) or has in addition
    expect(await copiedPartsDiffer(src, dst, new Set(['xl/worksheets/sheet2.xml']))).toBe('xl/styles.xml');
    expect(await copiedPartsDiffer(src, src, new Set())).toBeNull();
  });
});
