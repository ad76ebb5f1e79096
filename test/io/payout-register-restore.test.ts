import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decideIssue, recordIssue } from '../../src/io/documents/banks/register.js';
import {
  type IssueRecord,
  type Manifest,
  readManifestSheet,
  writeManifestSheet,
} from '../../src/io/documents/manifest.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The payout register's record and its restore (spec/banks.md): the record is written into
 * the roster (and the register file) first; when the files then cannot be put in place,
 * restore() puts both back byte for byte. A roster with a 校验 sheet made with exceljs
 * stands in for a real one; the rewrite is exceljs's too.
 */

const hex = (c: string) => c.repeat(64);
const manifest: Manifest = {
  kind: 'roster',
  toolVersion: '0.1.0',
  policyId: 'rongcheng-2012',
  policySha256: hex('1'),
  policyTitle: 't',
  city: '荣成市',
  year: 2012,
  inputs: [],
  asOf: '2012-12-31',
  runAt: '2013-01-05T09:30:00+08:00',
  provisional: false,
  fingerprint: hex('f'),
  preparedBy: '张三',
  rosterDigest: hex('d'),
  approvals: [],
};
const entry: IssueRecord = {
  batch: 'base',
  batchId: '0123456789abcdef',
  issue: 1,
  at: '2013-01-22T09:00:00+08:00',
  files: ['代发汇总表-2012-base.xlsx', '银行代发-2012-base-工商银行.xlsx'],
  count: 3,
  totalFen: 360000,
  signed: false,
  reason: '',
};

async function rosterWith(m: Manifest, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('花名册').getCell('A1').value = '序号';
  writeManifestSheet(wb, m);
  await writeFile(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

async function issuesIn(path: string): Promise<IssueRecord[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return readManifestSheet(wb)?.issues ?? [];
}

describe('recordIssue', () => {
  it('records the batch in 校验 › 发放记录 and the register file; restore() puts both back byte for byte', async () => {
    const dir = tempDir('cadre-record-');
    const roster = join(dir, '审批花名册-2012.xlsx');
    const reg = join(dir, 'reg.jsonl');
    await rosterWith(manifest, roster);
    writeFileSync(
      reg,
      '{"rosterDigest":"x","batch":"reward","batchId":"y","issue":1,"at":"","files":[],"count":0,"totalFen":0}\n',
    );
    const before = readFileSync(roster);
    const regBefore = readFileSync(reg, 'utf8');

    const rec = await recordIssue(
      roster,
      manifest,
      entry,
      hex('d'),
      (_f, tmp, next) => rosterWith(next, tmp),
      reg,
    );
    expect(await issuesIn(roster)).toEqual([entry]);
    const lines = readFileSync(reg, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ rosterDigest: hex('d'), batch: 'base', issue: 1 });
    // and the record now refuses the batch again, and all after it
    for (const b of ['base', 'all'] as const)
      expect(
        decideIssue(roster, await issuesIn(roster), '', [], hex('d'), b, false).findings.map((f) => f.code),
      ).toEqual(['payout_already_issued']);

    await rec.restore();
    expect(readFileSync(roster).equals(before)).toBe(true);
    expect(readFileSync(reg, 'utf8')).toBe(regBefore);
    expect(readdirSync(dir).sort()).toEqual(['reg.jsonl', '审批花名册-2012.xlsx']);
  });

  it('commit() keeps the record and leaves no copy behind', async () => {
    const dir = tempDir('cadre-record-');
    const roster = join(dir, '审批花名册-2012.xlsx');
    await rosterWith(manifest, roster);
    const rec = await recordIssue(
      roster,
      manifest,
      entry,
      hex('d'),
      (_f, tmp, next) => rosterWith(next, tmp),
      null,
    );
    await rec.commit();
    expect(await issuesIn(roster)).toEqual([entry]);
    expect(readdirSync(dir)).toEqual(['审批花名册-2012.xlsx']);
  });

  it('a rewrite that does not carry the record is refused and changes nothing', async () => {
    const dir = tempDir('cadre-record-');
    const roster = join(dir, '审批花名册-2012.xlsx');
    await rosterWith(manifest, roster);
    const before = readFileSync(roster);
    const e = await recordIssue(
      roster,
      manifest,
      entry,
      hex('d'),
      (_f, tmp) => rosterWith(manifest, tmp),
      null,
    ).catch((x: unknown) => x as { findings: { code: string }[] });
    expect((e as { findings: { code: string }[] }).findings.map((f) => f.code)).toEqual([
      'roster_rewrite_check',
    ]);
    expect(readFileSync(roster).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['审批花名册-2012.xlsx']);
  });
});
