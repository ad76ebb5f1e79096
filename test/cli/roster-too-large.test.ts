import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';

/**
 * approve holds a roster in memory (exceljs) to rewrite it and refuses one that unpacks
 * past 64 MB: the finding tells the clerk to make smaller rosters (per city or town), not
 * to edit this one. payout only reads, streamed, at any size. A few hundred kilobytes of
 * zip that unpack to 70 MB stand in for a province's roster.
 */
function bigRoster(): string {
  const row = '<row r="1"><c r="A1" t="inlineStr"><is><t>石岛镇</t></is></c></row>';
  const sheet = `<worksheet><sheetData>${row.repeat(Math.ceil((70 * 1024 * 1024) / row.length))}</sheetData></worksheet>`;
  const file = join(tempDir('cadre-big-roster-'), '审批花名册-2012.xlsx');
  writeFileSync(
    file,
    zipSync({
      '[Content_Types].xml': new TextEncoder().encode('<Types/>'),
      'xl/workbook.xml': new TextEncoder().encode('<workbook/>'),
      'xl/worksheets/sheet1.xml': new TextEncoder().encode(sheet),
    }),
  );
  return file;
}

describe('a roster past what approve can hold', () => {
  const file = bigRoster();

  it('approve refuses it (exit 4) with roster_too_large and advice to run subsidy per city or town', () => {
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四', '--json']);
    expect(r.code).toBe(4);
    const findings = r.json().findings as { code: string; message: string; hint: string }[];
    expect(findings.map((f) => f.code)).toEqual(['roster_too_large']);
    expect(findings[0]?.message).toMatch(/roster is too large/);
    expect(findings[0]?.hint).toMatch(/per city/);
  });

  it('says so in Chinese under a Chinese locale', () => {
    const r = cli(['approve', file, '--dept', '组织部', '--by', '李四'], { LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('花名册太大');
    expect(r.stderr).toContain('分市运行 subsidy');
  });

  it('payout reads it whatever its size, and refuses it for what it is: not a roster of this tool (exit 3)', () => {
    const r = cli(['payout', file, '--batch', 'all', '--json']);
    expect(r.code).toBe(3);
    const codes = (r.json().findings as { code: string }[]).map((f) => f.code);
    expect(codes).toContain('roster_no_manifest');
    expect(codes).not.toContain('roster_too_large');
  });
});
