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
import { BAD, type Bad, type NumberCache, RowReader, type TextScreen, typedValue } from './fields.js';
import { cleanText, removeSpaces, toHalfWidth } from './normalise.js';
import type { RoleMatcher } from './roles.js';
import {
  fieldIndex,
  HOUSEHOLDS_WARN_ABOVE,
  RESULT_VALUES,
  SHEETS,
  type SheetKind,
  STATUS_VALUES,
} from './schema.js';
import type { TableInfo, TableRow } from './sheet.js';

/**
 * A row one of whose fields could not be read (its finding is recorded): what could be
 * read of it, for the checks across rows, and its values as typed, for their messages.
 */
export class BadRow<R> {
  constructor(
    readonly src: RowRef,
    readonly got: Partial<R>,
    readonly typed: Readonly<Record<string, string>>,
  ) {}
}

/**
 * What one data row gave. A row read whole is its record itself (with its src), so a
 * million cadres are held as a million records and nothing more; a row with a bad field
 * is a BadRow.
 */
export type Entry<R> = (R & { src: RowRef }) | BadRow<R>;

/** The fields read of an entry (all of them for a record). */
export function gotOf<R>(e: Entry<R>): Partial<R> {
  return e instanceof BadRow ? e.got : e;
}

/**
 * Values as typed that differ from the text of the value read (an ID typed with spaces, a
 * period typed 一季度), for the fields the checks across rows name in their messages; a
 * record whose typed values are the plain text of its values has no entry here.
 */
export type TypedDiffs = Map<object, Readonly<Record<string, string>>>;

/** The fields of each sheet whose typed value a check across rows may show. */
export const CROSS_FIELDS: Readonly<Record<SheetKind, readonly string[]>> = {
  villages: ['code'],
  cadres: ['idNumber', 'villageCode', 'months', 'ratio', 'account'],
  commitments: ['villageCode', 'itemNo'],
  scores: ['villageCode', 'period'],
};

/** Texts of the Exact values read (ratios repeat: each is written out once). */
const exactText = new WeakMap<object, string>();

/** The plain text of a value read, as its typed value would be in a clean workbook. */
function canonical(got: object, key: string, src: RowRef): string {
  const v = (got as Record<string, unknown>)[key];
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  // An empty 任职月数 reads as 12; typed, it was empty (and with no such column, always).
  if (key === 'months') return src.columns?.months ? String(v) : '';
  if (typeof v === 'object') {
    let t = exactText.get(v);
    if (t === undefined) {
      t = String(v);
      exactText.set(v, t);
    }
    return t;
  }
  return String(v);
}

/** A field's value as typed, for a message about an entry. */
export function typedOf<R>(e: Entry<R>, key: string, diffs: TypedDiffs): string {
  if (e instanceof BadRow) return e.typed[key] ?? '';
  return diffs.get(e)?.[key] ?? canonical(e, key, e.src);
}

export interface ReadContext {
  policy: Policy;
  roles: RoleMatcher;
  date1904: boolean;
  findings: Finding[];
  numbers: NumberCache;
  /** Whether the workbook may hold a forbidden character (fields.ts); absent: every cell is searched. */
  screen?: TextScreen;
}

/** Where one sheet's entries go as its rows are read. */
export interface SheetOut<R> {
  entries: Entry<R>[];
  diffs: TypedDiffs;
}

type Fields<R> = { [K in keyof R]: R[K] | Bad };

/** True when any field read is BAD (its finding recorded). */
function anyBad(...values: unknown[]): boolean {
  for (const v of values) if (v === BAD) return true;
  return false;
}

/** A row with a BAD field → a BadRow with what could be read and the row's values as typed. */
function badRow<R>(r: RowReader, fields: Fields<R>, out: SheetOut<R>): void {
  const got: Partial<R> = {};
  for (const k in fields) {
    const v = fields[k];
    if (v !== BAD) got[k] = v as R[typeof k];
  }
  const typed: Record<string, string> = {};
  for (const k of Object.keys(r.index)) {
    const c = r.cell(k);
    if (c !== undefined) typed[k] = typedValue(c);
  }
  out.entries.push(new BadRow<R>(r.src, got, typed));
}

