import { Exact } from './exact.js';
import { type Fen, fen, roundHalfUpToUnit } from './money.js';
import type { Band, Policy, RolePolicy, VillageRecord } from './types.js';

const TWELVE = Exact.of(12);

/** rules.md §1: the household band of a village (first band whose upper bound holds it). */
export function bandFor(households: number, policy: Policy): Band {
  const band = policy.bands.find((b) => b.maxHouseholds === null || households <= b.maxHouseholds);
  if (!band) throw new RangeError(`no band for ${households} households (policy ${policy.id})`);
  return band;
}

/** policy.md uplift: the factors that apply to a village (weak village, inland town). */
export function upliftFactors(village: VillageRecord, policy: Policy): Exact[] {
  const u = policy.uplift;
  if (!u) return [];
  const out: Exact[] = [];
  if (village.weak && u.weakVillage) out.push(u.weakVillage);
  if (u.inlandTown && u.inlandTowns.includes(village.town)) out.push(u.inlandTown);
  return out;
}

export interface VillageStandard {
  /** The band's amount before any uplift. */
  bandFen: Fen;
  factors: Exact[];
  /** B(v): the secretary's annual standard, uplifted and rounded once. */
  standardFen: Fen;
}

/** rules.md §1 and policy.md uplift: B(v) = round(band amount × product of applicable factors). */
export function villageStandard(village: VillageRecord, policy: Policy): VillageStandard {
  const bandFen = bandFor(village.households, policy).amountFen;
  const factors = upliftFactors(village, policy);
  if (factors.length === 0) return { bandFen, factors, standardFen: bandFen };
  const product = factors.reduce((a, f) => a.mul(f), Exact.ONE);
  return {
    bandFen,
    factors,
    standardFen: roundHalfUpToUnit(Exact.of(bandFen).mul(product), policy.rounding),
  };
}

/**
 * villageStandard, one object per band and uplift: a province's villages share a handful
 * of standards (a new one per village was 40 MB of a million-row run).
 */
export function standards(policy: Policy): (village: VillageRecord) => VillageStandard {
  const memo = new Map<string, VillageStandard>();
  return (village) => {
    const band = bandFor(village.households, policy);
    const factors = upliftFactors(village, policy);
    const key = `${policy.bands.indexOf(band)}|${factors.join('×')}`;
    let s = memo.get(key);
    if (!s) {
      s = villageStandard(village, policy);
      memo.set(key, s);
    }
    return s;
  };
}

/** The subsidized role of a canonical role name, or undefined for an unpaid role. */
export function roleOf(policy: Policy, name: string): RolePolicy | undefined {
  return policy.roles.find((r) => r.name === name);
}

export interface Proration {
  totalFen: Fen;
  shareFen: Fen;
  baseFen: Fen;
}

/**
 * rules.md §2: total = round(B × r × m / 12), share = round(S0 × r × m / 12), base = total − share.
 */
export function prorate(standardFen: Fen, ratio: Exact, months: number, policy: Policy): Proration {
  const part = ratio.mul(Exact.of(months)).div(TWELVE);
  const totalFen = roundHalfUpToUnit(Exact.of(standardFen).mul(part), policy.rounding);
  const shareFen = roundHalfUpToUnit(Exact.of(policy.reward.shareFen).mul(part), policy.rounding);
  return { totalFen, shareFen, baseFen: fen(totalFen - shareFen) };
}
