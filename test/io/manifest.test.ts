import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type Manifest, readManifestSheet, writeManifestSheet } from '../../src/io/documents/manifest.js';
import { newWorkbook, workbookBytes } from '../../src/io/documents/style.js';

const hex = (ch: string) => ch.repeat(64);

const manifest: Manifest = {
  kind: 'roster',
  toolVersion: '0.1.0',
  policyId: 'rongcheng-2012',
  policySha256: hex('1'),
  policyTitle: '荣成市农村干部财政补贴办法（2012年度）',
  city: '荣成市',
  year: 2012,
  inputs: [
    { name: '石岛镇.xlsx', sha256: hex('a') },
    { name: '港湾街道 2012（修订）.xlsx', sha256: hex('b') },
  ],
  asOf: '2012-12-31',
  provisional: false,
  fingerprint: hex('f'),
  runAt: '2013-01-05T09:00:00+08:00',
  preparedBy: '郑会计',
  rosterDigest: hex('d'),
  approvals: [
    {
      dept: '组织部',
      by: '李四',
      at: '2013-01-20T09:30:00+08:00',
      digest: hex('d'),
      key: '',
      publicKey: '',
      signature: '',
    },
    {
      dept: '财政局',
      by: '王五',
      at: '2013-01-21T15:02:11+08:00',
      digest: hex('d'),
      key: '',
      publicKey: '',
      signature: '',
    },
  ],
};

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await workbookBytes(wb, '2013-01-05')) as unknown as ExcelJS.Buffer);
  return back;
}

function columnA(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === 'string') out.push(v);
  });
  return out;
}

describe('the 校验 sheet', () => {
  it('round-trips every field, the inputs and the approvals through a written xlsx', async () => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    expect(readManifestSheet(await roundTrip(wb))).toEqual(manifest);
  });

  it('round-trips a provisional notice with no preparer, no digest and no approvals', async () => {
    const m: Manifest = {
      ...manifest,
      kind: 'notice',
      provisional: true,
      asOf: '2012-06-30',
      preparedBy: '',
      rosterDigest: '',
      approvals: [],
      inputs: [],
    };
    const wb = newWorkbook();
    writeManifestSheet(wb, m);
    expect(readManifestSheet(await roundTrip(wb))).toEqual(m);
  });

  it('labels its rows in Chinese in the first column: the twelve keys, then 文件名 and 审批部门 headers', async () => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    const ws = (await roundTrip(wb)).getWorksheet('校验') as ExcelJS.Worksheet;
    const labels = columnA(ws);
    for (const l of [
      '工具版本',
      '文件类型',
      '政策编号',
      '政策名称',
      '政策SHA-256',
      '城市',
      '年度',
      '截止日期',
      '是否预计',
      '运行指纹',
      '花名册摘要',
      '制表人',
      '文件名',
      '审批部门',
    ]) {
      expect(labels).toContain(l);
    }
    expect(String(ws.getCell(1, 1).value)).toContain('校验');
  });

  it('writes every hash as a text cell holding the hash alone', async () => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    const ws = (await roundTrip(wb)).getWorksheet('校验') as ExcelJS.Worksheet;
    const hashes: ExcelJS.Cell[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && /^[0-9a-f]{64}$/.test(cell.value)) hashes.push(cell);
      }),
    );
    // policy, fingerprint, roster digest, 2 inputs, 2 approvals
    expect(hashes).toHaveLength(7);
    for (const c of hashes) expect(c.numFmt).toBe('@');
  });

  it('is found by its labels, not by row numbers: rows inserted above and between still read', async () => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    const back = await roundTrip(wb);
    const ws = back.getWorksheet('校验') as ExcelJS.Worksheet;
    ws.spliceRows(2, 0, ['备注', '人工加的一行']);
    ws.spliceRows(9, 0, []);
    expect(readManifestSheet(await roundTrip(back))).toEqual(manifest);
  });

  it('replaces an existing 校验 sheet in its place, so approve can add an approval', async () => {
    const wb = newWorkbook();
    wb.addWorksheet('花名册');
    writeManifestSheet(wb, { ...manifest, approvals: [] });
    wb.addWorksheet('后加的表');
    const back = await roundTrip(wb);
    const m = readManifestSheet(back) as Manifest;
    m.approvals.push({
      dept: '组织部',
      by: '李四',
      at: '2013-01-20T09:30:00+08:00',
      digest: hex('d'),
      key: '',
      publicKey: '',
      signature: '',
    });
    writeManifestSheet(back, m);
    const again = await roundTrip(back);
    expect(again.worksheets.map((w) => w.name)).toEqual(['花名册', '校验', '后加的表']);
    expect(readManifestSheet(again)?.approvals).toEqual(m.approvals);
  });

  it('keeps its print setup when a roster is loaded and written again, as approve does', async () => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    const back = await roundTrip(await roundTrip(wb));
    const ws = back.getWorksheet('校验') as ExcelJS.Worksheet;
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
  });

  it('is null for a workbook without a 校验 sheet', async () => {
    const wb = newWorkbook();
    wb.addWorksheet('花名册').getCell('A1').value = '序号';
    expect(readManifestSheet(await roundTrip(wb))).toBeNull();
  });

  it('is null for a 校验 sheet that is not ours', async () => {
    const wb = newWorkbook();
    const ws = wb.addWorksheet('校验');
    ws.addRow(['项目', '内容']);
    ws.addRow(['工具版本', '1.0']);
    ws.addRow(['校验人', '张三']);
    expect(readManifestSheet(await roundTrip(wb))).toBeNull();
  });

  it.each([
    ['文件类型', 'budget'],
    ['年度', '二〇一二'],
    ['是否预计', 'yes'],
  ])('is null when %s holds %s, which the writer never puts there', async (label, value) => {
    const wb = newWorkbook();
    writeManifestSheet(wb, manifest);
    const back = await roundTrip(wb);
    const ws = back.getWorksheet('校验') as ExcelJS.Worksheet;
    ws.eachRow((row) => {
      if (row.getCell(1).value === label) row.getCell(2).value = value;
    });
    expect(readManifestSheet(await roundTrip(back))).toBeNull();
  });
});