/**
 * A row read whole: its record (built with every field at once, so it has one shape and
 * no property store beside it) is kept, with its typed values where they differ.
 */
function goodRow<R>(r: RowReader, kind: SheetKind, rec: R & { src: RowRef }, out: SheetOut<R>): void {
  let diff: Record<string, string> | undefined;
  for (const key of CROSS_FIELDS[kind]) {
    const c = r.cell(key);
    // A number cell's typed text is the plain text of the number read from it.
    if (c !== undefined && c.t === 'n') continue;
    const t = c ? typedValue(c) : '';
    if (t === canonical(rec, key, r.src)) continue;
    diff ??= {};
    diff[key] = t;
  }
  if (diff) out.diffs.set(rec, diff);
  out.entries.push(rec);
}

/** What every row of one sheet shares: its file, sheet and columns. */
interface SheetAt {
  readonly file: string;
  readonly sheet: string;
  readonly columns: TableInfo['columns'];
}

/**
 * Where a row came from: its number, and the sheet's shared part behind getters (one
 * class for every sheet, so the code reading it stays monomorphic). Made for the row
 * being read (its findings) and when a record's `src` is asked for; records keep only
 * the two fields (see Placed).
 */
class RowAt implements RowRef {
  constructor(
    readonly row: number,
    readonly at: SheetAt,
  ) {}
  get file(): string {
    return this.at.file;
  }
  get sheet(): string {
    return this.at.sheet;
  }
  get columns(): TableInfo['columns'] {
    return this.at.columns;
  }
}

const SHARED = new WeakMap<TableInfo, SheetAt>();

function refOf(info: TableInfo, row: number): RowAt {
  let at = SHARED.get(info);
  if (!at) {
    at = { file: info.file, sheet: info.sheet, columns: info.columns };
    SHARED.set(info, at);
  }
  return new RowAt(row, at);
}

/**
 * A record read from a sheet keeps its row number and its sheet's shared part, and makes
 * its RowRef when asked (a finding, a message): 16 bytes a record instead of a pointer
 * and a 40-byte object, for each of a province's 2.7 million records (85 MB at a full
 * sheet of cadres, measured). Nothing compares or keys by `src`.
 */
abstract class Placed {
  readonly srcRow: number;
  readonly srcAt: SheetAt;
  constructor(src: RowAt) {
    this.srcRow = src.row;
    this.srcAt = src.at;
  }
  get src(): RowRef {
    return new RowAt(this.srcRow, this.srcAt);
  }
}

class VillageRow extends Placed implements VillageRecord {
  constructor(
    readonly code: string,
    readonly name: string,
    readonly town: string,
    readonly households: number,
    readonly weak: boolean,
    src: RowAt,
  ) {
    super(src);
  }
}

class CadreRow extends Placed implements CadreRecord {
  seq = 0;
  constructor(
    readonly idNumber: string,
    readonly name: string,
    readonly villageCode: string,
    readonly role: string,
    readonly months: number,
    readonly ratio: Exact | null,
    readonly adjustment: Exact | null,
    readonly bank: string,
    readonly account: string,
    readonly hold: string,
    readonly remark: string,
    src: RowAt,
  ) {
    super(src);
  }
}

class CommitmentRow extends Placed implements CommitmentRecord {
  constructor(
    readonly villageCode: string,
    readonly itemNo: string,
    readonly content: string,
    readonly category: string,
    readonly due: IsoDate,
    readonly responsible: string,
    readonly status: CommitmentStatusText,
    readonly result: InspectionResult | null,
    readonly inspected: IsoDate | null,
    readonly satisfaction: Exact | null,
    src: RowAt,
  ) {
    super(src);
  }
}

class ScoreRow extends Placed implements ScoreRecord {
  constructor(
    readonly villageCode: string,
    readonly period: Period,
    readonly score: Exact,
    src: RowAt,
  ) {
    super(src);
  }
}

