import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZipDirectory } from '../../src/io/xlsx/zip.js';
import { cli, tempDir } from '../helpers/cli.js';
import { sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * approve at any size: a roster as subsidy wrote it gets its 校验 sheet replaced at zip
 * level (the other parts copied as stored), so its size does not matter. Only a roster
 * saved by another program is loaded whole with exceljs, within the in-memory limit
 * (64 MB unpacked, roster_too_large past it). A part that unpacks to 70 MB from a few
 * hundred kilobytes stands in for a province's 计算明细.
 */

const PAD_PART = 'xl/worksheets/padding.xml';

/** 70 MB of sheet XML, a few hundred kilobytes deflated. */
function padding(): Uint8Array<ArrayBuffer> {
  const row = '<row r="1"><c r="A1" t="inlineStr"><is><t>石岛镇</t></is></c></row>';
  return new TextEncoder().encode(
    `<worksheet><sheetData>${row.repeat(Math.ceil((70 * 1024 * 1024) / row.length))}</sheetData></worksheet>`,
  );
}

/** `src` with one more part (not a sheet of the workbook, but counted in its unpacked size). */
function padded(src: string, dst: string): void {
  const parts = unzipSync(readFileSync(src));
  parts[PAD_PART] = padding();
  writeFileSync(dst, zipSync(parts, { level: 1 }));
}

/** Each part's bytes as stored in the archive (deflated), by name. */
function storedParts(file: string): Map<string, Buffer> {
  const bytes = readFileSync(file);
  const out = new Map<string, Buffer>();
  for (const e of readZipDirectory(bytes)) {
    const at = e.localOffset;
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    out.set(e.name, bytes.subarray(start, start + e.compressedSize));
  }
  return out;
}

const work = tempDir('cadre-approve-scale-');
const roster = join(work, 'out', '审批花名册-2012.xlsx');

beforeAll(async () => {
  const input = join(work, 'input.xlsx');
  await writeWorkbook(input, sampleData());
  const r = cli([
    'subsidy',
    input,
    '-o',
    join(work, 'out'),
    '--prepared-by',
    '张三',
    '--as-of',
    '2012-12-31',
    '-q',
  ]);
  if (r.code !== 0) throw new Error(`subsidy failed (${r.code}): ${r.stdout}${r.stderr}`);
}, 60_000);

describe('approve of a roster as subsidy wrote it', () => {
  it('replaces only 校验 (and styles.xml): every other part keeps its stored bytes', () => {
    const file = join(tempDir('cadre-approve-parts-'), '审批花名册-2012.xlsx');
    copyFileSync(roster, file);
    const before = storedParts(file);
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
    const after = storedParts(file);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...before].filter(([name, stored]) => !after.get(name)?.equals(stored)).map(([n]) => n);
    // 校验 is the sixth sheet, the last; styles.xml is written again from the same table (same bytes here)
    expect(changed).toEqual(['xl/worksheets/sheet6.xml']);
  });

  it('approves one past the in-memory limit (70 MB more unpacked), copying that part as it was', async () => {
    const file = join(tempDir('cadre-approve-big-'), '审批花名册-2012.xlsx');
    padded(roster, file);
    const pad = storedParts(file).get(PAD_PART) as Buffer;
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json().approvals).toHaveLength(1);
    expect(storedParts(file).get(PAD_PART)?.equals(pad)).toBe(true);
    // the second department too, then it can be paid
    expect(cli(['approve', file, '--dept', '财政局', '--by', '王五', '-q']).code).toBe(0);
    const pay = cli([
      'payout',
      file,
      '--batch',
      'base',
      '-o',
      join(work, 'bank-big'),
      '--json',
      '--unsigned',
    ]);
    expect(pay.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows: string[] = [];
    wb.getWorksheet('校验')?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1, 3).join('|'));
    });
    expect(rows).toContain('组织部|李四');
    expect(rows).toContain('财政局|王五');
  });
});

describe('a roster another program saved', () => {
  /** The roster opened and saved by exceljs (new styles.xml): the rows, and so the digest, unchanged. */
  async function resaved(dir: string): Promise<string> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(roster);
    const file = join(dir, '审批花名册-2012.xlsx');
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('is still approved (loaded whole with exceljs) while it is small', async () => {
    const file = await resaved(tempDir('cadre-approve-resaved-'));
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().approvals).toHaveLength(1);
  });

  describe('past the in-memory limit', () => {
    let file = '';
    beforeAll(async () => {
      const dir = tempDir('cadre-approve-resaved-big-');
      const small = await resaved(dir);
      file = join(dir, 'big', '审批花名册-2012.xlsx');
      (await import('node:fs')).mkdirSync(join(dir, 'big'));
      padded(small, file);
    });

    it('is refused (exit 4, roster_too_large) with advice to approve the file as subsidy wrote it', () => {
      const before = readFileSync(file);
      const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
      expect(r.code).toBe(4);
      const findings = r.json().findings as { code: string; message: string; hint: string }[];
      expect(findings.map((f) => f.code)).toEqual(['roster_too_large']);
      expect(findings[0]?.message).toMatch(/saved by another program/);
      expect(findings[0]?.hint).toMatch(/as subsidy wrote it/);
      expect(readFileSync(file).equals(before)).toBe(true);
    });

    it('says so in Chinese under a Chinese locale', () => {
      const r = cli(['approve', file, '--dept', '组织部', '--by', '李四'], { LANG: 'zh_CN.UTF-8' });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('另存过');
      expect(r.stderr).toContain('审批 subsidy 生成的原文件');
    });

    it('is paid after all the same: payout only reads (streamed), and checks the digest', () => {
      const r = cli([
        'payout',
        file,
        '--batch',
        'base',
        '-o',
        join(work, 'bank-resaved'),
        '--json',
        '--unsigned',
      ]);
      // not approved: refused for that, not for its size
      expect(r.code).toBe(3);
      const codes = (r.json().findings as { code: string }[]).map((f) => f.code);
      expect(codes).toContain('approval_missing');
      expect(codes).not.toContain('roster_too_large');
    });
  });
});

describe('a file that is no roster of this tool, whatever its size', () => {
  it('is refused by approve as payout refuses it (exit 3, roster_no_manifest)', () => {
    const file = join(tempDir('cadre-not-roster-'), '审批花名册-2012.xlsx');
    writeFileSync(
      file,
      zipSync({
        '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
        'xl/workbook.xml': new TextEncoder().encode('<workbook/>'),
        [PAD_PART]: padding(),
      }),
    );
    for (const args of [
      ['approve', file, '--dept', '组织部', '--by', '李四', '--json'],
      ['payout', file, '--batch', 'all', '--json', '--unsigned'],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(3);
      const codes = (r.json().findings as { code: string }[]).map((f) => f.code);
      expect(codes).toContain('roster_no_manifest');
      expect(codes).not.toContain('roster_too_large');
    }
  });
});
