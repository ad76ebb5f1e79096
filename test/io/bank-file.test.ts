import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitError } from '../../src/errors.js';
import {
  type BankFileInput,
  bankFileName,
  bankWorkbookBytes,
  readBankFile,
  writeBankFile,
} from '../../src/io/documents/bank-file.js';
import { pinZipTimes } from '../../src/io/xlsx/zip.js';

const CARD_19 = '6230520460012345678';
const ID_X = '37108219620315002X';

/** 1,200.00 + 1,080.50 + 0.01 + 0.29 = 2,280.80 yuan. */
const INPUT: BankFileInput = {
  year: 2012,
  batch: 'base',
  bank: '荣成农商银行',
  batchId: '2012-base-7f3a9c',
  rosterDigest: 'a'.repeat(64),
  summary: '2012年度农村干部基本补贴',
  rows: [
    { name: '张卫国', idNumber: ID_X, account: CARD_19, amountFen: 120_000 },
    { name: '李秀英', idNumber: '371082196805120021', account: '6217000012345678', amountFen: 108_050 },
    { name: '王强', idNumber: '371082197001010019', account: '0012345678901234567', amountFen: 1 },
    { name: '赵敏', idNumber: '371082197502020028', account: '6222020200112233445', amountFen: 29 },
  ],
  approvals: [
    { dept: '组织部', by: '刘明', at: '2013-01-20T09:30:00+08:00', digest: 'a'.repeat(64) },
    { dept: '财政局', by: '陈刚', at: '2013-01-22T15:00:00+08:00', digest: 'a'.repeat(64) },
  ],
  excluded: [{ idNumber: '37108219800808003X', name: '孙丽', reason: '暂停发放: 离任审计未完成' }],
};

function tmpDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'cadre-bank-'));
}

async function writeInput(input: BankFileInput = INPUT): Promise<string> {
  const file = path.join(tmpDir(), bankFileName(input.year, input.batch, input.bank));
  writeFileSync(file, await bankWorkbookBytes(input));
  return file;
}

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Label in column A → the cell beside it. */
function controlValue(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r).getCell(2);
  }
  throw new Error(`no ${label}`);
}

async function readBackFindings(file: string): Promise<ExitError> {
  try {
    await readBankFile(file);
  } catch (e) {
    if (e instanceof ExitError) return e;
    throw e;
  }
  throw new Error('the read-back accepted a tampered file');
}

describe('bankFileName', () => {
  it.each([
    [2012, 'base', '荣成农商银行', '银行代发-2012-base-荣成农商银行.xlsx'],
    [2012, 'reward', '中国银行 荣成支行', '银行代发-2012-reward-中国银行 荣成支行.xlsx'],
    [2013, 'all', 'A/B银行:荣成?', '银行代发-2013-all-A／B银行：荣成？.xlsx'],
    [2013, 'all', ' 邮储银行. ', '银行代发-2013-all-邮储银行_.xlsx'],
    [2013, 'all', '农行\n荣成', '银行代发-2013-all-农行_荣成.xlsx'],
  ])('year %i, batch %s and bank %j make the file name %s', (year, batch, bank, expected) => {
    expect(bankFileName(year, batch, bank)).toBe(expected);
  });

  it('refuses an empty bank name rather than writing a nameless file', () => {
    expect(() => bankFileName(2012, 'base', '  ')).toThrow(RangeError);
  });
});

