/**
 * Which file each bank's people go to (spec/banks.md): every 开户行 spelling a profile
 * matches goes into that profile's one file, named by its pattern with {bank} its first
 * `match` entry; a spelling no profile matches gets the built-in generic file of today.
 */
import { join } from 'node:path';
import type { Finding } from '../../../rules/findings.js';
import { sumFen } from '../../../rules/money.js';
import { type BankRow, bankFileName, safeNamePart } from '../bank-file.js';
import type { ProfileRow } from './fields.js';
import { type BankProfile, GENERIC_PROFILE, profileFor } from './profile.js';

export interface PlannedBankLike {
  bank: string;
  rows: BankRow[];
  totalFen: number;
  excluded: { idNumber: string; name: string; reason: string; bank: string; amountFen: number }[];
}

export interface BankTarget<B extends PlannedBankLike = PlannedBankLike> {
  profile: BankProfile;
  /** The bank as the file and the summary name it: the spelling (generic) or the profile's first match. */
  bankLabel: string;
  /** The roster's spellings in this file. */
  spellings: string[];
  path: string;
  /** A profile's file: every person with the roster's 开户行 spelling (ProfileRow); generic: the planned bank's own rows, not copied. */
  rows: BankRow[] | ProfileRow[];
  totalFen: number;
  excluded: B['excluded'];
  /** generic only: the planned bank as today's writer takes it. */
  generic: B | null;
}

export function profileFileName(p: BankProfile, vars: Record<string, string>): string {
  return p.fileName.replace(/\{(\w+)\}/g, (_, k: string) => safeNamePart(vars[k] ?? ''));
}

/**
 * The files of one batch, in the order of the plan's banks (a profile's file where its first
 * spelling comes). Warnings name every bank left to the generic profile when profiles were
 * given; errors name two files whose names coincide (also case-insensitively).
 */
export function assignTargets<B extends PlannedBankLike>(
  banks: readonly B[],
  profiles: readonly BankProfile[],
  vars: { year: number; batch: string; date: string },
  outDir: string,
  rosterFile: string,
): { targets: BankTarget<B>[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const targets: BankTarget<B>[] = [];
  const byProfile = new Map<string, BankTarget<B>>();
  for (const b of banks) {
    const p = profileFor(profiles, b.bank);
    const withBank = (r: BankRow): ProfileRow => ({ ...r, bank: b.bank });
    if (!p) {
      if (profiles.length)
        findings.push({
          level: 'warning',
          code: 'payout_bank_generic',
          file: rosterFile,
          sheet: '',
          row: 0,
          column: '',
          header: '开户行',
          value: b.bank,
          params: { bank: b.bank },
        });
      targets.push({
        profile: GENERIC_PROFILE,
        bankLabel: b.bank,
        spellings: [b.bank],
        path: join(outDir, bankFileName(vars.year, vars.batch, b.bank)),
        rows: b.rows,
        totalFen: b.totalFen,
        excluded: [...b.excluded],
        generic: b,
      });
      continue;
    }
    let t = byProfile.get(p.id);
    if (!t) {
      const bankLabel = p.match[0] ?? p.id;
      t = {
        profile: p,
        bankLabel,
        spellings: [],
        path: join(
          outDir,
          profileFileName(p, {
            bank: bankLabel,
            year: String(vars.year),
            batch: vars.batch,
            date: vars.date,
            profile: p.id,
          }),
        ),
        rows: [],
        totalFen: 0,
        excluded: [],
        generic: null,
      };
      byProfile.set(p.id, t);
      targets.push(t);
    }
    t.spellings.push(b.bank);
    const rows = t.rows as ProfileRow[];
    for (const r of b.rows) rows.push(withBank(r));
    t.excluded.push(...b.excluded);
  }
  for (const t of targets) if (!t.generic) t.totalFen = sumFen(t.rows.map((r) => r.amountFen));

  const seen = new Map<string, BankTarget<B>>();
  for (const t of targets) {
    const key = t.path.normalize('NFC').toLowerCase();
    const other = seen.get(key);
    if (other) {
      findings.push({
        level: 'error',
        code: 'payout_file_name_clash',
        file: t.path,
        sheet: '',
        row: 0,
        column: '',
        header: '开户行',
        value: t.spellings.join('、'),
        params: { other: other.spellings.join('、'), path: other.path },
      });
    } else seen.set(key, t);
  }
  return { targets, findings };
}
