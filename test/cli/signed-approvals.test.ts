import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { makeCard, sampleData, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Approvals that cannot be forged (spec/approvals.md), through the real CLI with real
 * Ed25519 keys made by `keys new`: the honest flow pays; a roster changed with the tool
 * itself and carrying copied approvals, typed approvals, untrusted, revoked and misplaced
 * keys, one person for two departments and the preparer are refused.
 */

interface Finding {
  level: string;
  code: string;
  value: string;
  params?: Record<string, string>;
}

const work = tempDir('cadre-signed-');
const keyDir = join(work, 'keys');
const PASS = '春节前发放基本补贴-2013';
const ENV = { CADRE_CALC_PASSPHRASE: PASS };
const trustFile = join(work, 'trust.yaml');
let roster = '';
let otherRoster = '';
const pub: Record<string, string> = {};

const errors = (body: Record<string, unknown>) =>
  (body.findings as Finding[]).filter((f) => f.level === 'error').map((f) => f.code);

function key(dept: string, by: string): string {
  return join(keyDir, `${dept}-${by}.key`);
}

function makeKey(dept: string, by: string): void {
  const r = cli(['keys', 'new', '--dept', dept, '--by', by, '-o', keyDir, '--json'], ENV);
  if (r.code !== 0) throw new Error(`keys new failed: ${r.stdout}${r.stderr}`);
  pub[`${dept}-${by}`] = r.json().publicKey as string;
}

/** A fresh copy of the roster. */
function copy(name: string, from = roster): string {
  const file = join(tempDir('cadre-signed-case-'), name);
  copyFileSync(from, file);
  return file;
}

function approve(file: string, dept: string, k: string | null, more: string[] = []) {
  const args = ['approve', file, '--dept', dept, '--json', ...more];
  if (k) args.push('--key', k);
  return cli(args, ENV);
}

function payout(file: string, more: string[]) {
  return cli(
    ['payout', file, '--batch', 'base', '-o', tempDir('cadre-signed-bank-'), '--json', ...more],
    ENV,
  );
}

/** The 审批记录 rows of a roster's 校验 (cells 1–7 as text). */
async function approvalRows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('校验') as ExcelJS.Worksheet;
  const rows: string[][] = [];
  let state: 'before' | 'in' | 'after' = 'before';
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells = [1, 2, 3, 4, 5, 6, 7].map((c) => String(row.getCell(c).value ?? ''));
    if (state === 'before' && cells[0] === '审批部门') state = 'in';
    else if (state === 'in' && cells[0]) rows.push(cells);
    else if (state === 'in') state = 'after';
  });
  return rows;
}

/** Writes `rows` as the 审批记录 of `file` (the way a script with a spreadsheet library would). */
async function setApprovalRows(file: string, rows: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('校验') as ExcelJS.Worksheet;
  let header = 0;
  ws.eachRow((row, r) => {
    if (String(row.getCell(1).value ?? '') === '审批部门') header = r;
  });
  // the rows there now give way to the new ones; the tables under them move down
  let n = 0;
  while (String(ws.getCell(header + 1 + n, 1).value ?? '') !== '') n++;
  ws.spliceRows(header + 1, n, ...rows);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  const input = join(work, 'input.xlsx');
  const data = sampleData();
  await writeWorkbook(input, data);
  let r = cli(['subsidy', input, '-o', join(work, 'out'), '--prepared-by', '张三', '--as-of', '2012-12-31']);
  if (r.code !== 0) throw new Error(`subsidy failed: ${r.stdout}${r.stderr}`);
  roster = join(work, 'out', '审批花名册-2012.xlsx');
  // The same data with one card changed, made by the tool itself: every digest in it is right.
  const changed = sampleData();
  const first = changed.cadres?.find((c) => c.account) as { account: unknown };
  first.account = makeCard('62284800');
  const input2 = join(work, 'input2.xlsx');
  await writeWorkbook(input2, changed);
  r = cli(['subsidy', input2, '-o', join(work, 'out2'), '--prepared-by', '张三', '--as-of', '2012-12-31']);
  if (r.code !== 0) throw new Error(`subsidy failed: ${r.stdout}${r.stderr}`);
  otherRoster = join(work, 'out2', '审批花名册-2012.xlsx');

  for (const [dept, by] of [
    ['组织部', '李四'],
    ['财政局', '王五'],
    ['财政局', '赵六'],
    ['财政局', '钱七'],
    ['组织部', '周八'],
    ['财政局', '李四'],
    ['财政局', '老张'],
  ] as const)
    makeKey(dept, by);
  const entry = (dept: string, by: string, k: string, revoked?: string) =>
    `  - dept: ${dept}\n    by: ${by}\n    public_key: ${pub[k]}\n${revoked ? `    revoked: ${revoked}\n` : ''}`;
  writeFileSync(
    trustFile,
    `city: 荣成市\nkeys:\n${[
      entry('组织部', '李四', '组织部-李四'),
      entry('财政局', '王五', '财政局-王五'),
      entry('财政局', '赵六', '财政局-赵六', '2013-01-05'),
      // 周八's key file says 组织部; the finance bureau registered it for 财政局
      entry('财政局', '周八', '组织部-周八'),
      // the same person under another department, spelt with a zero-width space
      entry('财政局', '李\u200b四', '财政局-李四'),
      // the key file says 老张; the trust file knows him as the preparer 张三
      entry('财政局', '张三', '财政局-老张'),
    ].join('')}`,
  );
}, 120_000);

