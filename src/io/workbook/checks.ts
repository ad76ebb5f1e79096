import { type Finding, fieldFinding } from '../../rules/findings.js';
import type { CommitmentRecord, Policy, RowRef, ScoreRecord, VillageRecord } from '../../rules/types.js';
import { type CadreFields, type Entry, gotOf, type TypedDiffs, typedOf } from './records.js';

type V = Omit<VillageRecord, 'src'>;
type C = Omit<CommitmentRecord, 'src'>;
type S = Omit<ScoreRecord, 'src'>;

/** Where another row is, for a message that names both: 干部.xlsx › 干部 第 7 行. */
function at(src: RowRef): Record<string, string | number> {
  return { otherFile: src.file, otherSheet: src.sheet, otherRow: src.row };
}

/**
 * Groups by a key, in order of first appearance. A group of one is held as the item
 * itself and only a repeated key gets a list, so grouping a million cadres by their ID
 * costs one map entry each and no array.
 */
function groupBy<T extends object>(
  items: readonly T[],
  key: (t: T) => string | null | undefined,
): Map<string, T | T[]> {
  const m = new Map<string, T | T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null || k === undefined || k === '') continue;
    const g = m.get(k);
    if (g === undefined) m.set(k, it);
    else if (Array.isArray(g)) g.push(it);
    else m.set(k, [g, it]);
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
  /** Values as typed that differ from the values read (records.ts). */
  diffs: TypedDiffs;
  /** Records a check across rows refused (a ratio above its role's cap): not handed on. */
  rejected: Set<object>;
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
  const typed = <R>(e: Entry<R>, key: string) => typedOf(e, key, run.diffs);

  // Villages: one code once in the whole run.
  const codes = new Map<string, Entry<V>>();
  for (const e of run.villages) {
    const code = gotOf(e).code;
    if (!code) continue;
    const first = codes.get(code);
    if (!first) {
      codes.set(code, e);
      continue;
    }
    findings.push(
      fieldFinding('error', 'duplicate_village', e.src, 'code', typed(e, 'code'), {
        expected: 'unique',
        ...at(first.src),
      }),
    );
  }

  const checkVillage = <R extends { villageCode: string }>(e: Entry<R>) => {
    const code = gotOf(e).villageCode;
    if (run.villagesComplete && code && !codes.has(code)) {
      pushOnce(
        findings,
        seen,
        fieldFinding('error', 'unknown_village', e.src, 'villageCode', typed(e, 'villageCode'), {
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
    const { ratio, role } = gotOf(e);
    const cap = role ? caps.get(role) : undefined;
    if (ratio && cap && ratio.gt(cap)) {
      findings.push(
        fieldFinding('error', 'ratio_above_cap', e.src, 'ratio', typed(e, 'ratio'), {
          expected: `≤ ${cap.toString()}`,
          cap: cap.toString(),
          role: role ?? '',
        }),
      );
      run.rejected.add(e);
    }
  }

  // Everything about one ID: the same post twice, two names, a transfer past 12 months.
  for (const group of groupBy(run.cadres, (e) => gotOf(e).idNumber).values()) {
    if (!Array.isArray(group)) continue;
    // The same person in the same post of the same village twice (rules.md §3).
    const posts = groupBy(group, (e) => {
      const g = gotOf(e);
      return g.role && g.villageCode ? `${g.role}|${g.villageCode}` : null;
    });
    for (const list of posts.values()) {
      if (!Array.isArray(list)) continue;
      const first = list[0] as Entry<CadreFields>;
      for (const e of list.slice(1)) {
        findings.push(
          fieldFinding('error', 'duplicate_cadre', e.src, 'idNumber', typed(e, 'idNumber'), {
            expected: 'unique',
            role: gotOf(e).role ?? '',
            ...at(first.src),
          }),
        );
      }
    }
    // One ID under two names: one of the two is mistyped, and the posts would be merged.
    const names = [...new Set(group.map((e) => gotOf(e).name).filter((n): n is string => Boolean(n)))];
    if (names.length > 1) {
      const firstName = group.find((e) => gotOf(e).name === names[0]);
      for (const e of group) {
        const name = gotOf(e).name;
        if (name && name !== names[0] && firstName) {
          pushOnce(
            findings,
            seen,
            fieldFinding('error', 'id_name_conflict', e.src, 'idNumber', typed(e, 'idNumber'), {
              expected: names[0] ?? '',
              name,
              otherName: names[0] ?? '',
              ...at(firstName.src),
            }),
          );
        }
      }
    }
    // A transfer: the months in each village (the longest post there) add up to 12 at most.
    const perVillage = new Map<string, number>();
    for (const e of group) {
      const g = gotOf(e);
      if (!g.villageCode || g.months === undefined) continue;
      perVillage.set(g.villageCode, Math.max(perVillage.get(g.villageCode) ?? 0, g.months));
    }
    if (perVillage.size > 1) {
      const total = [...perVillage.values()].reduce((a, b) => a + b, 0);
      if (total > 12) {
        for (const e of group) {
          pushOnce(
            findings,
            seen,
            fieldFinding('error', 'transfer_months', e.src, 'months', typed(e, 'months'), {
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
  for (const list of groupBy(run.cadres, (e) => {
    const g = gotOf(e);
    return g.account && g.idNumber ? g.account : null;
  }).values()) {
    if (!Array.isArray(list)) continue;
    const ids = new Set(list.map((e) => gotOf(e).idNumber));
    if (ids.size < 2) continue;
    for (const e of list) {
      const id = gotOf(e).idNumber;
      const other = list.find((o) => gotOf(o).idNumber !== id);
      if (!other) continue;
      pushOnce(
        findings,
        seen,
        fieldFinding('error', 'card_shared', e.src, 'account', typed(e, 'account'), {
          expected: 'unique',
          otherName: gotOf(other).name ?? '',
          ...at(other.src),
        }),
      );
    }
  }

  // Commitment numbers unique within a village; one score per village and period.
  for (const list of groupBy(run.commitments, (e) => {
    const g = gotOf(e);
    return g.villageCode && g.itemNo ? `${g.villageCode}|${g.itemNo}` : null;
  }).values()) {
    if (!Array.isArray(list)) continue;
    const first = list[0] as Entry<C>;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_item', e.src, 'itemNo', typed(e, 'itemNo'), {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  for (const list of groupBy(run.scores, (e) => {
    const g = gotOf(e);
    return g.villageCode && g.period ? `${g.villageCode}|${g.period}` : null;
  }).values()) {
    if (!Array.isArray(list)) continue;
    const first = list[0] as Entry<S>;
    for (const e of list.slice(1)) {
      findings.push(
        fieldFinding('error', 'duplicate_period', e.src, 'period', typed(e, 'period'), {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  return findings;
}
