import { describe, expect, it } from 'vitest';
import { approvalChecks } from '../../src/commands/approve.js';
import { checkRosterIntegrity, rowClues, sameName } from '../../src/commands/roster-checks.js';
import type { Manifest } from '../../src/io/documents/manifest.js';
import { digestManifestOf, rosterDigest } from '../../src/io/documents/roster/digest.js';
import type { RosterRead, RosterRowRead } from '../../src/io/documents/roster/read.js';
import { loadPolicy } from '../../src/io/policy/policy.js';
import { makeCard, makeId } from '../helpers/workbook-builder.js';

const FILE = 'out/审批花名册-2012.xlsx';
const DIGEST = 'd'.repeat(64);
const REQUIRED = ['组织部', '财政局'];

function manifest(p: Partial<Manifest> = {}): Manifest {
  return {
    kind: 'roster',
    toolVersion: '0.1.0',
    policyId: 'rongcheng-2012',
    policySha256: 'a'.repeat(64),
    policyTitle: '',
    city: '荣成市',
    year: 2012,
    inputs: [],
    asOf: '2012-12-31',
    provisional: false,
    fingerprint: 'f'.repeat(64),
    runAt: '2013-01-05T09:00:00+08:00',
    preparedBy: '张三',
    rosterDigest: DIGEST,
    approvals: [],
    ...p,
  };
}

const codes = (fs: { level: string; code: string }[]) => fs.map((f) => `${f.level} ${f.code}`);

describe('approvalChecks', () => {
  it('lets a department the policy requires approve when someone other than the preparer signs', () => {
    expect(approvalChecks(FILE, manifest(), REQUIRED, '组织部', '李四', DIGEST)).toEqual([]);
  });

  it('refuses a department the policy does not require, listing those it does', () => {
    const found = approvalChecks(FILE, manifest(), REQUIRED, '纪委', '李四', DIGEST);
    expect(codes(found)).toEqual(['error approve_dept_unknown']);
    expect(found[0]?.params?.expected).toBe('组织部、财政局');
  });

  it.each(['张三', ' 张三 ', '张 三', '张\u3000三'])(
    'refuses the preparer as approver, also written as "%s"',
    (by) => {
      expect(codes(approvalChecks(FILE, manifest(), REQUIRED, '组织部', by, DIGEST))).toEqual([
        'error approve_maker_checker',
      ]);
    },
  );

  it('refuses a second approval by the same department of the same digest, naming the first', () => {
    const m = manifest({
      approvals: [
        {
          dept: '组织部',
          by: '李四',
          at: '2013-01-20T09:30:00+08:00',
          digest: DIGEST,
          key: '',
          publicKey: '',
          signature: '',
        },
      ],
    });
    const found = approvalChecks(FILE, m, REQUIRED, '组织部', '王五', DIGEST);
    expect(codes(found)).toEqual(['error approve_twice']);
    expect(found[0]?.params).toEqual({ by: '李四', at: '2013-01-20T09:30:00+08:00' });
  });

  it('collects every reason at once', () => {
    const m = manifest({
      approvals: [
        {
          dept: '财政局',
          by: '张三',
          at: '2013-01-20T09:30:00+08:00',
          digest: DIGEST,
          key: '',
          publicKey: '',
          signature: '',
        },
      ],
    });
    expect(codes(approvalChecks(FILE, m, REQUIRED, '财政局', '张三', DIGEST))).toEqual([
      'error approve_maker_checker',
      'error approve_twice',
    ]);
  });

  it('warns, without refusing, when no preparer was recorded, the roster is provisional or one name signs for two departments', () => {
    const m = manifest({
      preparedBy: '',
      provisional: true,
      asOf: '2012-06-30',
      approvals: [
        {
          dept: '组织部',
          by: '李四',
          at: '2013-01-20T09:30:00+08:00',
          digest: DIGEST,
          key: '',
          publicKey: '',
          signature: '',
        },
      ],
    });
    expect(codes(approvalChecks(FILE, m, REQUIRED, '财政局', '李四', DIGEST))).toEqual([
      'warning approve_no_preparer',
      'warning approve_same_person',
      'warning approve_provisional',
    ]);
  });

  it('refuses an empty approver name', () => {
    expect(codes(approvalChecks(FILE, manifest(), REQUIRED, '组织部', '', DIGEST))).toEqual([
      'error approve_by_empty',
    ]);
  });
});