describe('signed approvals', () => {
  let honest = '';

  it('pays the honest flow: two departments sign with trusted keys (--json signed: true)', async () => {
    honest = copy('honest.xlsx');
    const a = approve(honest, '组织部', key('组织部', '李四'), ['--trust', trustFile]);
    expect(a.code).toBe(0);
    const body = a.json();
    expect(body.approvals).toEqual([
      expect.objectContaining({ dept: '组织部', by: '李四', digest: body.digest, signed: true }),
    ]);
    expect(approve(honest, '财政局', key('财政局', '王五'), ['--trust', trustFile]).code).toBe(0);
    const rows = await approvalRows(honest);
    expect(rows.map((r) => [r[0], r[1], r[5]])).toEqual([
      ['组织部', '李四', pub['组织部-李四']],
      ['财政局', '王五', pub['财政局-王五']],
    ]);
    const p = payout(honest, ['--trust', trustFile]);
    expect(p.code).toBe(0);
    expect(p.json()).toMatchObject({ ok: true, signed: true });
    // CADRE_CALC_TRUST serves as --trust (the reward batch: base was issued above, and the
    // roster's register refuses it again)
    const q = cli(['payout', honest, '--batch', 'reward', '-o', tempDir(), '--json'], {
      ...ENV,
      CADRE_CALC_TRUST: trustFile,
    });
    expect(q.code).toBe(0);
  });

  it('refuses a second signed approval of the same department', () => {
    const r = approve(copy('twice.xlsx', honest), '财政局', key('财政局', '钱七'));
    expect(r.code).toBe(3);
    expect(errors(r.json())).toContain('approve_signed_twice');
  });

  it('refuses a wrong passphrase (exit 3) and leaves the roster byte-identical', () => {
    const file = copy('pass.xlsx');
    const before = readFileSync(file);
    const r = cli(['approve', file, '--dept', '组织部', '--key', key('组织部', '李四'), '--json'], {
      CADRE_CALC_PASSPHRASE: `${PASS}x`,
    });
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(['key_passphrase']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a roster changed with the tool itself onto which the genuine approvals were copied', async () => {
    const signed = await approvalRows(honest);
    const copied = copy('copied.xlsx', otherRoster);
    await setApprovalRows(copied, signed);
    const r = payout(copied, ['--trust', trustFile]);
    expect(r.code).toBe(3);
    expect(new Set(errors(r.json()))).toEqual(new Set(['payout_approval_stale']));
    // and with the digest column made to say this roster's digest, the signatures fail
    const digest = approve(copy('probe.xlsx', otherRoster), '组织部', null, ['--by', '某人']).json()
      .digest as string;
    const forged = copy('forged.xlsx', otherRoster);
    await setApprovalRows(
      forged,
      signed.map((row) => [row[0], row[1], row[2], digest, row[4], row[5], row[6]] as string[]),
    );
    const f = payout(forged, ['--trust', trustFile]);
    expect(f.code).toBe(3);
    expect(errors(f.json())).toEqual(['approval_bad_signature', 'approval_bad_signature']);
    // approve verifies what is there before it signs
    const g = approve(forged, '组织部', key('组织部', '李四'));
    expect(g.code).toBe(3);
    expect(errors(g.json())).toContain('approval_bad_signature');
  });

  it('refuses a signed roster edited by hand afterwards, and an edit of a 校验 field', async () => {
    const file = copy('edited.xlsx', honest);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('校验') as ExcelJS.Worksheet;
    ws.eachRow((row) => {
      if (String(row.getCell(1).value) === '制表人') row.getCell(2).value = '王八';
    });
    await wb.xlsx.writeFile(file);
    const r = payout(file, ['--trust', trustFile]);
    expect(r.code).toBe(3);
    expect(errors(r.json())).toEqual(
      expect.arrayContaining(['roster_edited', 'roster_manifest_edited', 'payout_approval_stale']),
    );
  });

  it('refuses typed approvals: an empty approver, the preparer, a time that is not a time', async () => {
    const file = copy('typed.xlsx');
    const digest = approve(copy('probe2.xlsx'), '组织部', null, ['--by', '某人']).json().digest as string;
    await setApprovalRows(file, [
      ['组织部', '', '2013-01-20T09:30:00+08:00', digest],
      ['财政局', '张三', 'not-a-date', digest],
    ]);
    const u = payout(file, ['--unsigned']);
    expect(u.code).toBe(3);
    expect(errors(u.json())).toEqual(['approval_invalid_row', 'approval_invalid_row']);
    const file2 = copy('typed2.xlsx');
    await setApprovalRows(file2, [
      ['组织部', '李四', '2013-01-20T09:30:00+08:00', digest],
      ['财政局', '张\u200b三', '2013-01-21T09:30:00+08:00', digest],
    ]);
    const t = payout(file2, ['--trust', trustFile]);
    expect(t.code).toBe(3);
    expect(errors(t.json())).toEqual(['approval_unsigned', 'approval_unsigned']);
    const v = payout(file2, ['--unsigned']);
    expect(v.code).toBe(3);
    expect(errors(v.json())).toEqual(['approval_by_preparer']);
  });

  it('refuses an untrusted key, a revoked key and a key of another department', () => {
    const untrusted = copy('untrusted.xlsx');
    expect(approve(untrusted, '组织部', key('组织部', '李四')).code).toBe(0);
    expect(approve(untrusted, '财政局', key('财政局', '钱七')).code).toBe(0);
    const a = payout(untrusted, ['--trust', trustFile]);
    expect(a.code).toBe(3);
    expect(errors(a.json())).toEqual(['approval_untrusted_key']);

    const revoked = copy('revoked.xlsx');
    expect(approve(revoked, '组织部', key('组织部', '李四')).code).toBe(0);
    expect(approve(revoked, '财政局', key('财政局', '赵六')).code).toBe(0);
    const b = payout(revoked, ['--trust', trustFile]);
    expect(b.code).toBe(3);
    expect(errors(b.json())).toEqual(['approval_key_revoked']);
    // the department approves again with its new key: without the trust file the old one is not known to be revoked
    const again = approve(revoked, '财政局', key('财政局', '王五'));
    expect(again.code).toBe(3);
    expect(errors(again.json())).toEqual(['approve_signed_twice']);
    const replaced = approve(revoked, '财政局', key('财政局', '王五'), ['--trust', trustFile]);
    expect(replaced.code).toBe(0);
    expect((replaced.json().approvals as { dept: string; by: string }[]).map((x) => [x.dept, x.by])).toEqual([
      ['组织部', '李四'],
      ['财政局', '王五'],
    ]);
    expect(payout(revoked, ['--trust', trustFile]).code).toBe(0);

    const misplaced = copy('misplaced.xlsx');
    expect(approve(misplaced, '组织部', key('组织部', '周八')).code).toBe(0);
    expect(approve(misplaced, '财政局', key('财政局', '王五')).code).toBe(0);
    const c = payout(misplaced, ['--trust', trustFile]);
    expect(c.code).toBe(3);
    expect(errors(c.json())).toEqual(['approval_wrong_dept']);
    // approve --trust refuses to sign with it in the first place
    const d = approve(copy('misplaced2.xlsx'), '组织部', key('组织部', '周八'), ['--trust', trustFile]);
    expect(d.code).toBe(3);
    expect(errors(d.json())).toEqual(['approval_wrong_dept']);
  });

  it('refuses one person for two departments (trust names, after NFKC and format characters) and the preparer', () => {
    const same = copy('same.xlsx');
    expect(approve(same, '组织部', key('组织部', '李四')).code).toBe(0);
    expect(approve(same, '财政局', key('财政局', '李四')).code).toBe(0);
    const a = payout(same, ['--trust', trustFile]);
    expect(a.code).toBe(3);
    expect(errors(a.json())).toEqual(['approval_same_person']);

    const prep = copy('preparer.xlsx');
    expect(approve(prep, '组织部', key('组织部', '李四')).code).toBe(0);
    expect(approve(prep, '财政局', key('财政局', '老张')).code).toBe(0);
    const b = payout(prep, ['--trust', trustFile]);
    expect(b.code).toBe(3);
    expect(errors(b.json())).toEqual(['approval_by_preparer']);
    // approve with the trust file sees through the name on the key file
    const c = approve(copy('preparer2.xlsx'), '财政局', key('财政局', '老张'), ['--trust', trustFile]);
    expect(c.code).toBe(3);
    expect(errors(c.json())).toEqual(['approval_by_preparer']);
  });

  it('treats unsigned approvals as the spec says: refused with --trust and with no flag, paid and marked with --unsigned', async () => {
    const file = copy('unsigned.xlsx');
    const u = approve(file, '组织部', null, ['--by', '李四']);
    expect(u.code).toBe(0);
    expect((u.json().findings as Finding[]).map((f) => f.code)).toContain('approve_unsigned_warning');
    expect(approve(file, '财政局', null, ['--by', '王五']).code).toBe(0);
    const t = payout(file, ['--trust', trustFile]);
    expect(t.code).toBe(3);
    expect(errors(t.json())).toEqual(['approval_unsigned', 'approval_unsigned']);
    const n = cli(['payout', file, '--batch', 'base', '-o', tempDir(), '--json'], ENV);
    expect(n.code).toBe(3);
    expect(errors(n.json())).toEqual(['payout_no_trust']);
    const bank = tempDir('cadre-unsigned-bank-');
    const p = cli(['payout', file, '--batch', 'base', '-o', bank, '--json', '--unsigned'], ENV);
    expect(p.code).toBe(0);
    expect(p.json()).toMatchObject({ ok: true, signed: false });
    // the bank files' control sheets (the 代发汇总表 beside them says it in its own table)
    for (const f of (p.json().files as string[]).filter((x) => basename(x).startsWith('银行代发-'))) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f);
      const texts: string[] = [];
      wb.getWorksheet('控制信息')?.eachRow((row) => {
        texts.push(String(row.getCell(2).value ?? ''));
      });
      expect(texts).toContain('审批未经签名验证');
    }
    expect(cli(['payout', file, '--batch', 'base', '--trust', trustFile, '--unsigned']).code).toBe(2);
    // a department with an unsigned approval signs over it
    const s = approve(file, '组织部', key('组织部', '李四'));
    expect(s.code).toBe(0);
    expect(
      (s.json().approvals as { dept: string; by: string; signed: boolean }[]).map((x) => [x.dept, x.signed]),
    ).toEqual([
      ['财政局', false],
      ['组织部', true],
    ]);
  });
});