describe('the bank payout workbook', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads back with the same count, the same total in fen and the same rows as its input', async () => {
    const file = await writeInput();
    const back = await readBankFile(file);
    const inputTotal = INPUT.rows.reduce((s, r) => s + BigInt(r.amountFen), 0n);
    expect(back.count).toBe(4);
    expect(BigInt(back.totalFen)).toBe(inputTotal);
    expect(back.totalFen).toBe(228_080);
    expect(back.rows).toEqual(INPUT.rows);
    expect(back.control).toEqual({
      count: 4,
      totalFen: 228_080,
      upper: '贰仟贰佰捌拾元捌角',
      batchId: '2012-base-7f3a9c',
    });
  });

  it('streams into a file the very bytes it makes in memory', async () => {
    const file = path.join(tmpDir(), 'streamed.xlsx');
    await writeBankFile(file, INPUT);
    expect(readFileSync(file).equals(await bankWorkbookBytes(INPUT))).toBe(true);
  });

  it('has one header row and detail rows only: no title row, no blank row, no 合计 row', async () => {
    const ws = sheet(await open(await writeInput()), '代发明细');
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '姓名', '身份证号', '银行卡号', '金额', '摘要']);
    expect(ws.rowCount).toBe(1 + INPUT.rows.length);
    expect(ws.actualRowCount).toBe(1 + INPUT.rows.length);
    for (let r = 2; r <= ws.rowCount; r++) {
      expect(ws.getRow(r).getCell(1).value).toBe(r - 1);
      expect(ws.getRow(r).getCell(6).value).toBe('2012年度农村干部基本补贴');
    }
    ws.eachRow((row) => {
      row.eachCell((c) => expect(String(c.value)).not.toContain('合计'));
    });
  });

  it('keeps ID and card numbers as text cells, so a 19-digit card and an ID ending in X survive to the digit', async () => {
    const ws = sheet(await open(await writeInput()), '代发明细');
    const id = ws.getCell('C2');
    const card = ws.getCell('D2');
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.value).toBe(ID_X);
    expect(id.numFmt).toBe('@');
    expect(card.type).toBe(ExcelJS.ValueType.String);
    expect(card.value).toBe(CARD_19);
    expect(card.numFmt).toBe('@');
    // A card with a leading zero would lose it as a number.
    expect(ws.getCell('D4').value).toBe('0012345678901234567');
    for (let r = 2; r <= ws.rowCount; r++) {
      expect(ws.getRow(r).getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getRow(r).getCell(4).type).toBe(ExcelJS.ValueType.String);
    }
  });

  it('writes amounts as numbers with two decimals and no thousands separator', async () => {
    const ws = sheet(await open(await writeInput()), '代发明细');
    expect(ws.getCell('E2').value).toBe(1200);
    expect(ws.getCell('E3').value).toBe(1080.5);
    expect(ws.getCell('E4').value).toBe(0.01);
    expect(ws.getCell('E5').value).toBe(0.29);
    for (let r = 2; r <= 5; r++) expect(ws.getRow(r).getCell(5).numFmt).toBe('0.00');
  });

  it('puts count, total, total in uppercase, batch, roster digest, approvals and every held person on 控制信息', async () => {
    const ws = sheet(await open(await writeInput()), '控制信息');
    expect(controlValue(ws, '笔数').value).toBe(4);
    expect(controlValue(ws, '总金额').value).toBe(2280.8);
    expect(controlValue(ws, '总金额').numFmt).toBe('0.00');
    expect(controlValue(ws, '总金额大写').value).toBe('贰仟贰佰捌拾元捌角');
    expect(controlValue(ws, '批次').value).toBe('2012-base-7f3a9c');
    expect(controlValue(ws, '批次类型').value).toBe('base');
    expect(controlValue(ws, '花名册摘要').value).toBe('a'.repeat(64));
    const rows: unknown[][] = [];
    ws.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toContainEqual(['部门', '审批人', '时间', '摘要', '密钥指纹']);
    expect(rows).toContainEqual(['组织部', '刘明', '2013-01-20T09:30:00+08:00', 'a'.repeat(64)]);
    expect(rows).toContainEqual(['财政局', '陈刚', '2013-01-22T15:00:00+08:00', 'a'.repeat(64)]);
    expect(rows).toContainEqual(['身份证号', '姓名', '原因']);
    expect(rows).toContainEqual(['37108219800808003X', '孙丽', '暂停发放：离任审计未完成']);
    // The held person is on the control sheet only, never in the detail.
    const detail = sheet(await open(await writeInput()), '代发明细');
    detail.eachRow((row) => {
      expect(row.getCell(3).value).not.toBe('37108219800808003X');
    });
  });

  it('dates the workbook by the day of its last approval, not by the clock', async () => {
    const wb = await open(await writeInput());
    expect(wb.created.toISOString()).toBe('2013-01-22T00:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2013-01-22T00:00:00.000Z');
    // the approver's own day, whatever it is in UTC; no approval: the year's last day
    const early = {
      ...INPUT,
      approvals: [
        { ...(INPUT.approvals[0] as BankFileInput['approvals'][0]), at: '2013-01-25T01:00:00+08:00' },
      ],
    };
    expect((await open(await writeInput(early))).created.toISOString()).toBe('2013-01-25T00:00:00.000Z');
    expect((await open(await writeInput({ ...INPUT, approvals: [] }))).created.toISOString()).toBe(
      '2012-12-31T00:00:00.000Z',
    );
  });

  it('is byte-identical for the same input, even written hours apart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2013-01-23T08:00:00Z'));
    const first = await bankWorkbookBytes(INPUT);
    vi.setSystemTime(new Date('2013-01-23T11:17:43Z'));
    const second = await bankWorkbookBytes(INPUT);
    expect(second.equals(first)).toBe(true);
    const a = path.join(tmpDir(), 'a.xlsx');
    writeFileSync(a, first);
    expect(readFileSync(a).equals(second)).toBe(true);
  });

  it('needs the zip times pinned: exceljs alone stamps the clock into the file', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const raw = async (): Promise<Buffer> => {
      const wb = new ExcelJS.Workbook();
      wb.created = new Date(0);
      wb.modified = new Date(0);
      wb.addWorksheet('x').getCell('A1').value = 1;
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    vi.setSystemTime(new Date('2013-01-23T08:00:00Z'));
    const first = await raw();
    vi.setSystemTime(new Date('2013-01-23T11:17:43Z'));
    const second = await raw();
    expect(second.equals(first)).toBe(false);
    expect(pinZipTimes(second).equals(pinZipTimes(first))).toBe(true);
  });

  it('sizes a large bank’s columns for its widest name and card, even past the rows it measures', async () => {
    const many = (last: { name: string; account: string }): BankFileInput => ({
      ...INPUT,
      rows: Array.from({ length: 5001 }, (_, i) => ({
        name: i === 5000 ? last.name : '张三',
        idNumber: `3710821950${String(i).padStart(7, '0')}X`,
        account: i === 5000 ? last.account : '6217000012345678',
        amountFen: 100 + i,
      })),
    });
    const widths = async (input: BankFileInput): Promise<[number, number]> => {
      const ws = sheet(await open(await writeInput(input)), '代发明细');
      return [ws.getColumn(2).width ?? 0, ws.getColumn(4).width ?? 0];
    };
    const [plainName, plainCard] = await widths(many({ name: '李四', account: '6217000012345678' }));
    const [longName, longCard] = await widths(
      many({ name: '阿不都热合曼·买买提江', account: '6217000012345678901' }),
    );
    expect(longName).toBeGreaterThan(plainName);
    expect(longCard).toBeGreaterThan(plainCard);
  });

  it('differs when one fen differs', async () => {
    const changed = {
      ...INPUT,
      rows: INPUT.rows.map((r, i) => (i === 0 ? { ...r, amountFen: 120_001 } : r)),
    };
    expect((await bankWorkbookBytes(changed)).equals(await bankWorkbookBytes(INPUT))).toBe(false);
  });

  it.each([
    ['a zero amount', { amountFen: 0 }],
    ['a negative amount', { amountFen: -100 }],
    ['a fraction of a fen', { amountFen: 10.5 }],
    ['an empty card number', { account: '' }],
  ])('refuses, as a bug of its caller, a row with %s', async (_name, patch) => {
    const bad = { ...INPUT, rows: [{ ...INPUT.rows[0], ...patch } as BankFileInput['rows'][number]] };
    await expect(bankWorkbookBytes(bad)).rejects.toThrow(RangeError);
  });

  it('refuses two rows for one person: the caller sums a person’s rows into one', async () => {
    const bad = { ...INPUT, rows: [INPUT.rows[0], INPUT.rows[0]] as BankFileInput['rows'] };
    await expect(bankWorkbookBytes(bad)).rejects.toThrow(RangeError);
  });
});

