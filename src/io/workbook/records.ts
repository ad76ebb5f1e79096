import type { Exact } from '../../rules/exact.js';
import type { Finding } from '../../rules/findings.js';
import type {
  CadreRecord,
  CommitmentRecord,
  CommitmentStatusText,
  InspectionResult,
  IsoDate,
  Period,
  Policy,
  RowRef,
  ScoreRecord,
  VillageRecord,
} from '../../rules/types.js';
import { BAD, type Bad, RowReader } from './fields.js';
import { cleanText, removeSpaces, toHalfWidth } from './normalise.js';
import type { RoleMatcher } from './roles.js';
import { HOUSEHOLDS_WARN_ABOVE, RESULT_VALUES, STATUS_VALUES } from './schema.js';
import type { Table } from './sheet.js';

/**
 * What one data row gave: every field that could be read (for the checks across rows,
 * even when another field of the row is bad), and the record when all of them could.
 */
export interface Entry<R> {
  src: RowRef;
  /** Field key → the value as typed (for messages about this row). */
  typed: Readonly<Record<string, string>>;
  /** Fields read, by key; a bad field is absent. */
  got: Partial<R>;
  record: R | null;
}

type Fields<R> = { [K in keyof R]: R[K] | Bad };

function settle<R>(r: RowReader, fields: Fields<R>): Entry<R> {
  const src = r.src;
  const typed: Record<string, string> = {};
  for (const k of Object.keys(r.tr.cells)) typed[k] = r.typed(k);
  const got: Partial<R> = {};
  let ok = true;
  for (const k of Object.keys(fields) as (keyof R)[]) {
    const v = fields[k];
    if (v === BAD) ok = false;
    else got[k] = v as R[keyof R];
  }
  return { src, typed, got, record: ok ? ({ ...got } as R) : null };
}

function refOf(table: Table, row: number): RowRef {
  return { file: table.file, sheet: table.sheet, row, columns: table.columns };
}

export interface ReadContext {
  policy: Policy;
  roles: RoleMatcher;
  date1904: boolean;
  findings: Finding[];
}

type VillageFields = Omit<VillageRecord, 'src'>;

export function readVillages(table: Table, ctx: ReadContext): Entry<VillageFields>[] {
  return table.rows.map((tr) => {
    const src = refOf(table, tr.row);
    const r = new RowReader(tr, src, ctx.findings, ctx.date1904);
    return settle<VillageFields>(r, {
      code: r.code('code', true),
      name: r.text('name', true, removeSpaces),
      town: r.text('town', true, removeSpaces),
      households: r.households('households', HOUSEHOLDS_WARN_ABOVE),
      weak: r.yesNo('weak'),
    });
  });
}

/** One post of a cadre row: the row's fields and one canonical role. */
export type CadreFields = Omit<CadreRecord, 'src' | 'seq'>;

export function readCadres(table: Table, ctx: ReadContext): Entry<CadreFields>[] {
  const out: Entry<CadreFields>[] = [];
  for (const tr of table.rows) {
    const src = refOf(table, tr.row);
    const r = new RowReader(tr, src, ctx.findings, ctx.date1904);
    const common: Omit<Fields<CadreFields>, 'role'> = {
      idNumber: r.idNumber('idNumber', ctx.policy.year),
      name: r.name('name', true),
      villageCode: r.code('villageCode', true),
      months: r.months('months'),
      ratio: r.ratio('ratio'),
      adjustment: r.adjustment('adjustment'),
      bank: r.text('bank', false),
      account: r.account('account'),
      hold: readHold(r),
      remark: r.text('remark', false, cleanText, true),
    };
    const roleText = r.text('role', true);
    let roles: (string | Bad)[] = [BAD];
    if (roleText !== BAD) {
      const s = ctx.roles.split(roleText);
      if (s.unknown.length || !s.roles.length) {
        r.report('unknown_role', 'role', {
          expected: [...ctx.policy.roles.map((x) => x.name), ...ctx.policy.unpaidRoles].join('、'),
          part: s.unknown.join('、') || roleText,
        });
      } else {
        roles = s.roles;
      }
    }
    for (const role of roles) out.push(settle<CadreFields>(r, { ...common, role }));
  }
  return out;
}

