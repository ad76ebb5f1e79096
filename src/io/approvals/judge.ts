/**
 * Judging the approvals recorded in a roster (spec/approvals.md): each approval row is
 * checked on its own (a well-formed row, its signature against the public key stored with
 * it, the digest it covers, and with a trust file the key's department and revocation),
 * then `payout` asks for one valid approval of every required department, by different
 * keys and different people, none the preparer. No file is read here.
 */
import type { Finding } from '../../rules/findings.js';
import { normalName, verifyApproval } from './signature.js';
import { type Trust, type TrustEntry, trustOf } from './trust.js';

/** The department of the preparer's own signed line (subsidy --key). */
export const PREPARER_DEPT = '制表';

/** One row of 审批记录 (the manifest's Approval has this shape). */
export interface Approval {
  dept: string;
  by: string;
  at: string;
  digest: string;
  key: string;
  publicKey: string;
  signature: string;
}

export type ApprovalStatus =
  | 'ok'
  | 'unsigned'
  | 'invalid_row'
  | 'bad_signature'
  | 'stale'
  | 'untrusted'
  | 'revoked'
  | 'wrong_dept';

export interface Judged {
  approval: Approval;
  status: ApprovalStatus;
  signed: boolean;
  /** The trust entry of the signing key, when the trust file lists it. */
  entry?: TrustEntry;
  /** For invalid_row: what is wrong. */
  reason?: string;
}

const ISO_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `at` is an ISO time with an offset that is a real time. */
export function validAt(at: string): boolean {
  return ISO_AT.test(at) && !Number.isNaN(Date.parse(at));
}

/** One approval row on its own. */
export function judgeApproval(
  a: Approval,
  roster: { digest: string; provisional: boolean },
  trust: Trust | null,
): Judged {
  const signed = a.signature !== '' || a.publicKey !== '' || a.key !== '';
  const out = (status: ApprovalStatus, more: Partial<Judged> = {}): Judged => ({
    approval: a,
    status,
    signed,
    ...more,
  });
  if (!a.dept.trim()) return out('invalid_row', { reason: '审批部门为空' });
  if (!normalName(a.by)) return out('invalid_row', { reason: '审批人为空' });
  if (!validAt(a.at)) return out('invalid_row', { reason: '审批时间不是带时区的时间' });
  if (!/^[0-9a-f]{64}$/.test(a.digest)) return out('invalid_row', { reason: '花名册摘要不是 64 位十六进制' });
  if (!signed) return out(a.digest === roster.digest ? 'unsigned' : 'stale');
  const payload = {
    roster: a.digest,
    dept: a.dept,
    by: a.by,
    at: a.at,
    key: a.key,
    provisional: roster.provisional,
  };
  if (!verifyApproval(a.publicKey, payload, a.signature)) return out('bad_signature');
  if (a.digest !== roster.digest) return out('stale');
  if (!trust) return out('ok');
  const entry = trustOf(trust, a.key);
  if (!entry) return out('untrusted');
  // a revoked key's approvals never count, whatever time they claim
  if (entry.revoked) return out('revoked', { entry });
  if (entry.dept !== a.dept) return out('wrong_dept', { entry });
  return out('ok', { entry });
}

const CODE: Record<Exclude<ApprovalStatus, 'ok'>, string> = {
  unsigned: 'approval_unsigned',
  invalid_row: 'approval_invalid_row',
  bad_signature: 'approval_bad_signature',
  stale: 'payout_approval_stale',
  untrusted: 'approval_untrusted_key',
  revoked: 'approval_key_revoked',
  wrong_dept: 'approval_wrong_dept',
};

/** The finding of a failing approval (its row in 审批记录 counted from 1). */
export function approvalFinding(
  file: string,
  sheet: string,
  j: Judged,
  level: Finding['level'] = 'error',
): Finding {
  const a = j.approval;
  const status = j.status as Exclude<ApprovalStatus, 'ok'>;
  const params: Record<string, string> = { by: a.by, at: a.at, key: a.key, got: a.digest };
  if (j.entry) {
    params.dept = j.entry.dept;
    if (j.entry.revoked) params.revoked = j.entry.revoked;
  }
  if (j.reason) params.reason = j.reason;
  return { level, code: CODE[status], file, sheet, row: 0, column: '', header: '', value: a.dept, params };
}

export interface PayoutJudgement {
  findings: Finding[];
  /** The approval that counts for each required department, in the policy's order. */
  chosen: Judged[];
}

/**
 * What payout requires (spec/approvals.md, Commands). `trust` given: only ok approvals
 * count (signed, current, trusted, unrevoked, the key's own department); names are the
 * trust entries'. `trust` null (--unsigned): unsigned approvals of the current digest count
 * too; names are those the approvals claim. Every failing approval of a required department
 * and every signed line that does not verify is a finding; then the people: different keys,
 * different people, none the preparer.
 */
export function judgePayout(
  file: string,
  sheet: string,
  approvals: readonly Approval[],
  roster: { digest: string; provisional: boolean; preparedBy: string },
  required: readonly string[],
  trust: Trust | null,
): PayoutJudgement {
  const findings: Finding[] = [];
  const chosen: Judged[] = [];
  const judged = approvals.map((a) => judgeApproval(a, roster, trust));
  let preparerKey = '';
  for (const j of judged) {
    if (j.approval.dept !== PREPARER_DEPT) continue;
    // the preparer's line proves nothing on its own, but a forged or copied one is refused
    if (j.status === 'bad_signature' || j.status === 'invalid_row')
      findings.push(approvalFinding(file, sheet, j));
    else if (j.signed && j.status !== 'stale') preparerKey = j.approval.key;
  }
  for (const dept of required) {
    const mine = judged.filter((j) => j.approval.dept === dept);
    const counts = (j: Judged) => j.status === 'ok' || (!trust && j.status === 'unsigned');
    const pick = mine.find(counts);
    for (const j of mine) if (!counts(j)) findings.push(approvalFinding(file, sheet, j));
    if (pick) chosen.push(pick);
    else if (!mine.length) {
      findings.push({
        level: 'error',
        code: 'approval_missing',
        file,
        sheet,
        row: 0,
        column: '',
        header: '',
        value: dept,
        params: { expected: roster.digest },
      });
    }
  }
  const nameOf = (j: Judged) => normalName(j.entry?.by ?? j.approval.by);
  const shownName = (j: Judged) => j.entry?.by ?? j.approval.by;
  const preparer = normalName(roster.preparedBy);
  chosen.forEach((j, i) => {
    for (const other of chosen.slice(0, i)) {
      const sameKey = j.signed && other.signed && j.approval.key === other.approval.key;
      if (sameKey || nameOf(j) === nameOf(other)) {
        findings.push({
          level: 'error',
          code: 'approval_same_person',
          file,
          sheet,
          row: 0,
          column: '',
          header: '',
          value: shownName(j),
          params: { dept: other.approval.dept, other: j.approval.dept },
        });
      }
    }
    if ((preparer && nameOf(j) === preparer) || (preparerKey && j.approval.key === preparerKey)) {
      findings.push({
        level: 'error',
        code: 'approval_by_preparer',
        file,
        sheet,
        row: 0,
        column: '',
        header: '',
        value: shownName(j),
        params: { dept: j.approval.dept },
      });
    }
  });
  return { findings, chosen };
}