describe('the read-back check finds a file that is not as written', () => {
  async function tampered(edit: (ws: ExcelJS.Worksheet) => void): Promise<string> {
    const file = await writeInput();
    const wb = await open(file);
    edit(sheet(wb, '代发明细'));
    await wb.xlsx.writeFile(file);
    return file;
  }

  it.each([
    [
      'a card number turned into a number',
      (ws: ExcelJS.Worksheet) => {
        ws.getCell('D3').value = 6217000012345678;
      },
      { row: 3, column: 'D', header: '银行卡号', expected: 'text' },
    ],
    [
      'an amount that is not whole fen',
      (ws: ExcelJS.Worksheet) => {
        ws.getCell('E4').value = 12.345;
      },
      { row: 4, column: 'E', header: '金额', expected: 'amount' },
    ],
    [
      'a 合计 row added under the table',
      (ws: ExcelJS.Worksheet) => {
        ws.getCell('A6').value = '合计';
        ws.getCell('E6').value = 2280.8;
      },
      { row: 6, column: 'A', header: '序号', expected: 'serial' },
    ],
    [
      'a header renamed',
      (ws: ExcelJS.Worksheet) => {
        ws.getCell('E1').value = '金额（元）';
      },
      { row: 1, column: 'E', header: '金额', expected: 'header' },
    ],
  ])('%s is a bank_readback finding at its cell', async (_name, edit, where) => {
    const err = await readBackFindings(await tampered(edit));
    expect(err.code).toBe(3);
    expect(err.findings).toContainEqual(
      expect.objectContaining({
        code: 'bank_readback',
        sheet: '代发明细',
        row: where.row,
        column: where.column,
        header: where.header,
        params: { expected: where.expected },
      }),
    );
  });

  it('a missing file is a file error (exit 4), not a crash', async () => {
    await expect(readBankFile(path.join(tmpDir(), 'none.xlsx'))).rejects.toMatchObject({ code: 4 });
  });
});
