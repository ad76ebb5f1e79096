import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifestSheet } from '../../src/io/documents/manifest.js';
import { cli, tempDir } from '../helpers/cli.js';
import {
  columnOf,
  dataRow,
  makeCard,
  makeId,
  sampleData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

/**
 * Issue 18 item 2: a control character in any text is decided once, at input — rejected
 * with the cell named — so the text that feeds the digest, the writer and the checks is
 * one. Excel stores such characters as `_xHHHH_` escapes, which is how they are written
 * here (exceljs drops the raw characters).
 */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
  header: string;
  value: string;
}

const work = tempDir('cadre-control-');
const input = join(work, '控制字符.xlsx');
const id = (seq: string) => makeId('370602', '19700101', seq);

beforeAll(async () => {
  await writeWorkbook(input, {
    villages: [
      { code: 'V1', name: '东\u202e村', town: '甲镇', households: 120 },
      { code: 'V2', name: '西村', town: '甲_x0085_镇', households: 80 },
    ],
    cadres: [
      {
        idNumber: id('011'),
        name: '赵_x0007_一',
        villageCode: 'V1',
        role: '书记',
        bank: '工商银行',
        account: makeCard('622202', 19),
      },
      {
        idNumber: id('022'),
        name: '钱二',
        villageCode: 'V1',
        role: '主任',
        bank: '农行_x001B_[2J',
        account: makeCard('622848', 19),
      },
      {
        idNumber: id('033'),
        name: '孙三',
        villageCode: 'V2',
        role: '书记',
        hold: '待_x0000_查',
        remark: '备注_x007F_',
      },
      {
        idNumber: id('044'),
        name: '李四',
        villageCode: 'V2',
        role: '会计',
        account: `${makeCard('621700', 18)}_x0001_`,
      },
    ],
    scores: [
      { villageCode: 'V1', period: 'H1', score: 90 },
      { villageCode: 'V1', period: 'H2', score: 90 },
      { villageCode: 'V2', period: 'H1', score: 80 },
      { villageCode: 'V2', period: 'H2', score: 80 },
    ],
  });
}, 60_000);

describe('control characters in texts (issue 18 item 2)', () => {
  it('validate names every such cell (exit 1), with the character', () => {
    const r = cli(['validate', input, '--json']);
    expect(r.code).toBe(1);
    const found = (r.json().findings as Finding[]).filter((f) => f.code === 'text_control');
    const at = found.map((f) => `${f.sheet}!${f.column}${f.row}`).sort();
    const want = [
      `村庄!${columnOf('villages', 'name')}${dataRow(0)}`,
      `村庄!${columnOf('villages', 'town')}${dataRow(1)}`,
      `干部!${columnOf('cadres', 'name')}${dataRow(0)}`,
      `干部!${columnOf('cadres', 'bank')}${dataRow(1)}`,
      `干部!${columnOf('cadres', 'hold')}${dataRow(2)}`,
      `干部!${columnOf('cadres', 'remark')}${dataRow(2)}`,
      `干部!${columnOf('cadres', 'account')}${dataRow(3)}`,
    ].sort();
    expect(at).toEqual(want);
    expect(found.every((f) => f.level === 'error')).toBe(true);
    const bel = found.find((f) => f.header === '姓名');
    expect(bel?.value).toBe('赵\u0007一');
  });

  it('subsidy stops with the same findings (exit 1), writes nothing, and is never a bug (70)', () => {
    const out = join(work, 'out');
    const r = cli(['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--json']);
    expect(r.code).toBe(1);
    expect((r.json().findings as Finding[]).filter((f) => f.code === 'text_control')).toHaveLength(7);
    expect(existsSync(out)).toBe(false);
  });

  it('prints the message in Chinese with the code point', () => {
    const r = cli(['validate', input, '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('控制字符 U+0007');
    expect(r.stderr).toContain('控制字符 U+202E');
  });
});

describe('control characters in texts written inline (not in the shared strings)', () => {
  it('are found as well: the texts of the sheets are screened as they are decoded', async () => {
    const inline = join(work, '控制字符-inline.xlsx');
    const data = sampleData();
    const cadre = data.cadres?.[1];
    if (!cadre) throw new Error('the sample has a second cadre');
    cadre.name = '钱_x0007_二';
    await writeWorkbook(inline, data);
    // every text of every sheet moved into its cell (t="inlineStr"), as some programs write them
    const { unzipSync, zipSync } = await import('fflate');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const parts = unzipSync(readFileSync(inline));
    const text = (k: string) => new TextDecoder().decode(parts[k]);
    const shared = [...text('xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map(
      (m) => m[1],
    );
    for (const k of Object.keys(parts).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
      const xml = text(k).replace(
        /<c r="([A-Z]+\d+)"([^>]*?) t="s"><v>(\d+)<\/v><\/c>/g,
        (_, ref, attrs, i) => `<c r="${ref}"${attrs} t="inlineStr"><is><t>${shared[Number(i)]}</t></is></c>`,
      );
      parts[k] = new TextEncoder().encode(xml);
    }
    parts['xl/sharedStrings.xml'] = new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
    );
    writeFileSync(inline, zipSync(parts));
    const names = Object.keys(parts);
    expect(
      names.filter((k) => k.includes('worksheets/sheet') && text(k).includes('钱_x0007_二')),
    ).toHaveLength(1);
    const r = cli(['validate', inline, '--json']);
    expect(r.code).toBe(1);
    const found = (r.json().findings as Finding[]).filter((f) => f.code === 'text_control');
    expect(found.map((f) => `${f.sheet}!${f.column}${f.row}`)).toEqual([
      `干部!${columnOf('cadres', 'name')}${dataRow(1)}`,
    ]);
    expect(found[0]?.value).toBe('钱\u0007二');
  });
});

describe('a control character in an input’s file name', () => {
  it('is kept visible (U+FFFD) in the roster’s 校验, so what is written is what is read back', async () => {
    const clean = join(work, 'clean.xlsx');
    await writeWorkbook(clean, sampleData());
    const odd = join(work, 'town\u0007bell.xlsx');
    copyFileSync(clean, odd);
    const out = join(work, 'odd-out');
    const r = cli(['subsidy', odd, '-o', out, '--as-of', '2012-12-31']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '审批花名册-2012.xlsx'));
    expect(readManifestSheet(wb)?.inputs.map((i) => i.name)).toEqual(['town\ufffdbell.xlsx']);
  });
});
