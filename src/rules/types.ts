import type { Exact } from './exact.js';
import type { Fen, RoundingUnit } from './money.js';

/** A date as ISO text 'YYYY-MM-DD' (rules never read a clock; text compares in date order). */
export type IsoDate = string;

export type Grade = '优秀' | '良好' | '合格' | '不合格';
export const GRADES: readonly Grade[] = ['优秀', '良好', '合格', '不合格'];

export interface Band {
  /** Inclusive upper bound of households; null for the last band. */
  maxHouseholds: number | null;
  amountFen: Fen;
}

export interface RolePolicy {
  /** Canonical name (书记, 主任, 会计, …). */
  name: string;
  ratio: Exact;
  cap: Exact;
  aliases: string[];
  /** Position in the policy: the role order of the tie-break (rules.md §5). */
  order: number;
}

/** The policy in force (policy.md), typed and checked; amounts in fen, ratios exact. */
export interface Policy {
  id: string;
  title: string;
  year: number;
  city: string;
  rounding: RoundingUnit;
  bands: Band[];
  roles: RolePolicy[];
  unpaidRoles: string[];
  concurrentPosts: 'highest' | 'sum';
  reward: {
    shareFen: Fen;
    poolScope: 'city' | 'town';
    method: 'above_floor' | 'linear' | 'grades';
    floor: Exact;
    grades: Record<Grade, Exact>;
    forfeit: 'redistribute' | 'return';
  };
  score: {
    weights: { quarterly: Exact; halfYear: Exact; commitments: Exact };
    gradeLines: { 优秀: Exact; 良好: Exact; 合格: Exact };
  };
  supervision: { days: number };
  /** Deposit (保证金) by canonical role name; empty turns deposits off. */
  deposit: Record<string, Fen>;
  approval: { required: string[] };
  notice: { days: number; phone: string; issuer: string };
  uplift: { weakVillage: Exact | null; inlandTown: Exact | null; inlandTowns: string[] } | null;
}

/** Where a record came from: Excel's own 1-based row number. */
export interface RowRef {
  file: string;
  sheet: string;
  row: number;
  /** Field name → the column letter and header as found in this sheet (shared by its rows). */
  columns?: Readonly<Record<string, { column: string; header: string }>>;
}

export interface VillageRecord {
  code: string;
  name: string;
  town: string;
  households: number;
  weak: boolean;
  src: RowRef;
}

export interface CadreRecord {
  /** 18-character ID number (身份证号), upper-case X. */
  idNumber: string;
  name: string;
  villageCode: string;
  /** Canonical role name: a subsidized role of the policy or one of its unpaid roles. */
  role: string;
  /** Whole months served, 1–12. */
  months: number;
  /** 拟定比例 when given. */
  ratio: Exact | null;
  /** 个人加减分 when given. */
  adjustment: Exact | null;
  bank: string;
  account: string;
  /** 暂停发放 reason, '' when not held. */
  hold: string;
  remark: string;
  /** Input order across the run (0-based): files as given, then rows as listed. */
  seq: number;
  src: RowRef;
}

export type CommitmentStatusText = '已完成' | '进行中' | '未完成';
export type InspectionResult = '合格' | '不合格';

export interface CommitmentRecord {
  villageCode: string;
  itemNo: string;
  content: string;
  category: string;
  due: IsoDate;
  responsible: string;
  status: CommitmentStatusText;
  result: InspectionResult | null;
  inspected: IsoDate | null;
  satisfaction: Exact | null;
  src: RowRef;
}

export type Period = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'H1' | 'H2';

export interface ScoreRecord {
  villageCode: string;
  period: Period;
  score: Exact;
  src: RowRef;
}

/** Everything one run reads: the typed records the workbook reader produces. */
export interface RunInput {
  villages: VillageRecord[];
  cadres: CadreRecord[];
  commitments: CommitmentRecord[];
  scores: ScoreRecord[];
}

/** A sanction recorded in last year's roster (for 动员辞职), by ID number. */
export type PreviousSanctions = ReadonlySet<string>;