/** Words that say "not held" in a 暂停发放 column rather than give a reason. */
const NOT_HELD = new Set(['否', '无', '不', '没有', 'n', 'no', '0', '×', '-', '—', '/']);

/**
 * 暂停发放: a non-empty reason holds the payment. A clerk who writes 否 or 无 there means
 * "not held", and taking it as a reason would withhold someone's subsidy: it is read as
 * empty, with a warning.
 */
function readHold(r: RowReader): string | Bad {
  const t = r.text('hold', false, cleanText, true);
  if (t === BAD || !NOT_HELD.has(removeSpaces(toHalfWidth(t)).toLowerCase())) return t;
  r.report('hold_not_reason', 'hold', { expected: 'reason' }, 'warning');
  return '';
}

type CommitmentFields = Omit<CommitmentRecord, 'src'>;

export function readCommitments(table: Table, ctx: ReadContext): Entry<CommitmentFields>[] {
  return table.rows.map((tr) => {
    const src = refOf(table, tr.row);
    const r = new RowReader(tr, src, ctx.findings, ctx.date1904);
    const due = r.date('due', true);
    return settle<CommitmentFields>(r, {
      villageCode: r.code('villageCode', true),
      itemNo: r.text('itemNo', true, removeSpaces),
      content: r.text('content', true),
      category: r.text('category', false, cleanText, true),
      due: due === null ? BAD : (due as IsoDate | Bad),
      responsible: r.text('responsible', false, cleanText, true),
      status: r.oneOf<CommitmentStatusText>('status', STATUS_VALUES, '进行中', 'status_invalid') as
        | CommitmentStatusText
        | Bad,
      result: r.oneOf<InspectionResult>('result', RESULT_VALUES, null, 'result_invalid'),
      inspected: r.date('inspected', false),
      satisfaction: r.percentScore('satisfaction', false, 'satisfaction_range'),
    });
  });
}

const PERIODS: Record<string, Period> = {
  q1: 'Q1',
  q2: 'Q2',
  q3: 'Q3',
  q4: 'Q4',
  h1: 'H1',
  h2: 'H2',
  上半年: 'H1',
  下半年: 'H2',
};
const QUARTER_DIGITS: Record<string, Period> = {
  一: 'Q1',
  二: 'Q2',
  三: 'Q3',
  四: 'Q4',
  1: 'Q1',
  2: 'Q2',
  3: 'Q3',
  4: 'Q4',
};

/** 考核期 as typed → Q1–Q4 / H1 / H2 (一季度, 第一季度, 1季度, q1, 上半年 …); null when unknown. */
export function parsePeriod(text: string): Period | null {
  const t = removeSpaces(toHalfWidth(text)).toLowerCase();
  const direct = PERIODS[t];
  if (direct) return direct;
  const m = /^第?([一二三四1-4])季度?$/.exec(t);
  return m ? (QUARTER_DIGITS[m[1] as string] ?? null) : null;
}

type ScoreFields = Omit<ScoreRecord, 'src'>;

export function readScores(table: Table, ctx: ReadContext): Entry<ScoreFields>[] {
  return table.rows.map((tr) => {
    const src = refOf(table, tr.row);
    const r = new RowReader(tr, src, ctx.findings, ctx.date1904);
    const periodText = r.text('period', true);
    let period: Period | Bad = BAD;
    if (periodText !== BAD) {
      period =
        parsePeriod(periodText) ??
        r.report('period_invalid', 'period', {
          expected: 'Q1–Q4 / H1 / H2 / 一季度–四季度 / 上半年 / 下半年',
        });
    }
    const score = r.percentScore('score', true, 'score_range');
    return settle<ScoreFields>(r, {
      villageCode: r.code('villageCode', true),
      period,
      score: score === null ? BAD : (score as Exact | Bad),
    });
  });
}
