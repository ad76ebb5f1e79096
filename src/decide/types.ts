/**
 * A roster as diff and explain see it: plain records of its sheets, read by the roster
 * reader (src/io), so the logic here needs no file. Money in fen; scores, ratios and
 * points as the decimal text the roster shows ('' when empty).
 */
import type { RecordedPolicy } from './policy-record.js';

/** One approval recorded in 校验 › 审批记录. */
export interface RecordedApproval {
  dept: string;
  by: string;
  at: string;
  digest: string;
}

/** One 花名册 row, every column by its header. */
export interface RosterLine {
  /** 序号 (the same number names the row in 计算明细). */
  serial: number;
  /** Excel row in 花名册. */
  excelRow: number;
  town: string;
  villageCode: string;
  villageName: string;
  households: number;
  standardFen: number;
  role: string;
  name: string;
  idNumber: string;
  months: number;
  /** '' for a role the policy does not subsidize. */
  ratio: string;
  paid: boolean;
  totalFen: number;
  baseFen: number;
  shareFen: number;
  score: string;
  grade: string;
  rewardFen: number;
  payableFen: number;
  bank: string;
  account: string;
  hold: string;
  remark: string;
}

/** One 计算明细 row (the chain), matched to its 花名册 row by 序号. */
export interface DetailLine {
  serial: number;
  name: string;
  role: string;
  households: number;
  bandFen: number;
  /** 上浮系数 as written, e.g. "1.1(薄弱村)×1.05(内陆镇)"; '' when none. */
  uplift: string;
  standardFen: number;
  ratio: string;
  months: number;
  totalFen: number;
  shareFen: number;
  baseFen: number;
  quarterly: string;
  halfYear: string;
  commitments: string;
  villageScore: string;
  adjustment: string;
  score: string;
  grade: string;
  points: string;
  /** 理论奖励 in yuan, 4 decimals. */
  ideal: string;
  /** 尾差调整 in yuan. */
  bonus: string;
  rewardFen: number;
  payableFen: number;
  /** 说明 */
  note: string;
}

/** One pool row of 汇总. */
export interface PoolLine {
  /** 全市 or the town. */
  scope: string;
  poolFen: number;
  points: string;
  valuePerPoint: string;
  allocatedFen: number;
  remainderFen: number;
  note: string;
}

/** One town row of 汇总 (or its 合计 row, town '合计'). */
export interface TownLine {
  town: string;
  villages: number;
  cadres: number;
  paid: number;
  totalFen: number;
  baseFen: number;
  shareFen: number;
  rewardFen: number;
  payableFen: number;
}

/** One 践诺奖惩 row. */
export interface DepositLine {
  town: string;
  villageCode: string;
  idNumber: string;
  role: string;
  depositFen: number;
  forfeitFen: number;
  refundFen: number;
  sanction: string;
  /** 未兑现/考核, e.g. "2/5". */
  unkept: string;
  items: string;
}

/** What diff and explain know of one roster file. */
export interface RosterBook {
  file: string;
  city: string;
  year: number;
  asOf: string;
  provisional: boolean;
  policyId: string;
  policySha256: string;
  /** The digest the 校验 sheet records. */
  digest: string;
  /** The digest of the 花名册 rows as they are now (differs from `digest` when edited). */
  rowsDigest: string;
  approvals: RecordedApproval[];
  /** Approvals in the roster that carry a signature (issue 17's 审批记录 columns); none before. */
  signed: boolean;
  policy: RecordedPolicy | null;
  rows: RosterLine[];
  details: DetailLine[];
  pools: PoolLine[];
  towns: TownLine[];
  deposits: DepositLine[];
}

/** The key a person's row is matched by across rosters (spec/decide.md: ID + village code + role). */
export function lineKey(r: Pick<RosterLine, 'idNumber' | 'villageCode' | 'role'>): string {
  return `${r.idNumber}\t${r.villageCode}\t${r.role}`;
}
