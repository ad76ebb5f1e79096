import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type Manifest, readManifestSheet } from '../../src/io/documents/manifest.js';
import {
  type NoticeVillage,
  noticeSheetNames,
  supervisionFileName,
  supervisionWorkbookBytes,
} from '../../src/io/documents/supervision.js';
import type { LedgerItem } from '../../src/rules/ledger.js';
import type { CommitmentRecord, VillageRecord } from '../../src/rules/types.js';
import { item, specPolicy, village } from '../helpers/records.js';

const AS_OF = '2012-09-30';
const RECTIFY = '2012-10-07';

const manifest: Manifest = {
  kind: 'ledger',
  toolVersion: '0.0.0-test',
  policyId: 'rongcheng-2012',
  policySha256: 'a'.repeat(64),
  policyTitle: '荣成市农村干部财政补贴办法（2012年度）',
  city: '荣成市',
  year: 2012,
  inputs: [{ name: '台账.xlsx', sha256: 'b'.repeat(64) }],
  asOf: AS_OF,
  provisional: true,
  fingerprint: 'c'.repeat(64),
  runAt: '',
  preparedBy: '',
  rosterDigest: '',
  approvals: [],
};

const bad = (it: CommitmentRecord, status: 'failed' | 'overdue'): LedgerItem => ({
  item: it,
  status,
  rectifyBy: RECTIFY,
});

function sample(): NoticeVillage[] {
  const a = village('371082001001', 120, { name: '东山村', town: '石岛镇' });
  const b = village('371082002001', 300, { name: '东山村', town: '港湾街道' });
  const c = village('371082002002', 90, { name: '汇总', town: '港湾街道' });
  return [
    {
      village: a,
      items: [
        bad(item(a.code, '01', '2012-08-31', { content: '硬化主街', responsible: '王建国' }), 'overdue'),
        bad(
          item(a.code, '007', '2012-09-15', {
            content: '修建文化广场',
            responsible: '李秀英',
            result: '不合格',
          }),
          'failed',
        ),
      ],
    },
    {
      village: b,
      items: [bad(item(b.code, '1', '2012-03-31', { content: '清理河道', responsible: '张明' }), 'overdue')],
    },
    {
      village: c,
      items: [bad(item(c.code, 'A-1', '2012-06-30', { content: '绿化', responsible: '刘强' }), 'failed')],
    },
  ];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((c) => {
      out.push(cellText(c.value));
    });
  });
  return out;
}

