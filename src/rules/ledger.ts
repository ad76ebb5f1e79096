import { Exact } from './exact.js';
import type { CommitmentRecord, IsoDate } from './types.js';

export type ItemStatus = 'passed' | 'failed' | 'overdue' | 'pending' | 'open';

/** rules.md §6: one commitment item's status at the as-of date. */
export function itemStatus(item: CommitmentRecord, asOf: IsoDate): ItemStatus {
  if (item.result === '合格') return 'passed';
  if (item.result === '不合格') return 'failed';
  if (item.due > asOf) return 'open';
  if (item.status !== '已完成' && item.due < asOf) return 'overdue';
  return 'pending';
}

/** Calendar arithmetic on ISO dates (no clock): date + days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

export interface LedgerItem {
  item: CommitmentRecord;
  status: ItemStatus;
  /** as-of + supervision days for a failed or overdue item (督办通知单), else null. */
  rectifyBy: IsoDate | null;
}

export interface VillageLedger {
  villageCode: string;
  items: LedgerItem[];
  assessed: number;
  passed: number;
  failed: number;
  overdue: number;
  pending: number;
  open: number;
  /** 100 × passed / assessed, exact; null when nothing is assessed. */
  completion: Exact | null;
  /** Mean satisfaction of the rated items, exact; null when none is rated. */
  satisfaction: Exact | null;
}

/** The items of every village without any (never added to: frozen). */
const NO_ITEMS: LedgerItem[] = Object.freeze([]) as unknown as LedgerItem[];

/** rules.md §6: every village's items and counts at the as-of date (villages with no items get zeros). */
export function ledgerByVillage(
  villageCodes: readonly string[],
  commitments: readonly CommitmentRecord[],
  asOf: IsoDate,
  supervisionDays: number,
): Map<string, VillageLedger> {
  const out = new Map<string, VillageLedger>();
  for (const code of villageCodes) {
    out.set(code, {
      villageCode: code,
      items: [],
      assessed: 0,
      passed: 0,
      failed: 0,
      overdue: 0,
      pending: 0,
      open: 0,
      completion: null,
      satisfaction: null,
    });
  }
  const rated = new Map<string, Exact[]>();
  for (const item of commitments) {
    const v = out.get(item.villageCode);
    if (!v) continue;
    const status = itemStatus(item, asOf);
    const needsNotice = status === 'failed' || status === 'overdue';
    v.items.push({ item, status, rectifyBy: needsNotice ? addDays(asOf, supervisionDays) : null });
    v[status]++;
    if (item.satisfaction) {
      const list = rated.get(item.villageCode) ?? [];
      list.push(item.satisfaction);
      rated.set(item.villageCode, list);
    }
  }
  for (const v of out.values()) {
    // Pushed-to arrays keep room for 16 more: at a province's 400,000 villages that was 60 MB.
    v.items = v.items.length ? v.items.slice() : NO_ITEMS;
    v.assessed = v.passed + v.failed + v.overdue;
    v.completion = v.assessed > 0 ? Exact.HUNDRED.mul(Exact.of(v.passed, v.assessed)) : null;
    const r = rated.get(v.villageCode);
    v.satisfaction = r?.length ? r.reduce((a, x) => a.add(x), Exact.ZERO).div(Exact.of(r.length)) : null;
  }
  return out;
}

/** rules.md §6: a village has unkept commitments (未兑现承诺) when any item is failed or overdue. */
export function hasUnkept(v: VillageLedger): boolean {
  return v.failed + v.overdue > 0;
}
