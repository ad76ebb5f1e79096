/**
 * A roster read for diff and explain: the 花名册 rows with every column (by header name,
 * never by position), the tables of 汇总, 计算明细 and 践诺奖惩, the 校验 manifest and the
 * policy parameters recorded in it. One streamed pass of the roster reader
 * (readRosterLean): no sheet is held whole, and rows of people not wanted (explain) are
 * dropped as they are read.
 */
import type ExcelJS from 'exceljs';
import { policyFromRecord } from '../../../decide/policy-record.js';
import type {
  DepositLine,
  DetailLine,
  PoolLine,
  RosterBook,
  RosterLine,
  TownLine,
} from '../../../decide/types.js';
import { EXIT, ExitError } from '../../../errors.js';
import { Exact } from '../../../rules/exact.js';
import type { Finding } from '../../../rules/findings.js';
import { MANIFEST_SHEET } from '../manifest.js';
import { cellText } from '../style.js';
import { readRosterLean } from './read.js';
import {
  DEPOSIT_HEADERS,
  DETAIL_HEADERS,
  ROSTER_SHEETS,
  SUMMARY_POOL_HEADERS,
  SUMMARY_TOWN_HEADERS,
} from './writer.js';

type Cell = ExcelJS.CellValue;
type Get = (header: string) => Cell;

/** A number cell (or its text) as an exact decimal; null when empty or not a number. */
function exactOf(v: Cell): Exact | null {
  const raw =
    typeof v === 'number'
      ? v
      : v !== null && typeof v === 'object' && 'result' in v && typeof v.result === 'number'
        ? v.result
        : null;
  if (raw !== null) return Number.isFinite(raw) ? Exact.fromNumber(raw) : null;
  const t = cellText(v).replace(/[,，\s]/g, '');
  return t === '' ? null : Exact.tryParse(t);
}

/** Reads cells of one row by header into values, collecting what is not what the writer writes. */
class Cells {
  bad: string[] = [];
  constructor(private readonly get: Get) {}
  text(h: string): string {
    return cellText(this.get(h)).trim();
  }
  /** An exact decimal as its shortest text ('' when empty). */
  dec(h: string): string {
    const x = exactOf(this.get(h));
    if (x === null && this.text(h) !== '') this.bad.push(h);
    return x === null ? '' : x.toString();
  }
  /** Yuan → whole fen (0 when empty). */
  fen(h: string): number {
    const x = exactOf(this.get(h));
    if (x === null) {
      if (this.text(h) !== '') this.bad.push(h);
      return 0;
    }
    const f = x.mul(Exact.HUNDRED);
    if (!f.isInteger() || !Number.isSafeInteger(Number(f.n))) {
      this.bad.push(h);
      return 0;
    }
    return Number(f.n);
  }
  int(h: string): number {
    const x = exactOf(this.get(h));
    if (x === null || !x.isInteger()) {
      if (this.text(h) !== '') this.bad.push(h);
      return 0;
    }
    return Number(x.n);
  }
}

/**
 * The tables of one sheet as they stream by: a table starts at the row whose first cell is
 * its first header (every other header found in that row by name) and ends at an empty
 * first cell; a 合计 row ends it too and is handed over only when `withTotal`.
 */
class SheetTables {
  private current: { headers: Map<string, number>; spec: TableSpec } | null = null;
  private readonly done = new Set<TableSpec>();
  constructor(private readonly specs: TableSpec[]) {}

  private last = 0;

  /** Excel row r (rising) with its values by column; a row skipped (not in the file) is an empty one. */
  row(r: number, values: readonly Cell[]): void {
    const gap = r > this.last + 1;
    this.last = r;
    if (this.current && gap) {
      this.done.add(this.current.spec);
      this.current = null;
    }
    const first = cellText(values[1] ?? null).trim();
    if (this.current) {
      const { headers, spec } = this.current;
      if (first === '' || first === '合计') {
        this.current = null;
        this.done.add(spec);
        if (first === '合计' && spec.withTotal)
          spec.onRow((h) => values[headers.get(h) ?? 0] ?? null, true, r);
        return;
      }
      spec.onRow((h) => values[headers.get(h) ?? 0] ?? null, false, r);
      return;
    }
    const spec = this.specs.find((s) => !this.done.has(s) && s.headers[0] === first);
    if (!spec) return;
    const headers = new Map<string, number>();
    values.forEach((v, c) => {
      const t = cellText(v ?? null).trim();
      if (t && !headers.has(t)) headers.set(t, c);
    });
    if (spec.headers.every((h) => headers.has(h))) this.current = { headers, spec };
  }

