import { bankNameClashes, bankNameProblem } from '../../rules/bank-names.js';
import { type Finding, fieldFinding } from '../../rules/findings.js';
import { Groups, NO_KEY, strHash } from '../../rules/group.js';
import { digitBound, hasLongDigitRun, LeakScanner, PUBLIC_DIGIT_RUN } from '../../rules/public-text.js';
import type { CommitmentRecord, Policy, RowRef, ScoreRecord, VillageRecord } from '../../rules/types.js';
import { type CadreFields, type Entry, gotOf, type TypedDiffs, typedOf } from './records.js';

type V = Omit<VillageRecord, 'src'>;
type C = Omit<CommitmentRecord, 'src'>;
type S = Omit<ScoreRecord, 'src'>;

/** Where another row is, for a message that names both: 干部.xlsx › 干部 第 7 行. */
function at(src: RowRef): Record<string, string | number> {
  return { otherFile: src.file, otherSheet: src.sheet, otherRow: src.row };
}

/** Groups by a key, in order of first appearance (for the few rows of one ID). */
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
  const vg = run.villages.map(gotOf);
  const villageCodes = new Groups(
    vg.length,
    (i) => {
      const code = vg[i]?.code;
      return code ? strHash(code) : NO_KEY;
    },
    (i, j) => vg[i]?.code === vg[j]?.code,
  );
  for (const rows of villageCodes.repeated()) {
    const first = run.villages[rows[0] as number] as Entry<V>;
    for (const i of rows.slice(1)) {
      const e = run.villages[i] as Entry<V>;
      findings.push(
        fieldFinding('error', 'duplicate_village', e.src, 'code', typed(e, 'code'), {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  // Rows of one village follow each other: the last code looked up is remembered.
  let lastCode = '';
  let lastKnown = false;
  const known = (code: string) => {
    if (code !== lastCode) {
      lastCode = code;
      lastKnown = villageCodes.find(strHash(code), (j) => vg[j]?.code === code) >= 0;
    }
    return lastKnown;
  };

  const unknownVillage = <R>(e: Entry<R>) =>
    pushOnce(
      findings,
      seen,
      fieldFinding('error', 'unknown_village', e.src, 'villageCode', typed(e, 'villageCode'), {
        expected: '村庄',
      }),
    );
  // What was read of each row, once (a BadRow's fields or the record itself).
  const cg = run.cadres.map(gotOf);
  const mg = run.commitments.map(gotOf);
  const sg = run.scores.map(gotOf);
  const checkVillages = <R extends { villageCode: string }>(list: Entry<R>[], got: Partial<R>[]) => {
    if (!run.villagesComplete) return;
    for (let i = 0; i < list.length; i++) {
      const code = got[i]?.villageCode;
      if (code && !known(code)) unknownVillage(list[i] as Entry<R>);
    }
  };
  checkVillages(run.cadres, cg);
  checkVillages(run.commitments, mg);
  checkVillages(run.scores, sg);

  // Ratios above the role's cap (rules.md §1).
  const caps = new Map(policy.roles.map((r) => [r.name, r.cap]));
  for (let i = 0; i < cg.length; i++) {
    const { ratio, role } = cg[i] as Partial<CadreFields>;
    if (!ratio) continue;
    const e = run.cadres[i] as Entry<CadreFields>;
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
  const byId = new Groups(
    cg.length,
    (i) => {
      const id = cg[i]?.idNumber;
      return id ? strHash(id) : NO_KEY;
    },
    (i, j) => cg[i]?.idNumber === cg[j]?.idNumber,
  );
  for (const rows of byId.repeated()) {
    const group = rows.map((i) => run.cadres[i] as Entry<CadreFields>);
    // The same person in the same post of the same village twice (rules.md §3).
    const posts = groupBy(group, (e) => {
      const g = gotOf(e);
      return g.role && g.villageCode ? `${g.role}|${g.villageCode}` : null;
    });
    for (const list of posts.values()) {
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
  const byCard = new Groups(
    cg.length,
    (i) => {
      const g = cg[i];
      return g?.account && g.idNumber ? strHash(g.account) : NO_KEY;
    },
    (i, j) => cg[i]?.account === cg[j]?.account,
  );
  for (const rows of byCard.repeated()) {
    const list = rows.map((i) => run.cadres[i] as Entry<CadreFields>);
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

  publicTexts(run, cg, vg, findings);
  bankNames(run, cg, policy.year, findings);

  // Commitment numbers unique within a village; one score per village and period.
  const items = new Groups(
    mg.length,
    (i) => {
      const g = mg[i];
      return g?.villageCode && g.itemNo ? strHash(g.itemNo, strHash(g.villageCode)) : NO_KEY;
    },
    (i, j) => mg[i]?.villageCode === mg[j]?.villageCode && mg[i]?.itemNo === mg[j]?.itemNo,
  );
  for (const rows of items.repeated()) {
    const first = run.commitments[rows[0] as number] as Entry<C>;
    for (const i of rows.slice(1)) {
      const e = run.commitments[i] as Entry<C>;
      findings.push(
        fieldFinding('error', 'duplicate_item', e.src, 'itemNo', typed(e, 'itemNo'), {
          expected: 'unique',
          ...at(first.src),
        }),
      );
    }
  }
  const periods = new Groups(
    sg.length,
    (i) => {
      const g = sg[i];
      return g?.villageCode && g.period ? strHash(g.period, strHash(g.villageCode)) : NO_KEY;
    },
    (i, j) => sg[i]?.villageCode === sg[j]?.villageCode && sg[i]?.period === sg[j]?.period,
  );
  for (const rows of periods.repeated()) {
    const first = run.scores[rows[0] as number] as Entry<S>;
    for (const i of rows.slice(1)) {
      const e = run.scores[i] as Entry<S>;
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

/**
 * 姓名, 村名 and 镇街 are printed on the public notice: a run of 15 or more digits in one
 * (after NFKC, ignoring spaces, hyphens and dots), or anyone's ID or card number of this
 * run, is an input error here, where the clerk can fix the cell — not a refusal of the
 * notice after everything was computed (outputs.md 公示表).
 */
function publicTexts(
  run: RunEntries,
  cg: readonly Partial<CadreFields>[],
  vg: readonly Partial<V>[],
  findings: Finding[],
): void {
  let scanner: LeakScanner | null = null;
  const leaks = (text: string | undefined): boolean => {
    if (!text) return false;
    // one pass over the text for the common name (no digit at all)
    const digits = digitBound(text);
    if (digits >= PUBLIC_DIGIT_RUN && hasLongDigitRun(text)) return true;
    // Known values are 12 digits or more: a text with fewer digits cannot hold one.
    if (digits < 5) return false;
    scanner ??= new LeakScanner({
      idNumbers: cg.map((g) => g.idNumber ?? ''),
      accounts: cg.map((g) => g.account ?? ''),
    });
    return scanner.isLeak(text);
  };
  const flag = <R>(e: Entry<R>, key: string, value: string) =>
    findings.push(fieldFinding('error', 'public_text_number', e.src, key, value, { expected: 'text' }));
  for (let i = 0; i < vg.length; i++) {
    const g = vg[i] as Partial<V>;
    const e = run.villages[i] as Entry<V>;
    if (leaks(g.name)) flag(e, 'name', g.name ?? '');
    if (leaks(g.town)) flag(e, 'town', g.town ?? '');
  }
  let last = '';
  for (let i = 0; i < cg.length; i++) {
    const g = cg[i] as Partial<CadreFields>;
    const e = run.cadres[i] as Entry<CadreFields>;
    if (!leaks(g.name)) continue;
    // 书记兼主任 is two records of one row: one finding.
    const key = `${e.src.file}|${e.src.sheet}|${e.src.row}`;
    if (key !== last) flag(e, 'name', g.name ?? '');
    last = key;
  }
}

/**
 * 开户行 names the bank's payout file (银行代发-YEAR-BATCH-BANK.xlsx): a name that cannot
 * be a file name, and two spellings that come to one file (农商银行/信用社 and
 * 农商银行／信用社, ICBC and icbc), are input errors here — not a bank lost or a write that
 * fails after both approvals. Each spelling is named once, at its first row.
 */
function bankNames(
  run: RunEntries,
  cg: readonly Partial<CadreFields>[],
  year: number,
  findings: Finding[],
): void {
  const firstRow = new Map<string, number>();
  for (let i = 0; i < cg.length; i++) {
    const bank = cg[i]?.bank;
    if (bank && !firstRow.has(bank)) firstRow.set(bank, i);
  }
  for (const [bank, i] of firstRow) {
    const problem = bankNameProblem(year, bank);
    if (!problem) continue;
    const e = run.cadres[i] as Entry<CadreFields>;
    findings.push(fieldFinding('error', problem, e.src, 'bank', bank, { expected: 'file name', max: 255 }));
  }
  for (const { bank, first } of bankNameClashes(firstRow.keys())) {
    const e = run.cadres[firstRow.get(bank) as number] as Entry<CadreFields>;
    const o = run.cadres[firstRow.get(first) as number] as Entry<CadreFields>;
    findings.push(
      fieldFinding('error', 'bank_name_clash', e.src, 'bank', bank, {
        expected: 'one spelling',
        other: first,
        ...at(o.src),
      }),
    );
  }
}
