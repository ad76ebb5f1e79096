import { type Finding, fieldFinding } from '../../rules/findings.js';
import type { CommitmentRecord, Policy, RowRef, ScoreRecord, VillageRecord } from '../../rules/types.js';
import type { CadreFields, Entry } from './records.js';

type V = Omit<VillageRecord, 'src'>;
type C = Omit<CommitmentRecord, 'src'>;
type S = Omit<ScoreRecord, 'src'>;

/** Where another row is, for a message that names both: 干部.xlsx › 干部 第 7 行. */
function at(src: RowRef): Record<string, string | number> {
  return { otherFile: src.file, otherSheet: src.sheet, otherRow: src.row };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const g = m.get(k);
    if (g) g.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** The same row can carry several posts (书记兼主任): one finding per row and code. */
function pushOnce(findings: Finding[], seen: Set<string>, f: Finding): void {
  const k = `${f.code}\u0000${f.file}\u0000${f.sheet}\u0000${f.row}\u0000${f.column}`;
  if (seen.has(k)) return;
  seen.add(k);
  findings.push(f);
}

export interface RunEntries {
  villages: Entry<V>[];
  cadres: Entry<CadreFields>[];
  commitments: Entry<C>[];
  scores: Entry<S>[];
  /** False when a 村庄 sheet could not be read: unknown village codes are then not reported. */
  villagesComplete: boolean;
}

/**
 * The checks across rows and files (spec/workbook.md, rules.md §3): duplicated village
 * codes, people-posts, items and periods; unknown village codes; ratios above the
 * role's cap; one ID under two names; months of a transfer adding past 12; one card
 * number for two people.
 */
export function crossChecks(run: RunEntries, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();

  // Villages: one code once in the whole run.
  for (const [, list] of groupBy(run.villages, (e) => e.got.code ?? null)) {
    const first = list[0];
    if (!first) continue;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_village', e.src, 'code', e.typed.code, {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }

  const codes = new Set(run.villages.map((e) => e.got.code).filter((c): c is string => Boolean(c)));
  const checkVillage = (e: {
    src: RowRef;
    typed: Readonly<Record<string, string>>;
    got: { villageCode?: string };
  }) => {
    const code = e.got.villageCode;
    if (run.villagesComplete && code && !codes.has(code)) {
      pushOnce(
        findings,
        seen,
        fieldFinding('error', 'unknown_village', e.src, 'villageCode', e.typed.villageCode, {
          expected: '村庄',
        }),
      );
    }
  };
  for (const e of run.cadres) checkVillage(e);
  for (const e of run.commitments) checkVillage(e);
  for (const e of run.scores) checkVillage(e);

  // Ratios above the role's cap (rules.md §1).
  const caps = new Map(policy.roles.map((r) => [r.name, r.cap]));
  for (const e of run.cadres) {
    const { ratio, role } = e.got;
    const cap = role ? caps.get(role) : undefined;
    if (ratio && cap && ratio.gt(cap)) {
      findings.push(
        fieldFinding('error', 'ratio_above_cap', e.src, 'ratio', e.typed.ratio, {
          expected: `≤ ${cap.toString()}`,
          cap: cap.toString(),
          role: role ?? '',
        }),
      );
      e.record = null;
    }
  }

  // The same person in the same post of the same village twice (rules.md §3).
  const cadreKey = (e: Entry<CadreFields>) =>
    e.got.idNumber && e.got.role && e.got.villageCode
      ? `${e.got.idNumber}|${e.got.role}|${e.got.villageCode}`
      : null;
  for (const [, list] of groupBy(run.cadres, cadreKey)) {
    const first = list[0];
    if (!first) continue;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_cadre', e.src, 'idNumber', e.typed.idNumber, {
          expected: 'unique',
          role: e.got.role ?? '',
          ...at(first.src),
        }),
      );
    }
  }

  const byId = groupBy(run.cadres, (e) => e.got.idNumber ?? null);
  for (const [, list] of byId) {
    // One ID under two names: one of the two is mistyped, and the posts would be merged.
    const names = [...new Set(list.map((e) => e.got.name).filter((n): n is string => Boolean(n)))];
    if (names.length > 1) {
      const firstName = list.find((e) => e.got.name === names[0]);
      for (const e of list) {
        if (e.got.name && e.got.name !== names[0] && firstName) {
          pushOnce(
            findings,
            seen,
            fieldFinding('error', 'id_name_conflict', e.src, 'idNumber', e.typed.idNumber, {
              expected: names[0] ?? '',
              name: e.got.name,
              otherName: names[0] ?? '',
              ...at(firstName.src),
            }),
          );
        }
      }
    }
    // A transfer: the months in each village (the longest post there) add up to 12 at most.
    const perVillage = new Map<string, number>();
    for (const e of list) {
      if (!e.got.villageCode || e.got.months === undefined) continue;
      perVillage.set(e.got.villageCode, Math.max(perVillage.get(e.got.villageCode) ?? 0, e.got.months));
    }
    if (perVillage.size > 1) {
      const total = [...perVillage.values()].reduce((a, b) => a + b, 0);
      if (total > 12) {
        for (const e of list) {
          pushOnce(
            findings,
            seen,
            fieldFinding('error', 'transfer_months', e.src, 'months', e.typed.months ?? '', {
              expected: '≤ 12',
              total,
              villages: [...perVillage.keys()].join('、'),
            }),
          );
        }
      }
    }
  }

  // One card number for two people: money for one would go to the other.
  for (const [, list] of groupBy(run.cadres, (e) =>
    e.got.account && e.got.idNumber ? e.got.account : null,
  )) {
    const ids = [...new Set(list.map((e) => e.got.idNumber))];
    if (ids.length < 2) continue;
    for (const e of list) {
      const other = list.find((o) => o.got.idNumber !== e.got.idNumber);
      if (!other) continue;
      pushOnce(
        findings,
        seen,
        fieldFinding('error', 'card_shared', e.src, 'account', e.typed.account, {
          expected: 'unique',
          otherName: other.got.name ?? '',
          ...at(other.src),
        }),
      );
    }
  }

  // Commitment numbers unique within a village; one score per village and period.
  const itemKey = (e: Entry<C>) =>
    e.got.villageCode && e.got.itemNo ? `${e.got.villageCode}|${e.got.itemNo}` : null;
  for (const [, list] of groupBy(run.commitments, itemKey)) {
    const first = list[0];
    if (!first) continue;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_item', e.src, 'itemNo', e.typed.itemNo, {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  const periodKey = (e: Entry<S>) =>
    e.got.villageCode && e.got.period ? `${e.got.villageCode}|${e.got.period}` : null;
  for (const [, list] of groupBy(run.scores, periodKey)) {
    const first = list[0];
    if (!first) continue;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_period', e.src, 'period', e.typed.period, {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  return findings;
}