  /** The specs whose header row never came. */
  missing(): TableSpec[] {
    return this.specs.filter((s) => !this.done.has(s) && this.current?.spec !== s);
  }
}

interface TableSpec {
  sheet: string;
  headers: readonly string[];
  withTotal?: boolean;
  onRow: (get: Get, total: boolean, row: number) => void;
}

/**
 * Whether a recorded approval carries a signature. The 审批记录 of this version has none;
 * signed approvals (approvals.md, issue 17) add the signer's key and signature, which
 * approve and payout verify.
 */
function hasSignature(a: object): boolean {
  const s = (a as { signature?: unknown }).signature;
  return typeof s === 'string' && s !== '';
}

export interface RosterBookOptions {
  /** Keep only the 花名册 rows (and their chain and deposits) this says yes to; all when absent. */
  want?: (idNumber: string, role: string) => boolean;
  /** Read 计算明细 (explain). */
  details?: boolean;
}

function finding(code: string, file: string, sheet: string, more: Partial<Finding> = {}): Finding {
  return { level: 'error', code, file, sheet, row: 0, column: '', header: '', value: '', ...more };
}

/**
 * Reads a roster written by subsidy for diff and explain. A file that cannot be read is
 * exit 4 (the roster reader's findings); one that is not a roster written by subsidy (no
 * 花名册 or 校验 of a roster, a header or a table missing, a cell that is not what the writer
 * puts there) is exit 1 with its findings.
 */
