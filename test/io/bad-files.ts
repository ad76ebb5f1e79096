/**
 * Files a clerk may hand the tool that are not readable workbooks, one maker per kind,
 * shared by the reader tests and the CLI tests. Each writes into `dir` and returns the path.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/** A real Excel 97-2003 file: LibreOffice 7.4 saved the public sample as "MS Excel 97". */
export const XLS_FIXTURE = fileURLToPath(new URL('./fixtures/excel-97-2003.xls', import.meta.url));

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A zip written here: stored or deflated entries, a central directory, the end record. */
export function makeZip(
  entries: { name: string; data: string | Buffer }[],
  declaredSize?: (name: string) => number,
  stored = false,
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const packed = stored ? data : deflateRawSync(data);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8); // stored or deflated
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(declaredSize?.(e.name) ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The smallest .xlsx exceljs reads: one sheet named 村庄 with the given sheetData XML. */
export function minimalXlsx(sheetData: string, declaredSize?: (name: string) => number): Buffer {
  const ns = 'http://schemas.openxmlformats.org';
  return makeZip(
    [
      {
        name: '[Content_Types].xml',
        data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      },
      {
        name: '_rels/.rels',
        data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      },
      {
        name: 'xl/workbook.xml',
        data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="村庄" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`,
      },
    ],
    declaredSize,
  );
}

export type BadKind =
  | 'xls_old'
  | 'not_xlsx_csv'
  | 'not_xlsx_html'
  | 'encrypted'
  | 'corrupt_truncated'
  | 'corrupt_xml'
  | 'empty_file'
  | 'too_large'
  | 'sheet_too_many_rows'
  | 'sheet_too_many_columns'
  | 'no_workbooks'
  | 'file_missing';

/** Makes one bad input of `kind` in `dir`; returns the path to give the tool. */
export async function makeBad(dir: string, kind: BadKind): Promise<string> {
  const p = (name: string) => join(dir, name);
  switch (kind) {
    case 'xls_old': {
      copyFileSync(XLS_FIXTURE, p('旧版.xls'));
      return p('旧版.xls');
    }
    case 'not_xlsx_csv':
      writeFileSync(p('导出.xlsx'), '\ufeff村代码,村名,镇街,户数\n371082001001,小庄村,石岛管理区,63\n');
      return p('导出.xlsx');
    case 'not_xlsx_html':
      writeFileSync(
        p('网页.xlsx'),
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table><tr><td>村代码</td></tr></table></body></html>',
      );
      return p('网页.xlsx');
    case 'encrypted': {
      // The layout of a password-protected .xlsx: an OLE compound file whose directory
      // names the streams EncryptionInfo and EncryptedPackage (UTF-16LE). Synthetic: no
      // tool at hand writes OOXML encryption, and the reader only looks at the layout.
      const header = Buffer.alloc(512);
      CFB_MAGIC.copy(header, 0);
      header.writeUInt16LE(0x003e, 24);
      header.writeUInt16LE(0x0003, 26);
      header.writeUInt16LE(0xfffe, 28);
      const dirSector = Buffer.alloc(512);
      Buffer.from('Root Entry', 'utf16le').copy(dirSector, 0);
      Buffer.from('EncryptionInfo', 'utf16le').copy(dirSector, 128);
      Buffer.from('EncryptedPackage', 'utf16le').copy(dirSector, 256);
      writeFileSync(p('加密.xlsx'), Buffer.concat([header, dirSector, Buffer.alloc(1024, 0x5a)]));
      return p('加密.xlsx');
    }
    case 'corrupt_truncated': {
      await writeWorkbook(p('whole.xlsx'), sampleData());
      const whole = readFileSync(p('whole.xlsx'));
      writeFileSync(p('截断.xlsx'), whole.subarray(0, Math.floor(whole.length / 2)));
      return p('截断.xlsx');
    }
    case 'corrupt_xml':
      writeFileSync(
        p('坏表.xlsx'),
        minimalXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c>'),
      );
      return p('坏表.xlsx');
    case 'empty_file':
      writeFileSync(p('空.xlsx'), Buffer.alloc(0));
      return p('空.xlsx');
    case 'too_large':
      // A small file whose central directory declares a 3 GB sheet: refused before inflating.
      writeFileSync(
        p('巨大.xlsx'),
        minimalXlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c></row>', (n) =>
          n.endsWith('sheet1.xml') ? 3_000_000_000 : 100,
        ),
      );
      return p('巨大.xlsx');
    case 'sheet_too_many_rows':
      writeFileSync(
        p('超行.xlsx'),
        minimalXlsx(
          '<row r="1"><c r="A1" t="inlineStr"><is><t>村代码</t></is></c></row><row r="1048577"><c r="A1048577"><v>1</v></c></row>',
        ),
      );
      return p('超行.xlsx');
    case 'sheet_too_many_columns':
      writeFileSync(p('超列.xlsx'), minimalXlsx('<row r="1"><c r="XFE1"><v>1</v></c></row>'));
      return p('超列.xlsx');
    case 'no_workbooks': {
      const d = p('空文件夹');
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, '说明.txt'), '这里应当放各镇的 .xlsx');
      return d;
    }
    case 'file_missing':
      return p('不存在.xlsx');
  }
}