/** The row reader of a sheet: one per sheet, pointed at each row in turn. */
function readerFor(ctx: ReadContext, kind: SheetKind): RowReader {
  return new RowReader(fieldIndex(SHEETS[kind]), ctx.findings, ctx.date1904, ctx.numbers, ctx.screen);
}

type VillageFields = Omit<VillageRecord, 'src'>;

export function villageRows(
  ctx: ReadContext,
  out: SheetOut<VillageFields>,
): (tr: TableRow, info: TableInfo) => void {
  const r = readerFor(ctx, 'villages');
  return (tr, info) => {
    const src = refOf(info, tr.row);
    r.reset(tr, src);
    const code = r.code('code', true);
    const name = r.text('name', true, removeSpaces);
    const town = r.text('town', true, removeSpaces);
    const households = r.households('households', HOUSEHOLDS_WARN_ABOVE);
    const weak = r.yesNo('weak');
    r.formulaLike('name', name);
    r.formulaLike('town', town);
    if (code === BAD || name === BAD || town === BAD || households === BAD || weak === BAD) {
      badRow<VillageFields>(r, { code, name, town, households, weak }, out);
    } else {
      goodRow<VillageFields>(r, 'villages', new VillageRow(code, name, town, households, weak, src), out);
    }
  };
}

/** One post of a cadre row: the row's fields and one canonical role. */
export type CadreFields = Omit<CadreRecord, 'src' | 'seq'>;

/**
 * Cadre rows → one record per post (书记兼主任 → two), each with seq 0 until the run
 * numbers the records it keeps.
 */
export function cadreRows(
  ctx: ReadContext,
  out: SheetOut<CadreFields>,
): (tr: TableRow, info: TableInfo) => void {
  const r = readerFor(ctx, 'cadres');
  const expectedRoles = [...ctx.policy.roles.map((x) => x.name), ...ctx.policy.unpaidRoles].join('、');
  return (tr, info) => {
    const src = refOf(info, tr.row);
    r.reset(tr, src);
    const idNumber = r.idNumber('idNumber', ctx.policy.year);
    const name = r.name('name', true);
    const villageCode = r.code('villageCode', true);
    const months = r.months('months');
    const ratio = r.ratio('ratio');
    const adjustment = r.adjustment('adjustment');
    const bank = r.text('bank', false);
    const account = r.account('account');
    const hold = readHold(r);
    const remark = r.text('remark', false, cleanText, true);
    r.formulaLike('name', name);
    r.formulaLike('bank', bank);
    r.formulaLike('remark', remark);
    const roleText = r.text('role', true);
    let roles: readonly (string | Bad)[] = ONE_BAD;
    if (roleText !== BAD) {
      const split = ctx.roles.split(roleText);
      if (split.unknown.length || !split.roles.length) {
        r.report('unknown_role', 'role', {
          expected: expectedRoles,
          part: split.unknown.join('、') || roleText,
        });
      } else {
        roles = split.roles;
      }
    }
    const bad = anyBad(idNumber, name, villageCode, months, ratio, adjustment, bank, account, hold, remark);
    for (const role of roles) {
      if (bad || role === BAD) {
        const fields: Fields<CadreFields> = {
          idNumber,
          name,
          villageCode,
          months,
          ratio,
          adjustment,
          bank,
          account,
          hold,
          remark,
          role,
        };
        badRow<CadreFields>(r, fields, out);
        continue;
      }
      const rec = new CadreRow(
        idNumber as string,
        name as string,
        villageCode as string,
        role,
        months as number,
        ratio as Exact | null,
        adjustment as Exact | null,
        bank as string,
        account as string,
        hold as string,
        remark as string,
        src,
      );
      goodRow<CadreFields>(r, 'cadres', rec, out);
    }
  };
}

const ONE_BAD: readonly Bad[] = [BAD];

/** Words that say "not held" in a 暂停发放 column rather than give a reason. */
const NOT_HELD = new Set(['否', '无', '不', '没有', 'n', 'no', '0', '×', '-', '—', '/']);

/**
 * 暂停发放: a non-empty reason holds the payment. A clerk who writes 否 or 无 there means
 * "not held", and taking it as a reason would withhold someone's subsidy: it is read as
 * empty, with a warning.
 */
