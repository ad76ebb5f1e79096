import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type PlannedBank, readBackBankFiles } from '../../src/commands/payout.js';
import { bankWorkbookBytes } from '../../src/io/documents/bank-file.js';
import { tempDir } from '../helpers/cli.js';
import { makeCard, makeId } from '../helpers/workbook-builder.js';

const BATCH_ID = '0123456789abcdef';

/** Two people, 1,200.00 + 1,080.50 = 2,280.50 yuan. */
const BANK: PlannedBank = {
  bank: '荣成农商银行',
  rows: [
    {
      name: '张卫国',
      idNumber: makeId('371082', '19620315', '002'),
      account: makeCard('622159', 19),
      amountFen: 120_000,
    },
    {
      name: '李秀英',
      idNumber: makeId('371082', '19680512', '002'),
      account: makeCard('621700', 16),
      amountFen: 108_050,
    },
  ],
  totalFen: 228_050,
  excluded: [],
};

async function written(dir: string, bank: PlannedBank = BANK): Promise<string> {
  const path = join(dir, `银行代发-2012-base-${bank.bank}.xlsx`);
  const bytes = await bankWorkbookBytes({
    year: 2012,
    batch: 'base',
    bank: bank.bank,
    batchId: BATCH_ID,
    rosterDigest: 'd'.repeat(64),
    summary: '2012年度农村干部基本补贴',
    rows: bank.rows,
    approvals: [],
    excluded: [],
  });
  writeFileSync(path, bytes);
  return path;
}

/** The bank file at `path` with one cell of 代发明细 changed (saved by exceljs). */
async function edited(path: string, ref: string, value: ExcelJS.CellValue): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const cell = wb.getWorksheet('代发明细')?.getCell(ref);
  if (!cell) throw new Error(`no ${ref}`);
  cell.value = value;
  await wb.xlsx.writeFile(path);
}

const whats = (fs: { code: string; params?: Record<string, string | number> }[]) =>
  fs.map((f) => `${f.code} ${f.params?.what ?? ''}`);

describe('reading the bank files back', () => {
  it('finds nothing when the files hold what was planned and add up to the roster', async () => {
    const path = await written(tempDir());
    expect(await readBackBankFiles([{ path, bank: BANK }], BATCH_ID, 228_050)).toEqual([]);
  });

  it('names a total that differs from the roster by one fen', async () => {
    const path = await written(tempDir());
    const found = await readBackBankFiles([{ path, bank: BANK }], BATCH_ID, 228_051);
    expect(whats(found)).toEqual(['payout_readback 全部银行文件合计 / 花名册本批次合计']);
    expect([found[0]?.params?.expected, found[0]?.params?.got]).toEqual(['2280.51', '2280.50']);
  });

  it('names a detail amount changed in the file, and the control total it no longer matches', async () => {
    const path = await written(tempDir());
    await edited(path, 'E3', 1080.6);
    const found = await readBackBankFiles([{ path, bank: BANK }], BATCH_ID, 228_050);
    expect(whats(found)).toEqual([
      'payout_readback 总金额',
      'payout_readback 控制信息 总金额',
      'payout_readback 总金额大写',
      'payout_readback 代发明细 第 3 行',
      'payout_readback 全部银行文件合计 / 花名册本批次合计',
    ]);
  });

  it('names a batch id that is not this run’s', async () => {
    const path = await written(tempDir());
    const found = await readBackBankFiles([{ path, bank: BANK }], 'fedcba9876543210', 228_050);
    expect(whats(found)).toEqual(['payout_readback 批次']);
  });

  it('reports a file that is no longer a bank file with the reader’s own findings', async () => {
    const path = await written(tempDir());
    await edited(path, 'D2', Number(BANK.rows[0]?.account.slice(0, 15)));
    const found = await readBackBankFiles([{ path, bank: BANK }], BATCH_ID, 228_050);
    // The unreadable file adds nothing, so the files together no longer make the roster's total either.
    expect(whats(found)).toEqual([
      'payout_readback_format ',
      'bank_readback ',
      'payout_readback 全部银行文件合计 / 花名册本批次合计',
    ]);
    expect([found[1]?.row, found[1]?.column]).toEqual([2, 'D']);
  });

  it('reads a temporary file but names every finding by the file it becomes', async () => {
    const dir = tempDir();
    const tmp = await written(dir);
    await edited(tmp, 'C2', 1234);
    const target = join(dir, '银行代发-2012-base-荣成农商银行（目标）.xlsx');
    const found = await readBackBankFiles([{ path: target, from: tmp, bank: BANK }], BATCH_ID, 228_050);
    // the reader's own finding (the ID cell) and payout's, both under the target's name
    expect(found.filter((f) => f.file === target).map((f) => f.code)).toEqual([
      'payout_readback_format',
      'bank_readback',
    ]);
    expect(found.some((f) => f.file === tmp)).toBe(false);
  });
});
