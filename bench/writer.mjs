// The writing half of subsidy on its own, without reading a workbook: the same data as
// bench/generate.mjs builds, computed with computeRun, then the roster and the notice
// streamed to files. For profiling the writer and choosing the deflate level:
//
//   node bench/writer.mjs 100000 [level]        (after npm run build)
//   node --cpu-prof bench/writer.mjs 100000
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeNoticeFile } from '../dist/io/documents/notice.js';
import { rosterDigest } from '../dist/io/documents/roster/digest.js';
import { rosterDigestRows, writeRosterFile } from '../dist/io/documents/roster/writer.js';
import { loadPolicy } from '../dist/io/policy/policy.js';
import { computeRun } from '../dist/rules/compute.js';
import { Exact } from '../dist/rules/exact.js';
import { villages } from './generate.mjs';

const rows = Number(process.argv[2] ?? 100000);
const level = process.argv[3] && process.argv[3] !== '-' ? Number(process.argv[3]) : undefined;
/** 'roster' or 'notice' to write only one of them. */
const only = process.argv[4];
const src = { file: 'bench.xlsx', sheet: 's', row: 0 };
const iso = (serial) => new Date((serial - 25569) * 86400000).toISOString().slice(0, 10);

const t0 = performance.now();
const input = { villages: [], cadres: [], commitments: [], scores: [] };
let seq = 0;
for (const v of villages(rows)) {
  input.villages.push({
    code: v.code,
    name: v.name,
    town: v.town,
    households: v.households,
    weak: v.weak === '是',
    src,
  });
  for (const [id, name, code, role, months, adj, bank, card, hold, remark] of v.cadres) {
    input.cadres.push({
      idNumber: id,
      name,
      villageCode: code,
      role,
      months,
      ratio: null,
      adjustment: adj === null ? null : Exact.of(adj),
      bank,
      account: card,
      hold,
      remark,
      seq: seq++,
      src,
    });
  }
  const [itemNo, content, category, due, responsible, status, result] = v.commitment;
  input.commitments.push({
    villageCode: v.code,
    itemNo,
    content,
    category,
    due: iso(due),
    responsible,
    status,
    result: result || null,
    inspected: result ? iso(due) : null,
    satisfaction: null,
    src,
  });
  for (const [period, score] of v.scores)
    input.scores.push({ villageCode: v.code, period, score: Exact.fromNumber(score), src });
}
const { policy, sha256 } = await loadPolicy();
const t1 = performance.now();
const run = computeRun(input, policy, { asOf: '2012-12-31', allowMissingScores: false });
const t2 = performance.now();
const heap = () =>
  `${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MiB heap, ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MiB rss`;
if (process.env.BENCH_MEM) {
  globalThis.gc?.();
  console.error('after compute:', heap());
}
const digest = rosterDigest(rosterDigestRows(run));
const manifest = {
  kind: 'roster',
  toolVersion: 'bench',
  policyId: policy.id,
  policySha256: sha256,
  policyTitle: policy.title,
  city: policy.city,
  year: policy.year,
  inputs: [],
  asOf: '2012-12-31',
  provisional: false,
  fingerprint: '0'.repeat(64),
  preparedBy: '',
  rosterDigest: digest,
  approvals: [],
};
const meta = {
  manifest,
  runDate: '2013-01-05',
  verifyDigest: false,
  ...(level !== undefined ? { level } : {}),
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cadre-writer-'));
globalThis.gc?.();
const t3 = performance.now();
const c3 = process.cpuUsage();
if (only !== 'notice') await writeRosterFile(path.join(dir, 'roster.xlsx'), run, policy, meta);
const t4 = performance.now();
const c4 = process.cpuUsage();
if (only !== 'roster')
  await writeNoticeFile(
    path.join(dir, 'notice.xlsx'),
    run,
    policy,
    { ...meta, manifest: { ...manifest, kind: 'notice', rosterDigest: '' } },
    () => {},
  );
const t5 = performance.now();
const c5 = process.cpuUsage();
const cpu = (a, b) => ((b.user + b.system - a.user - a.system) / 1e6).toFixed(2);
const size = (f) =>
  (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size / 1024 ** 2 : 0).toFixed(1);
const s = (a, b) => ((b - a) / 1000).toFixed(2);
console.log(
  `${rows} rows, level ${level ?? 'default'}: build ${s(t0, t1)} s, compute ${s(t1, t2)} s, digest ${s(t2, t3)} s, ` +
    `roster ${s(t3, t4)} s wall ${cpu(c3, c4)} s cpu (${size('roster.xlsx')} MiB), notice ${s(t4, t5)} s wall ${cpu(c4, c5)} s cpu (${size('notice.xlsx')} MiB), ` +
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
fs.rmSync(dir, { recursive: true, force: true });