function readHold(r: RowReader): string | Bad {
  const t = r.text('hold', false, cleanText, true);
  if (t === BAD || t === '' || !NOT_HELD.has(removeSpaces(toHalfWidth(t)).toLowerCase())) return t;
  r.report('hold_not_reason', 'hold', { expected: 'reason' }, 'warning');
  return '';
}

type CommitmentFields = Omit<CommitmentRecord, 'src'>;

export function commitmentRows(
  ctx: ReadContext,
  out: SheetOut<CommitmentFields>,
): (tr: TableRow, info: TableInfo) => void {
  const r = readerFor(ctx, 'commitments');
  return (tr, info) => {
    const src = refOf(info, tr.row);
    r.reset(tr, src);
    const dueRead = r.date('due', true);
    const fields: Fields<CommitmentFields> = {
      villageCode: r.code('villageCode', true),
      itemNo: r.text('itemNo', true, removeSpaces),
      content: r.text('content', true),
      category: r.text('category', false, cleanText, true),
      due: dueRead === null ? BAD : (dueRead as IsoDate | Bad),
      responsible: r.text('responsible', false, cleanText, true),
      status: r.oneOf<CommitmentStatusText>('status', STATUS_VALUES, '进行中', 'status_invalid') as
        | CommitmentStatusText
        | Bad,
      result: r.oneOf<InspectionResult>('result', RESULT_VALUES, null, 'result_invalid'),
      inspected: r.date('inspected', false),
      satisfaction: r.percentScore('satisfaction', false, 'satisfaction_range'),
    };
    const f = fields;
    if (
      anyBad(
        f.villageCode,
        f.itemNo,
        f.content,
        f.category,
        f.due,
        f.responsible,
        f.status,
        f.result,
        f.inspected,
        f.satisfaction,
      )
    ) {
      badRow<CommitmentFields>(r, fields, out);
      return;
    }
    const rec = new CommitmentRow(
      f.villageCode as string,
      f.itemNo as string,
      f.content as string,
      f.category as string,
      f.due as IsoDate,
      f.responsible as string,
      f.status as CommitmentStatusText,
      f.result as InspectionResult | null,
      f.inspected as IsoDate | null,
      f.satisfaction as Exact | null,
      src,
    );
    goodRow<CommitmentFields>(r, 'commitments', rec, out);
  };
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
const QUARTER = /^第?([一二三四1-4])季度?$/;

/** 考核期 as typed → Q1–Q4 / H1 / H2 (一季度, 第一季度, 1季度, q1, 上半年 …); null when unknown. */
export function parsePeriod(text: string): Period | null {
  const t = removeSpaces(toHalfWidth(text)).toLowerCase();
  const direct = PERIODS[t];
  if (direct) return direct;
  const m = QUARTER.exec(t);
  return m ? (QUARTER_DIGITS[m[1] as string] ?? null) : null;
}

type ScoreFields = Omit<ScoreRecord, 'src'>;

export function scoreRows(
  ctx: ReadContext,
  out: SheetOut<ScoreFields>,
): (tr: TableRow, info: TableInfo) => void {
  const r = readerFor(ctx, 'scores');
  return (tr, info) => {
    const src = refOf(info, tr.row);
    r.reset(tr, src);
    const periodText = r.text('period', true);
    let period: Period | Bad = BAD;
    if (periodText !== BAD) {
      period =
        parsePeriod(periodText) ??
        r.report('period_invalid', 'period', {
          expected: 'Q1–Q4 / H1 / H2 / 一季度–四季度 / 上半年 / 下半年',
        });
    }
    const scoreRead = r.percentScore('score', true, 'score_range');
    const score = scoreRead === null ? BAD : scoreRead;
    const villageCode = r.code('villageCode', true);
    if (villageCode === BAD || period === BAD || score === BAD) {
      badRow<ScoreFields>(r, { villageCode, period, score }, out);
    } else {
      goodRow<ScoreFields>(r, 'scores', new ScoreRow(villageCode, period, score, src), out);
    }
  };
}