describe('sameName', () => {
  it('compares names without white space and full-width forms, and never matches an empty name', () => {
    expect(sameName('李 四', '李四')).toBe(true);
    expect(sameName('李四', '李思')).toBe(false);
    expect(sameName('', '')).toBe(false);
  });
});

describe('rowClues', () => {
  const id = makeId('371082', '19650412', '123');
  const base: RosterRowRead = {
    row: 3,
    town: '石岛管理区',
    idNumber: id,
    name: '傅磊芳',
    villageCode: '371082001001',
    role: '书记',
    months: 12,
    paid: true,
    totalFen: 170_000,
    shareFen: 70_000,
    baseFen: 100_000,
    rewardFen: 78_011,
    payableFen: 178_011,
    bank: '农商银行',
    account: makeCard('622159', 19),
    hold: '',
  } as RosterRowRead;

  it('finds nothing in a row whose figures agree', () => {
    expect(rowClues(FILE, [base], 2012)).toEqual([]);
  });

  it('names the row and column of an edited payable, total, ID and card', () => {
    const rows = [
      { ...base, row: 4, payableFen: 178_012 },
      { ...base, row: 5, baseFen: 100_100, payableFen: 178_111 },
      { ...base, row: 6, idNumber: `${id.slice(0, 16)}${(Number(id[16]) + 1) % 10}${id[17]}` },
      { ...base, row: 7, account: '6221591432' },
      { ...base, row: 8, paid: false, totalFen: 0, shareFen: 0, baseFen: 0, rewardFen: 0, payableFen: 100 },
    ];
    expect(rowClues(FILE, rows, 2012).map((f) => [f.code, f.row, f.column, f.header])).toEqual([
      ['roster_row_payable', 4, 'S', '应发合计'],
      ['roster_row_total', 5, 'M', '补贴总额'],
      ['roster_row_id', 6, 'I', '身份证号'],
      ['roster_row_card', 7, 'U', '银行卡号'],
      ['roster_row_payable', 8, 'S', '应发合计'],
      ['roster_row_unpaid', 8, 'S', '应发合计'],
    ]);
  });
});

describe('checkRosterIntegrity', () => {
  const id = makeId('371082', '19650412', '123');
  const rows = [
    {
      row: 3,
      town: '石岛管理区',
      idNumber: id,
      name: '傅磊芳',
      villageCode: '371082001001',
      role: '书记',
      ratio: '1.0000',
      months: 12,
      paid: true,
      totalFen: 170_000,
      shareFen: 70_000,
      baseFen: 100_000,
      rewardFen: 78_011,
      payableFen: 178_011,
      bank: '农商银行',
      account: makeCard('622159', 19),
      hold: '',
    } as RosterRowRead,
  ];

  /** The roster as read, its digest recomputed from `rows` under `m` and no edit located. */
  const read = (m: Manifest): RosterRead => ({
    rows,
    total: null,
    manifest: m,
    provisional: false,
    digests: {
      digest: rosterDigest(rows, digestManifestOf(m)),
      present: true,
      edits: [],
      moreEdits: 0,
      manifestEdits: [],
    },
    findings: [],
  });

  it('accepts rows whose digest is the one in 校验, under the same policy', async () => {
    const loaded = await loadPolicy();
    const m0 = manifest({ policySha256: loaded.sha256 });
    const m = { ...m0, rosterDigest: rosterDigest(rows, digestManifestOf(m0)) };
    expect(checkRosterIntegrity(FILE, read(m), m, loaded)).toEqual({
      digest: m.rosterDigest,
      unedited: true,
      findings: [],
    });
  });

  it('refuses a lifted hold (the row itself still adds up), a policy of another id and a changed policy', async () => {
    const loaded = await loadPolicy();
    const m0 = manifest({ policySha256: loaded.sha256 });
    const m = {
      ...m0,
      rosterDigest: rosterDigest([{ ...rows[0], hold: '审计未结束' } as RosterRowRead], digestManifestOf(m0)),
    };
    const edited = checkRosterIntegrity(FILE, read(m), m, loaded);
    expect([edited.unedited, codes(edited.findings)]).toEqual([false, ['error roster_edited']]);
    expect(
      codes(checkRosterIntegrity(FILE, read(m), { ...m, policyId: 'weihai-2013' }, loaded).findings),
    ).toContain('error roster_policy_mismatch');
    expect(
      codes(checkRosterIntegrity(FILE, read(m), { ...m, policySha256: 'b'.repeat(64) }, loaded).findings),
    ).toContain('error roster_policy_changed');
  });
});
