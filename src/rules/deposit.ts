import { Exact } from './exact.js';
import type { VillageLedger } from './ledger.js';
import { type Fen, fen, roundHalfUpToUnit } from './money.js';
import type { Policy } from './types.js';

export type Sanction = '诫勉谈话' | '动员辞职';

export interface DepositOutcome {
  depositFen: Fen;
  forfeitFen: Fen;
  refundFen: Fen;
  sanction: Sanction;
}

/**
 * rules.md §6, at year end, for a paid cadre row of a village with unkept commitments:
 * forfeit = round(deposit(role) × (failed + overdue) / assessed), the rest refunded;
 * 诫勉谈话 the first year, 动员辞职 when last year's roster sanctioned the same ID.
 */
export function depositOutcome(
  role: string,
  ledger: VillageLedger,
  sanctionedLastYear: boolean,
  policy: Policy,
): DepositOutcome {
  const depositFen = policy.deposit[role] ?? fen(0);
  const bad = ledger.failed + ledger.overdue;
  const forfeitFen =
    ledger.assessed > 0
      ? roundHalfUpToUnit(Exact.of(depositFen).mul(Exact.of(bad, ledger.assessed)), policy.rounding)
      : fen(0);
  return {
    depositFen,
    forfeitFen,
    refundFen: fen(depositFen - forfeitFen),
    sanction: sanctionedLastYear ? '动员辞职' : '诫勉谈话',
  };
}