describe('subsidy --key', () => {
  it("signs the preparer's line (dept 制表), which approve and payout verify", async () => {
    makeKey('制表', '张三');
    const out = join(work, 'out-signed');
    const input = join(work, 'input.xlsx');
    const wrong = cli(
      ['subsidy', input, '-o', join(work, 'out-wrong'), '--key', key('财政局', '王五'), '--json'],
      ENV,
    );
    expect(wrong.code).toBe(3);
    expect(errors(wrong.json())).toEqual(['subsidy_key_dept']);
    const r = cli(
      ['subsidy', input, '-o', out, '--as-of', '2012-12-31', '--key', key('制表', '张三'), '--json'],
      ENV,
    );
    expect(r.code).toBe(0);
    const file = join(out, '审批花名册-2012.xlsx');
    const rows = await approvalRows(file);
    expect(rows.map((x) => [x[0], x[1], x[3], x[5]])).toEqual([
      ['制表', '张三', r.json().rosterDigest, pub['制表-张三']],
    ]);
    expect(rows[0]?.[6]).toMatch(/^[A-Za-z0-9+/]{86}==$/);

    const honest = copy('prep-honest.xlsx', file);
    expect(approve(honest, '组织部', key('组织部', '李四')).code).toBe(0);
    expect(approve(honest, '财政局', key('财政局', '王五')).code).toBe(0);
    // copied before the payout: a paid roster records its batch, and the register refuses it again
    const typed = copy('prep-typed.xlsx', honest);
    expect(payout(honest, ['--trust', trustFile]).code).toBe(0);

    // the preparer's line re-typed under another name no longer verifies
    const signed = await approvalRows(typed);
    await setApprovalRows(
      typed,
      signed.map((x) => (x[0] === '制表' ? ['制表', '王八', ...x.slice(2)] : x)),
    );
    const t = payout(typed, ['--trust', trustFile]);
    expect(t.code).toBe(3);
    expect(errors(t.json())).toEqual(['approval_bad_signature']);
  });
});
