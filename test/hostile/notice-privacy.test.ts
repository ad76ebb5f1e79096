import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import {
  columnOf,
  dataRow,
  makeCard,
  makeId,
  type WorkbookData,
  writeWorkbook,
} from '../helpers/workbook-builder.js';

/**
 * Issue 18 item 4: an ID or card number in a text the notice prints (姓名, 村名, 镇街) is an
 * input error validate reports — written in full-width digits, with hyphens or dots, or
 * anyone's card of the run — never exit 70 from subsidy; and the notice's 校验 names
 * the inputs by SHA-256 only, on a hidden sheet.
 */

interface Finding {
  level: string;
  code: string;
  sheet: string;
  row: number;
  column: string;
}

const id = (seq: string) => makeId('370602', '19750505', seq);
const CARD = makeCard('62170', 12);

function data(names: { v1: string; town2: string; c0: string; c2: string }): WorkbookData {
  return {
    villages: [
      { code: 'V1', name: names.v1, town: '乙镇', households: 300 },
      { code: 'V2', name: '后村', town: names.town2, households: 90 },
    ],
    cadres: [
      {
        idNumber: id('101'),
        name: names.c0,
        villageCode: 'V1',
        role: '书记',
        bank: '工商银行',
        account: CARD,
      },
      {
        idNumber: id('202'),
        name: '周五',
        villageCode: 'V1',
        role: '主任',
        bank: '工商银行',
        account: makeCard('62220', 19),
      },
      { idNumber: id('303'), name: names.c2, villageCode: 'V2', role: '书记兼主任' },
    ],
    scores: ['V1', 'V2'].flatMap((v) => [
      { villageCode: v, period: 'H1', score: 85 },
      { villageCode: v, period: 'H2', score: 85 },
    ]),
  };
}

const work = tempDir('cadre-notice-privacy-');
const bad = join(work, 'bad.xlsx');
// the file name itself carries an ID: the notice must not repeat it
const goodName = `吴六-${id('909')}.xlsx`;
const good = join(work, goodName);

beforeAll(async () => {
  await writeWorkbook(
    bad,
    data({
      // full-width digits with a full-width hyphen
      v1: `前村３７０６０２－１９７５０５０５１０１${'X'.repeat(0)}`,
      // anyone's card of the run (12 digits, under the 15-digit run), with dots
      town2: `乙镇${CARD.slice(0, 4)}.${CARD.slice(4)}`,
      // an ID in groups with hyphens and spaces
      c0: `郑七 ${id('404').slice(0, 6)}-${id('404').slice(6, 14)} ${id('404').slice(14)}`,
      // an 16-digit number with dots, nobody's
      c2: '王八1234.5678.9012.3456',
    }),
  );
  await writeWorkbook(good, data({ v1: '前村', town2: '乙镇', c0: '郑七', c2: '王八' }));
}, 60_000);

describe('IDs and cards in texts the notice prints (issue 18 item 4)', () => {
  it('validate reports each such cell as an input error (exit 1)', () => {
    const r = cli(['validate', bad, '--json']);
    expect(r.code).toBe(1);
    const at = (r.json().findings as Finding[])
      .filter((f) => f.code === 'public_text_number')
      .map((f) => `${f.sheet}!${f.column}${f.row}`)
      .sort();
    expect(at).toEqual(
      [
        `村庄!${columnOf('villages', 'name')}${dataRow(0)}`,
        `村庄!${columnOf('villages', 'town')}${dataRow(1)}`,
        `干部!${columnOf('cadres', 'name')}${dataRow(0)}`,
        `干部!${columnOf('cadres', 'name')}${dataRow(2)}`,
      ].sort(),
    );
  });

  it('subsidy stops with exit 1 (not 70, not a bug) and writes nothing', () => {
    const out = join(work, 'out-bad');
    const r = cli(['subsidy', bad, '-o', out, '--as-of', '2012-12-31', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('internal error');
    expect(existsSync(out)).toBe(false);
  });

  it('names the inputs of the notice by SHA-256 only, on a hidden 校验 sheet', async () => {
    const out = join(work, 'out-good');
    const r = cli(['subsidy', good, '-o', out, '--as-of', '2012-12-31', '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['公示表-2012.xlsx', '审批花名册-2012.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '公示表-2012.xlsx'));
    const cells: string[] = [];
    for (const ws of wb.worksheets)
      ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
    const all = cells.join('\n');
    expect(all).not.toContain(id('909'));
    expect(all).not.toContain('吴六');
    expect(all).toContain(createHash('sha256').update(readFileSync(good)).digest('hex'));
    expect(wb.getWorksheet('校验')?.state).toBe('hidden');
  });
});