export async function readRosterBook(file: string, opts: RosterBookOptions = {}): Promise<RosterBook> {
  const rows: RosterLine[] = [];
  const details: DetailLine[] = [];
  const pools: PoolLine[] = [];
  const towns: TownLine[] = [];
  const deposits: DepositLine[] = [];
  const findings: Finding[] = [];
  const serials = new Set<number>();
  const bad = (sheet: string, cells: Cells, row: number): void => {
    for (const h of cells.bad)
      findings.push(finding('roster_cell_invalid', file, sheet, { row, header: h, value: cells.text(h) }));
  };
  const want = opts.want;

  const specs: TableSpec[] = [
    {
      sheet: ROSTER_SHEETS.summary,
      headers: SUMMARY_TOWN_HEADERS,
      withTotal: true,
      onRow: (get, total, row) => {
        const c = new Cells(get);
        towns.push({
          town: total ? '合计' : c.text('镇街'),
          villages: c.int('村数'),
          cadres: c.int('干部数'),
          paid: c.int('计发人数'),
          totalFen: c.fen('补贴总额'),
          baseFen: c.fen('基本补贴'),
          shareFen: c.fen('奖励提取'),
          rewardFen: c.fen('奖励补贴'),
          payableFen: c.fen('应发合计'),
        });
        bad(ROSTER_SHEETS.summary, c, row);
      },
    },
    {
      sheet: ROSTER_SHEETS.summary,
      headers: SUMMARY_POOL_HEADERS,
      onRow: (get, _total, row) => {
        const c = new Cells(get);
        pools.push({
          scope: c.text('奖励池范围'),
          poolFen: c.fen('奖励池'),
          points: c.dec('积分合计'),
          valuePerPoint: c.dec('分值（元/分）'),
          allocatedFen: c.fen('已分配'),
          remainderFen: c.fen('结余'),
          note: c.text('说明'),
        });
        bad(ROSTER_SHEETS.summary, c, row);
      },
    },
    {
      sheet: ROSTER_SHEETS.deposits,
      headers: DEPOSIT_HEADERS,
      onRow: (get, _total, row) => {
        const c = new Cells(get);
        const idNumber = c.text('身份证号');
        const role = c.text('职务');
        if (want && !want(idNumber, role)) return;
        deposits.push({
          town: c.text('镇街'),
          villageCode: c.text('村代码'),
          idNumber,
          role,
          depositFen: c.fen('保证金'),
          forfeitFen: c.fen('扣发'),
          refundFen: c.fen('退还'),
          sanction: c.text('处理'),
          unkept: c.text('未兑现/考核'),
          items: c.text('未兑现事项'),
        });
        bad(ROSTER_SHEETS.deposits, c, row);
      },
    },
  ];
  if (opts.details) {
    specs.push({
      sheet: ROSTER_SHEETS.detail,
      headers: DETAIL_HEADERS,
      onRow: (get, _total, row) => {
        const c = new Cells(get);
        const serial = c.int('序号');
        if (want && !serials.has(serial)) return;
        details.push({
          serial,
          name: c.text('姓名'),
          role: c.text('职务'),
          households: c.int('户数'),
          bandFen: c.fen('档次标准'),
          uplift: c.text('上浮系数'),
          standardFen: c.fen('补贴标准'),
          ratio: c.dec('比例'),
          months: c.int('任职月数'),
          totalFen: c.fen('补贴总额'),
          shareFen: c.fen('奖励提取'),
          baseFen: c.fen('基本补贴'),
          quarterly: c.dec('季度考核Q'),
          halfYear: c.dec('半年考核H'),
          commitments: c.dec('承诺兑现C'),
          villageScore: c.dec('村综合得分'),
          adjustment: c.dec('个人加减分'),
          score: c.dec('综合得分'),
          grade: c.text('等次'),
          points: c.dec('积分'),
          ideal: c.dec('理论奖励'),
          bonus: c.dec('尾差调整'),
          rewardFen: c.fen('奖励补贴'),
          payableFen: c.fen('应发合计'),
          note: c.text('说明'),
        });
        bad(ROSTER_SHEETS.detail, c, row);
      },
    });
  }
  const bySheet = new Map<string, SheetTables>();
  for (const s of new Set(specs.map((x) => x.sheet)))
    bySheet.set(s, new SheetTables(specs.filter((x) => x.sheet === s)));

  const read = await readRosterLean(file, {
    onRow: (r, get) => {
      const c = new Cells(get as Get);
      const serial = c.int('序号');
      if (want && !want(r.idNumber, r.role)) return;
      serials.add(serial);
      rows.push({
        serial,
        excelRow: r.row,
        town: r.town,
        villageCode: r.villageCode,
        villageName: c.text('村名'),
        households: c.int('户数'),
        standardFen: c.fen('补贴标准'),
        role: r.role,
        name: r.name,
        idNumber: r.idNumber,
        months: r.months,
        ratio: c.dec('比例'),
        paid: r.paid,
        totalFen: r.totalFen,
        baseFen: r.baseFen,
        shareFen: r.shareFen,
        score: c.dec('综合得分'),
        grade: c.text('等次'),
        rewardFen: r.rewardFen,
        payableFen: r.payableFen,
        bank: r.bank,
        account: r.account,
        hold: r.hold,
        remark: c.text('备注'),
      });
      bad(ROSTER_SHEETS.roster, c, r.row);
    },
    more: {
      sheets: [...bySheet.keys()],
      onRow: (sheet, r, values) => bySheet.get(sheet)?.row(r, values),
    },
  });
  findings.unshift(...read.findings);
  const m = read.manifest;
  if (m?.kind !== 'roster') findings.push(finding('roster_not_roster', file, MANIFEST_SHEET));
  for (const t of bySheet.values())
    for (const s of t.missing())
      findings.push(
        finding('roster_table_missing', file, s.sheet, {
          header: s.headers[0] ?? '',
          value: s.headers[0] ?? '',
        }),
      );
  if (findings.some((f) => f.level === 'error')) throw new ExitError(EXIT.inputErrors, findings);
  const manifest = m as NonNullable<typeof m>;
  return {
    file,
    city: manifest.city,
    year: manifest.year,
    asOf: manifest.asOf,
    provisional: read.provisional,
    policyId: manifest.policyId,
    policySha256: manifest.policySha256,
    digest: manifest.rosterDigest,
    rowsDigest: want ? '' : read.digests.digest,
    approvals: manifest.approvals.map((a) => ({ dept: a.dept, by: a.by, at: a.at, digest: a.digest })),
    signed: manifest.approvals.length > 0 && manifest.approvals.every(hasSignature),
    policy: policyFromRecord(manifest.policyParams),
    rows,
    details,
    pools,
    towns,
    deposits,
  };
}
