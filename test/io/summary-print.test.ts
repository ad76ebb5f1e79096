import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type SummaryInput, writeSummaryFile } from '../../src/io/documents/banks/summary.js';
import type { Manifest } from '../../src/io/documents/manifest.js';
import type { IsoDate } from '../../src/rules/types.js';
import { tempDir } from '../helpers/cli.js';

/**
 * 代发汇总表 as it prints (spec/banks.md, Files for paper): rendered to PDF by LibreOffice
 * (outputs.md: `apt-get install -y libreoffice-calc fonts-noto-cjk poppler-utils`), then
 * measured with poppler: A4 portrait, every word at ≥ 9 pt, "第 N 页 共 M 页" on every
 * page, the hidden 校验 sheet not printed. Skipped where LibreOffice is not installed.
 */

const hasSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
const hasPoppler = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).status === 0;

const hex = (ch: string) => ch.repeat(64);
const manifest: Manifest = {
  kind: 'roster',
  toolVersion: '0.1.0',
  policyId: 'rongcheng-2012',
  policySha256: hex('1'),
  policyTitle: '荣成市农村干部财政补贴办法（2012年度）',
  city: '荣成市',
  year: 2012,
  inputs: [{ name: '石岛镇.xlsx', sha256: hex('a') }],
  asOf: '2012-12-31',
  runAt: '2013-01-05T09:30:00+08:00',
  provisional: false,
  fingerprint: hex('f'),
  preparedBy: '郑会计',
  rosterDigest: hex('d'),
  approvals: [],
};

function input(held: number, banks: string[]): SummaryInput {
  return {
    city: '荣成市',
    year: 2012,
    batch: 'base',
    batchId: '0123456789abcdef',
    rosterDigest: hex('d'),
    issue: 2,
    reissueReason: '银行退回：卡号错误',
    banks: banks.map((bank, i) => ({
      bank,
      profile: i === 0 ? 'rcrcb-txt' : 'generic',
      file: i === 0 ? '荣成农商银行-2012-base.txt' : `银行代发-2012-base-${bank}.xlsx`,
      count: 2_060 + i,
      totalFen: 123_456_789 + i,
    })),
    payers: [{ name: '荣成市财政局', account: '1234567890123' }],
    approvals: [
      { dept: '组织部', by: '李四', at: '2013-01-20T09:30:00+08:00', signed: true },
      { dept: '财政局', by: '王五', at: '2013-01-21T15:02:11+08:00', signed: null },
    ],
    held: Array.from({ length: held }, (_, i) => ({
      idNumber: `37108219880808${String(i).padStart(3, '0')}X`,
      name: i % 2 ? '阿依古丽·买买提' : '张三',
      bank: '农业银行',
      amountFen: 126_000,
      reason: '暂停发放: 审计未结束，待审计报告出具后另行发放',
    })),
    manifest,
  };
}

/** The box of a 9 pt word: 9 × 1.3 em (rounded down by poppler's arithmetic). */
const MIN_BOX = 11.69;

/** Every word's box height in the PDF (pt): poppler's box is 1.3 em of Noto Sans CJK. */
function wordHeights(pdf: string): { h: number; text: string }[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    h: Number(m[2]) - Number(m[1]),
    text: m[3] ?? '',
  }));
}

describe.skipIf(!hasSoffice || !hasPoppler)('代发汇总表 printed by LibreOffice', () => {
  const dir = tempDir('cadre-summary-print-');

  async function render(held: number, banks: string[]): Promise<{ pdf: string; info: string; text: string }> {
    const xlsx = join(dir, `summary-${held}.xlsx`);
    await writeSummaryFile(xlsx, input(held, banks), '2013-01-22' as IsoDate);
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], {
      stdio: 'ignore',
    });
    const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
    return {
      pdf,
      info: execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }),
      text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
    };
  }

  it('one A4 portrait page at ≥ 9 pt, with the banks, 合计, 重发 and its reason, the signers and the seal, 第 1 页 共 1 页', async () => {
    const { pdf, info, text } = await render(1, ['荣成农商银行', '邮储银行', '建设银行']);
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const words = wordHeights(pdf);
    const smallest = Math.min(...words.map((w) => w.h));
    // poppler's word box is 1.3 em of Noto Sans CJK (ascent 1.16 + descent 0.14): 9 pt ≈ 11.7
    expect(smallest, words.find((w) => w.h === smallest)?.text).toBeGreaterThanOrEqual(MIN_BOX);
    const flat = text.replace(/\s+/g, '');
    for (const s of [
      '荣成农商银行',
      'rcrcb-txt',
      '合计',
      '3,703,703.70',
      '重发原因：银行退回：卡号错误',
      '荣成市财政局',
      '经办人：',
      '复核人：',
      '负责人：',
      '（盖章）',
      '已验证签名',
      '未签名（未验证）',
      '第1页共1页',
    ])
      expect(flat).toContain(s);
    // the hidden 校验 sheet is not printed
    expect(flat).not.toContain('校验信息');
  }, 180_000);

  it('a long list of held people runs onto more pages, each "第 N 页 共 M 页", nothing shrunk', async () => {
    const { pdf, info, text } = await render(80, [
      '荣成农商银行',
      '中国邮政储蓄银行荣成市支行',
      '工商银行',
      '建设银行',
      '农业银行',
    ]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    const flat = text.replace(/\s+/g, '');
    for (let p = 1; p <= pages; p++) expect(flat).toContain(`第${p}页共${pages}页`);
    expect(Math.min(...wordHeights(pdf).map((w) => w.h))).toBeGreaterThanOrEqual(MIN_BOX);
  }, 180_000);

  it('keeps 校验 as a hidden sheet and the summary as the printed one', async () => {
    const xlsx = join(dir, 'summary-1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['代发汇总表', 'visible'],
      ['校验', 'hidden'],
    ]);
    const ws = wb.getWorksheet('代发汇总表') as ExcelJS.Worksheet;
    expect([ws.pageSetup.orientation, ws.pageSetup.paperSize]).toEqual(['portrait', 9]);
  });
});
