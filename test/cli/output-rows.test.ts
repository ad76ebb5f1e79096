import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTooLarge } from '../../src/commands/common.js';
import { MAX_RUN_CADRE_ROWS, OUTPUT_RESERVED_ROWS } from '../../src/io/documents/roster/writer.js';
import { EXCEL_MAX_ROWS } from '../../src/io/xlsx/grid.js';
import { XlsxWriter } from '../../src/io/xlsx/writer.js';
import { localize } from '../../src/report/messages/index.js';
import type { CadreRecord } from '../../src/rules/types.js';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Every cadre row is a row of the roster's 花名册 and 计算明细 and of its town's notice
 * sheet, and Excel holds 1,048,576 rows per sheet: a run of more than MAX_RUN_CADRE_ROWS
 * is refused (run_too_large) before anything is computed, and no sheet past Excel's limit
 * is ever written (Excel would open it without its last rows and its 合计).
 */

/** Per sheet: its rows that are not cadre rows (序号 a whole number in column A). */
async function reservedRows(file: string): Promise<Map<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out = new Map<string, number>();
  for (const ws of wb.worksheets) {
    let cadres = 0;
    ws.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) cadres++;
    });
    out.set(ws.name, ws.rowCount - cadres);
  }
  return out;
}

describe('the rows of an output sheet that are not cadre rows', () => {
  const work = tempDir('cadre-output-rows-');
  beforeAll(async () => {
    await writeWorkbook(join(work, 'input.xlsx'), sampleData());
    for (const [dir, asOf] of [
      ['final', '2012-12-31'],
      ['provisional', '2012-06-30'],
    ]) {
      const r = cli([
        'subsidy',
        join(work, 'input.xlsx'),
        '-o',
        join(work, dir as string),
        '--as-of',
        asOf as string,
        '-q',
      ]);
      if (r.code !== 0) throw new Error(`subsidy failed (${r.code}): ${r.stderr}`);
    }
  }, 60_000);

  it('are at most OUTPUT_RESERVED_ROWS in every sheet of the roster and the notice, and the provisional notice takes them all', async () => {
    const seen: number[] = [];
    for (const dir of ['final', 'provisional']) {
      for (const name of ['审批花名册-2012.xlsx', '公示表-2012.xlsx']) {
        for (const [sheet, n] of await reservedRows(join(work, dir, name))) {
          if (sheet === '校验' || sheet === '汇总') continue;
          expect(n, `${dir}/${name}/${sheet}`).toBeLessThanOrEqual(OUTPUT_RESERVED_ROWS);
          seen.push(n);
        }
      }
    }
    // the bound is tight: a layout with one row more must raise it
    expect(Math.max(...seen)).toBe(OUTPUT_RESERVED_ROWS);
    expect(MAX_RUN_CADRE_ROWS).toBe(EXCEL_MAX_ROWS - OUTPUT_RESERVED_ROWS);
  });
});

describe('run_too_large', () => {
  const record = (i: number): CadreRecord =>
    ({ seq: i, src: { file: i < 3 ? 'a.xlsx' : 'b.xlsx', sheet: '干部', row: 2 + (i % 3) } }) as CadreRecord;

  it('names the first row that does not fit: its file, sheet and Excel row, with the run and the limit', () => {
    const f = runTooLarge(
      Array.from({ length: 5 }, (_, i) => record(i)),
      3,
    );
    expect(f).toMatchObject({
      level: 'error',
      code: 'run_too_large',
      file: 'b.xlsx',
      sheet: '干部',
      row: 2,
      params: { rows: 5, max: 3 },
    });
    const en = localize(f as NonNullable<typeof f>, 'en');
    expect(en.message).toContain('This run has 5 cadre rows, more than the 3');
    expect(en.hint).toContain('reward.pool_scope: town');
    expect(localize(f as NonNullable<typeof f>, 'zh').message).toContain('本次运行共有 5 行干部');
  });

  it('is null for a run that fits, up to the limit itself', () => {
    expect(
      runTooLarge(
        Array.from({ length: 3 }, (_, i) => record(i)),
        3,
      ),
    ).toBeNull();
    expect(runTooLarge([])).toBeNull();
  });
});

describe('xlsx-fast', () => {
  it('never writes a sheet past Excel’s rows', async () => {
    const xw = XlsxWriter.toBuffer({ sheets: ['花名册'], date: '2013-01-05' });
    const sb = await xw.sheet('花名册');
    sb.title('标题');
    // rows made on demand: the check comes before any is asked for
    sb.table([{ header: '序号', kind: 'int' }], { length: EXCEL_MAX_ROWS - 1, get: (i) => [i + 1] });
    await expect(sb.finish()).rejects.toThrow(/1048577 rows, past Excel's 1048576/);
  });
});
