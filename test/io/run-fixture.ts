import type { Manifest } from '../../src/io/documents/manifest.js';
import { digestManifestOf, rosterDigest } from '../../src/io/documents/roster/digest.js';
import { type OutputMeta, rosterDigestRows } from '../../src/io/documents/roster/writer.js';
import type { RunResult } from '../../src/rules/compute.js';
import { computeRun } from '../../src/rules/compute.js';
import { Exact } from '../../src/rules/exact.js';
import type { Policy, RunInput } from '../../src/rules/types.js';
import { cadre, idFrom, item, onlyScore, specPolicy, village } from '../helpers/records.js';

/** ID numbers of the sample run, for privacy checks. */
export const IDS = {
  dsShuji: idFrom('37108219650314001'),
  dsZhuren: idFrom('37108219700521002'),
  dsKuaiji: idFrom('37108219800101003'),
  dsFunv: idFrom('37108219820202004'),
  xhShuji: idFrom('37108219600707005'),
  xhKuaiji: idFrom('37108219751111006'),
  nzShuji: idFrom('37108219680909007'),
  nzZhuren: idFrom('37108219720303008'),
  nzKuaiji: idFrom('37108219850606009'),
};

const card = (n: number) => `62284800000000${String(n).padStart(5, '0')}`;

/**
 * A small city: two towns, three villages; a full-year secretary, director and a 7-month
 * accountant; a women's director (unpaid role); one person who is secretary and director
 * (一肩挑); a held accountant with a remark; a village with a failed and an overdue
 * commitment (deposits at year end); a personal adjustment and a proposed ratio.
 */
export function sampleInput(): RunInput {
  const ds = village('01', 350, { name: '东山村', town: '石岛镇' });
  const xh = village('02', 80, { name: '西河村', town: '石岛镇', weak: true });
  const nz = village('03', 450, { name: '南庄村', town: '港湾街道' });
  const x = (s: string) => Exact.parse(s);
  return {
    villages: [ds, xh, nz],
    cadres: [
      cadre('01', '书记', IDS.dsShuji, { name: '王建国', account: card(1) }),
      cadre('01', '主任', IDS.dsZhuren, { name: '李秀英', account: card(2) }),
      cadre('01', '会计', IDS.dsKuaiji, { name: '张伟', months: 7, account: card(3), remark: '5月起任' }),
      cadre('01', '妇女主任', IDS.dsFunv, { name: '刘芳', account: card(4) }),
      cadre('02', '书记', IDS.xhShuji, { name: '陈志强', account: card(5), bank: '中国农业银行荣成支行' }),
      cadre('02', '主任', IDS.xhShuji, { name: '陈志强', account: card(5), bank: '中国农业银行荣成支行' }),
      cadre('02', '会计', IDS.xhKuaiji, {
        name: '赵丽',
        account: card(6),
        hold: '身份信息待核实',
        remark: '新任',
      }),
      cadre('03', '书记', IDS.nzShuji, { name: '孙海涛', account: card(7), adjustment: '2' }),
      cadre('03', '主任', IDS.nzZhuren, { name: '周明', account: card(8), ratio: '0.85' }),
      cadre('03', '会计', IDS.nzKuaiji, { name: '吴静', account: card(9) }),
    ],
    commitments: [
      item('03', '01', '2012-03-31', { content: '修建村内道路800米', result: '合格', status: '已完成' }),
      item('03', '02', '2012-06-30', { content: '新建文化广场', result: '合格', status: '已完成' }),
      item('03', '03', '2012-09-30', { content: '改造自来水管网', result: '不合格', status: '已完成' }),
      item('03', '04', '2012-10-31', { content: '清理河道垃圾', status: '进行中' }),
    ],
    scores: [
      { villageCode: '01', period: 'Q1', score: x('85'), src: { file: 't', sheet: 's', row: 2 } },
      { villageCode: '01', period: 'Q2', score: x('88.5'), src: { file: 't', sheet: 's', row: 3 } },
      { villageCode: '01', period: 'H1', score: x('90'), src: { file: 't', sheet: 's', row: 4 } },
      onlyScore('02', '72.00'),
      onlyScore('03', '95.00'),
    ],
  };
}

export interface Sample {
  run: RunResult;
  policy: Policy;
  meta: OutputMeta;
}

export function sampleManifest(run: RunResult, policy: Policy, more: Partial<Manifest> = {}): Manifest {
  const m = sampleManifestFields(run, policy, more);
  return {
    ...m,
    rosterDigest: more.rosterDigest ?? rosterDigest(rosterDigestRows(run), digestManifestOf(m)),
  };
}

function sampleManifestFields(run: RunResult, policy: Policy, more: Partial<Manifest>): Manifest {
  return {
    kind: 'roster',
    toolVersion: '0.1.0',
    policyId: policy.id,
    policySha256: 'a'.repeat(64),
    policyTitle: policy.title,
    city: policy.city,
    year: policy.year,
    inputs: [
      { name: '石岛镇-2012.xlsx', sha256: 'b'.repeat(64) },
      { name: '港湾街道-2012.xlsx', sha256: 'c'.repeat(64) },
    ],
    asOf: run.asOf,
    provisional: run.provisional,
    fingerprint: 'd'.repeat(64),
    runAt: '2013-01-05T09:00:00+08:00',
    preparedBy: '郑会计',
    rosterDigest: '',
    approvals: [],
    ...more,
  };
}

export function sample(asOf = '2012-12-31', policy: Policy = specPolicy(), runDate = '2013-01-05'): Sample {
  const run = computeRun(sampleInput(), policy, { asOf, allowMissingScores: false });
  return { run, policy, meta: { manifest: sampleManifest(run, policy), runDate } };
}

/**
 * The worked example of spec/rules.md (default policy, as-of 31 December): village A with
 * 350 households (B = 2,200), village B with 80 (B = 1,200); A scores 86.50, B 72.00; A's
 * accountant served 7 months; B's secretary is also B's director.
 */
export function workedExample(runDate = '2013-01-05'): Sample & { ids: string[] } {
  const policy = specPolicy();
  const ids = [
    idFrom('37108219700101001'),
    idFrom('37108219700101002'),
    idFrom('37108219700101003'),
    idFrom('37108219700101004'),
  ];
  const [a1, a2, a3, b] = ids as [string, string, string, string];
  const run = computeRun(
    {
      villages: [village('A', 350), village('B', 80)],
      cadres: [
        cadre('A', '书记', a1, { account: '6228480000000000011' }),
        cadre('A', '主任', a2, { account: '6228480000000000012' }),
        cadre('A', '会计', a3, { months: 7, account: '6228480000000000013' }),
        cadre('B', '书记', b, { account: '6228480000000000014' }),
        cadre('B', '主任', b, { account: '6228480000000000014' }),
      ],
      commitments: [],
      scores: [onlyScore('A', '86.50'), onlyScore('B', '72.00')],
    },
    policy,
    { asOf: '2012-12-31', allowMissingScores: false },
  );
  return { run, policy, meta: { manifest: sampleManifest(run, policy), runDate }, ids };
}
