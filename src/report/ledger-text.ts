/**
 * `cadre-calc ledger` for people and machines: the --json body (spec/outputs.md) and the
 * human summary — one table per town, villages worst completion first, then the files.
 */
import { Chalk } from 'chalk';
import { Exact } from '../rules/exact.js';
import type { VillageLedger } from '../rules/ledger.js';
import type { IsoDate, VillageRecord } from '../rules/types.js';
import type { Lang } from './lang.js';
import { fitTable, wrapIndented, wrapText } from './layout.js';

/** One village of 村庄 with its ledger at the as-of date. */
export interface LedgerRow {
  village: VillageRecord;
  ledger: VillageLedger;
}

const d2 = (x: Exact | null): string | null => (x === null ? null : x.toFixed(2));

/** Villages with a failed or overdue item: the ones that get a 督办通知单. */
export function noticeRows(rows: readonly LedgerRow[]): LedgerRow[] {
  return rows.filter((r) => r.ledger.failed + r.ledger.overdue > 0);
}

/** The body of `ledger --json` (outputs.md), without the envelope's files and findings. */
export function ledgerJson(rows: readonly LedgerRow[]) {
  return {
    items: rows.flatMap(({ ledger }) =>
      ledger.items.map((it) => ({
        villageCode: it.item.villageCode,
        itemNo: it.item.itemNo,
        status: it.status,
        due: it.item.due,
        responsible: it.item.responsible,
        rectifyBy: it.rectifyBy,
        content: it.item.content,
      })),
    ),
    villages: rows.map(({ village, ledger }) => ({
      code: village.code,
      name: village.name,
      town: village.town,
      assessed: ledger.assessed,
      passed: ledger.passed,
      failed: ledger.failed,
      overdue: ledger.overdue,
      pending: ledger.pending,
      open: ledger.open,
      completion: d2(ledger.completion),
      satisfaction: d2(ledger.satisfaction),
    })),
    notices: noticeRows(rows).map(({ village, ledger }) => ({
      villageCode: village.code,
      items: ledger.items
        .filter((it) => it.status === 'failed' || it.status === 'overdue')
        .map((it) => it.item.itemNo),
    })),
  };
}

interface Counts {
  assessed: number;
  passed: number;
  failed: number;
  overdue: number;
  pending: number;
  open: number;
  completion: Exact | null;
  satisfaction: Exact | null;
}

/** A town's counts: sums of its villages, completion over the sums, satisfaction the mean of every rated item. */
export function townCounts(rows: readonly LedgerRow[]): Counts {
  const sum = (k: 'passed' | 'failed' | 'overdue' | 'pending' | 'open') =>
    rows.reduce((a, r) => a + r.ledger[k], 0);
  const passed = sum('passed');
  const assessed = passed + sum('failed') + sum('overdue');
  const rated = rows.flatMap((r) =>
    r.ledger.items.flatMap((it) => (it.item.satisfaction ? [it.item.satisfaction] : [])),
  );
  return {
    assessed,
    passed,
    failed: sum('failed'),
    overdue: sum('overdue'),
    pending: sum('pending'),
    open: sum('open'),
    completion: assessed > 0 ? Exact.HUNDRED.mul(Exact.of(passed, assessed)) : null,
    satisfaction: rated.length
      ? rated.reduce((a, x) => a.add(x), Exact.ZERO).div(Exact.of(rated.length))
      : null,
  };
}

/**
 * Worst completion first; villages with nothing assessed last (there is nothing to rank
 * yet); ties by more failed + overdue items, then as listed in 村庄.
 */
export function worstFirst(rows: readonly LedgerRow[]): LedgerRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ca = a.r.ledger.completion;
      const cb = b.r.ledger.completion;
      if (ca === null || cb === null) {
        if (ca !== cb) return ca === null ? 1 : -1;
      } else {
        const c = ca.cmp(cb);
        if (c !== 0) return c;
      }
      const bad = (x: LedgerRow) => x.ledger.failed + x.ledger.overdue;
      return bad(b.r) - bad(a.r) || a.i - b.i;
    })
    .map((x) => x.r);
}

const L = {
  zh: {
    title: (asOf: string) => `承诺事项台账，截至 ${asOf}`,
    town: (t: string) => `${t}`,
    head: ['村代码', '村名', '已考核', '合格', '不合格', '逾期', '待验收', '未到期', '完成率%', '满意度'],
    total: '合计',
    villages: (n: number) => `${n} 个村`,
    files: '已写出：',
    none: '没有验收不合格或逾期未完成的事项，未生成督办通知单。',
    notices: (v: number, i: number) => `督办通知单：${v} 个村，${i} 项`,
  },
  en: {
    title: (asOf: string) => `Commitment ledger as of ${asOf}`,
    town: (t: string) => `${t}`,
    head: [
      'Code',
      'Village',
      'Assessed',
      'Passed',
      'Failed',
      'Overdue',
      'Pending',
      'Open',
      'Completion %',
      'Satisfaction',
    ],
    total: 'Total',
    villages: (n: number) => `${n} village${n === 1 ? '' : 's'}`,
    files: 'Written:',
    none: 'No item failed or overdue: no supervision notice was written.',
    notices: (v: number, i: number) =>
      `Supervision notices: ${v} village${v === 1 ? '' : 's'}, ${i} item${i === 1 ? '' : 's'}`,
  },
};

/** The human summary of a ledger run: a table per town (in 村庄 order), then the notices and files; laid out for `width` columns. */
export function renderLedger(
  rows: readonly LedgerRow[],
  asOf: IsoDate,
  files: string[],
  lang: Lang,
  color: boolean,
  width = 80,
): string {
  const t = L[lang];
  const c = new Chalk({ level: color ? 1 : 0 });
  const towns = new Map<string, LedgerRow[]>();
  for (const r of rows) {
    const g = towns.get(r.village.town);
    if (g) g.push(r);
    else towns.set(r.village.town, [r]);
  }
  const cells = (x: Counts) => [
    x.assessed,
    x.passed,
    x.failed,
    x.overdue,
    x.pending,
    x.open,
    d2(x.completion) ?? '-',
    d2(x.satisfaction) ?? '-',
  ];
  const lines = wrapText(t.title(asOf), width).map((l) => c.bold(l));
  for (const [town, list] of towns) {
    const body = [...worstFirst(list).map((r) => [r.village.code, r.village.name, ...cells(r.ledger)])];
    body.push([t.total, t.villages(list.length), ...cells(townCounts(list))]);
    const last = body.length - 1;
    lines.push(
      ...wrapText(t.town(town), width).map((l) => c.bold(l)),
      fitTable({
        head: t.head,
        rows: body,
        width,
        color,
        // No rule between rows: a town has dozens of villages.
        compact: true,
        aligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        wrap: [false, true, false, false, false, false, false, false, false, false],
        paint: (r, col, x) =>
          r === last && col === 0 ? c.bold(x) : (col === 4 || col === 5) && x !== '0' ? c.red(x) : x,
      }),
    );
  }
  const noticed = noticeRows(rows);
  if (noticed.length) {
    const items = noticed.reduce((a, r) => a + r.ledger.failed + r.ledger.overdue, 0);
    lines.push(...wrapText(t.notices(noticed.length, items), width));
  } else {
    lines.push(...wrapText(t.none, width));
  }
  if (files.length) lines.push(t.files, ...files.flatMap((f) => wrapIndented(f, width, '', 2)));
  return `${lines.join('\n')}\n`;
}