async function readBack(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('supervision notice file and sheet names', () => {
  it('names the file after the as-of date without dashes', () => {
    expect(supervisionFileName('2012-06-30')).toBe('督办通知单-20120630.xlsx');
    expect(supervisionFileName('2013-01-05')).toBe('督办通知单-20130105.xlsx');
  });

  it('tells two villages of the same name apart by their towns, and never reuses 汇总 or 校验', () => {
    const vs: VillageRecord[] = [
      village('1', 10, { name: '东山村', town: '石岛镇' }),
      village('2', 10, { name: '东山村', town: '港湾街道' }),
      village('3', 10, { name: '汇总', town: '港湾街道' }),
      village('4', 10, { name: '校验', town: '港湾街道' }),
      village('5', 10, { name: '西山村', town: '港湾街道' }),
    ];
    const names = noticeSheetNames(vs, new Set(['汇总', '校验']));
    expect(names[0]).toBe('东山村（石岛镇）');
    expect(names[1]).toBe('东山村（港湾街道）');
    expect(names[2]).not.toBe('汇总');
    expect(names[3]).not.toBe('校验');
    expect(names[4]).toBe('西山村');
    expect(new Set(names).size).toBe(5);
  });

  it('keeps names within 31 characters and unique when long names agree on their first 31', () => {
    const long = '很长的村名'.repeat(8); // 40 characters
    const vs = [
      village('1', 10, { name: long, town: '甲镇' }),
      village('2', 10, { name: `${long}二`, town: '甲镇' }),
    ];
    const names = noticeSheetNames(vs, new Set());
    for (const n of names) expect([...n].length).toBeLessThanOrEqual(31);
    expect(new Set(names).size).toBe(2);
  });
});

describe('supervisionWorkbookBytes', () => {
  it('writes 汇总, one notice per village in the order given, then 校验 of kind ledger', async () => {
    const wb = await readBack(
      await supervisionWorkbookBytes(sample(), specPolicy(), { manifest, asOf: AS_OF }),
    );
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toHaveLength(5);
    expect(names[0]).toBe('汇总');
    expect(names[1]).toBe('东山村（石岛镇）');
    expect(names[2]).toBe('东山村（港湾街道）');
    expect(names[3]).not.toBe('汇总');
    expect(names[3]).toContain('汇总');
    expect(names[4]).toBe('校验');
    const m = readManifestSheet(wb);
    expect(m?.kind).toBe('ledger');
    expect(m?.asOf).toBe(AS_OF);
    expect(m?.inputs).toEqual(manifest.inputs);
  });

  it('汇总 is one header row then one text row per item: codes and item numbers as typed, dates as ISO text', async () => {
    const wb = await readBack(
      await supervisionWorkbookBytes(sample(), specPolicy(), { manifest, asOf: AS_OF }),
    );
    const ws = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    const rows: string[][] = [];
    ws.eachRow((row) => {
      rows.push(Array.from({ length: 9 }, (_, i) => cellText(row.getCell(i + 1).value)));
    });
    const h = rows.findIndex((r) => r[0] === '镇街');
    expect(rows[h]).toEqual([
      '镇街',
      '村代码',
      '村名',
      '编号',
      '承诺内容',
      '完成时限',
      '责任人',
      '问题',
      '整改期限',
    ]);
    expect(rows.slice(h + 1)).toEqual([
      ['石岛镇', '371082001001', '东山村', '01', '硬化主街', '2012-08-31', '王建国', '逾期未完成', RECTIFY],
      [
        '石岛镇',
        '371082001001',
        '东山村',
        '007',
        '修建文化广场',
        '2012-09-15',
        '李秀英',
        '验收不合格',
        RECTIFY,
      ],
      ['港湾街道', '371082002001', '东山村', '1', '清理河道', '2012-03-31', '张明', '逾期未完成', RECTIFY],
      ['港湾街道', '371082002002', '汇总', 'A-1', '绿化', '2012-06-30', '刘强', '验收不合格', RECTIFY],
    ]);
    // Item numbers and village codes are strings in text-formatted cells, never numbers.
    for (let r = h + 2; r <= h + 5; r++) {
      for (const c of [2, 4]) {
        const cell = ws.getRow(r).getCell(c);
        expect(typeof cell.value).toBe('string');
        expect(cell.numFmt).toBe('@');
      }
    }
    // Frozen below the header, printed A4 landscape with the header repeated.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: h + 1 });
    expect(ws.pageSetup.printTitlesRow).toBe(`${h + 1}:${h + 1}`);
  });

  it("a village's notice is addressed to its branch and committee and signed by its town's office on the as-of date", async () => {
    const wb = await readBack(
      await supervisionWorkbookBytes(sample(), specPolicy(), { manifest, asOf: AS_OF }),
    );
    const t = texts(wb.worksheets[1] as ExcelJS.Worksheet);
    expect(t[0]).toBe('督办通知单');
    const addressed = t.indexOf('东山村党支部、村民委员会：');
    const signed = t.indexOf('石岛镇考核办');
    const dated = t.lastIndexOf('2012年9月30日');
    expect(addressed).toBeGreaterThan(0);
    // Addressee above the items, signature and date below them.
    expect(t.indexOf('硬化主街')).toBeGreaterThan(addressed);
    expect(signed).toBeGreaterThan(t.indexOf('修建文化广场'));
    expect(dated).toBeGreaterThan(signed);
    // The body states the deadline and the number of days of the policy.
    const body = t.find((s) => s.includes('整改到位')) ?? '';
    expect(body).toContain('2012年10月7日');
    expect(body).toContain('7天');
    expect(t.filter((s) => s === '2012年10月7日')).toHaveLength(2);
    expect(t).not.toContain('清理河道'); // another village's item
    const other = texts(wb.worksheets[2] as ExcelJS.Worksheet);
    expect(other).toContain('港湾街道考核办');
    expect(other).not.toContain('石岛镇考核办');
  });

  it('gives the same bytes for the same input', async () => {
    const a = await supervisionWorkbookBytes(sample(), specPolicy(), { manifest, asOf: AS_OF });
    await new Promise((r) => setTimeout(r, 1100)); // the zip clock moves on by at least a second
    const b = await supervisionWorkbookBytes(sample(), specPolicy(), { manifest, asOf: AS_OF });
    expect(a.equals(b)).toBe(true);
  });

  it('refuses (as a bug) a village with no items, or an item that needs no notice', async () => {
    const [first] = sample() as [NoticeVillage];
    await expect(
      supervisionWorkbookBytes([{ ...first, items: [] }], specPolicy(), { manifest, asOf: AS_OF }),
    ).rejects.toThrow();
    const passed: LedgerItem = { item: item('1', '09', '2012-01-01'), status: 'passed', rectifyBy: null };
    await expect(
      supervisionWorkbookBytes([{ ...first, items: [passed] }], specPolicy(), { manifest, asOf: AS_OF }),
    ).rejects.toThrow();
  });
});
