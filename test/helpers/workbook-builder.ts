/**
 * Builds input workbooks in the format of spec/workbook.md from plain row objects, with
 * the quirks real town workbooks carry (title rows, merged town cells, header variants,
 * numbers as text, dates in every form, the 1904 date system, rich text, formulas with
 * cached results, hyperlinks, blank rows). Written with exceljs to a real .xlsx file.
 *
 *   await writeWorkbook(file, sampleData(), { titleRow: true, dates: 'mixed' });
 *
 * A value written exactly as given (no quirk applied) is wrapped: `raw('2012-02-30')`.
 * ID and card numbers for fixtures come from `makeId` / `makeCard`, which compute their
 * check characters here, independently of src/.
 */
import ExcelJS from 'exceljs';

export type SheetKind = 'villages' | 'cadres' | 'commitments' | 'scores';

/** What a cell may hold: plain values, or any exceljs value (formula, rich text, error …). */
export type Cell = string | number | boolean | Date | null | undefined | ExcelJS.CellValue | Raw;

const RAW = Symbol('raw');
export interface Raw {
  [RAW]: ExcelJS.CellValue;
}
/** A value written exactly as given: no quirk (text numbers, date forms …) is applied to it. */
export function raw(v: ExcelJS.CellValue): Raw {
  return { [RAW]: v };
}
function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && RAW in v;
}

export interface VillageRow {
  code: Cell;
  name: Cell;
  town: Cell;
  households: Cell;
  weak?: Cell;
}
export interface CadreRow {
  idNumber: Cell;
  name: Cell;
  villageCode: Cell;
  role: Cell;
  months?: Cell;
  ratio?: Cell;
  adjustment?: Cell;
  bank?: Cell;
  account?: Cell;
  hold?: Cell;
  remark?: Cell;
}
export interface CommitmentRow {
  villageCode: Cell;
  itemNo: Cell;
  content: Cell;
  category?: Cell;
  /** An ISO date 'YYYY-MM-DD' is written in the form the `dates` quirk says. */
  due: Cell;
  responsible?: Cell;
  status?: Cell;
  result?: Cell;
  inspected?: Cell;
  satisfaction?: Cell;
}
export interface ScoreRow {
  villageCode: Cell;
  period: Cell;
  score: Cell;
}

export interface WorkbookData {
  villages?: VillageRow[];
  cadres?: CadreRow[];
  commitments?: CommitmentRow[];
  scores?: ScoreRow[];
}

export interface Quirks {
  /** A title row merged across the table's width above the header. */
  titleRow?: boolean;
  /** A units row (单位：户、元) between the title and the header. */
  unitsRow?: boolean;
  /** A leading 序号 column (1, 2, 3 …). */
  serialColumn?: boolean;
  /** Headers spelled with aliases, inner spaces, line breaks, full-width characters, unit suffixes, English. */
  headerVariants?: boolean;
  /** Accepted alternative sheet names (村庄名单, 花名册, 目标承诺, 评分). */
  sheetAliases?: boolean;
  /** A town's name merged vertically over its villages' rows. */
  mergedTowns?: boolean;
  /** Numbers typed as text: 63户, full-width digits, "12", "0.9", "82.5". */
  numbersAsText?: boolean;
  /** Dates as date cells (default), Excel serial numbers, text forms, or a mix of all. */
  dates?: 'cell' | 'serial' | 'text' | 'mixed';
  /** The 1904 date system (dates and serials written in it). */
  date1904?: boolean;
  /** Text cells as rich text runs (part bold). */
  richText?: boolean;
  /** Numbers and some text as formulas with their cached result. */
  formulas?: boolean;
  /** Names and contents as hyperlink cells. */
  hyperlinks?: boolean;
  /** An empty row after every third data row. */
  blankRows?: boolean;
  /** ID numbers with a lower-case x, in full-width digits, or with spaces. */
  messyIds?: boolean;
  /** Names with inner spaces and lookalike middle dots (• ・). */
  messyNames?: boolean;
  /** 干部: a two-level header, 银行信息 merged over 开户行 and 银行卡号, the other headers merged down. */
  twoRowHeader?: boolean;
}

/** Every quirk at once. */
export const ALL_QUIRKS: Quirks = {
  titleRow: true,
  unitsRow: true,
  serialColumn: true,
  headerVariants: true,
  sheetAliases: true,
  mergedTowns: true,
  numbersAsText: true,
  dates: 'mixed',
  date1904: true,
  richText: true,
  formulas: true,
  hyperlinks: true,
  blankRows: true,
  messyIds: true,
  messyNames: true,
  twoRowHeader: true,
};

export interface ExtraOptions {
  /** Sheet names to use instead of the standard ones. */
  sheetNames?: Partial<Record<SheetKind, string>>;
  /** Header text per field (null leaves the column out). */
  headers?: Partial<Record<SheetKind, Record<string, string | null>>>;
  /** More sheets, each a grid of rows from row 1. */
  extraSheets?: { name: string; rows: Cell[][] }[];
}

// ---------------------------------------------------------------------------------------
// The format (spec/workbook.md), written here on its own so tests check src/ against it.

const FIELDS: Record<SheetKind, [string, string][]> = {
  villages: [
    ['code', '村代码'],
    ['name', '村名'],
    ['town', '镇街'],
    ['households', '户数'],
    ['weak', '经济薄弱村'],
  ],
  cadres: [
    ['idNumber', '身份证号'],
    ['name', '姓名'],
    ['villageCode', '村代码'],
    ['role', '职务'],
    ['months', '任职月数'],
    ['ratio', '拟定比例'],
    ['adjustment', '个人加减分'],
    ['bank', '开户行'],
    ['account', '银行卡号'],
    ['hold', '暂停发放'],
    ['remark', '备注'],
  ],
  commitments: [
    ['villageCode', '村代码'],
    ['itemNo', '编号'],
    ['content', '承诺内容'],
    ['category', '类别'],
    ['due', '完成时限'],
    ['responsible', '责任人'],
    ['status', '状态'],
    ['result', '验收结果'],
    ['inspected', '验收日期'],
    ['satisfaction', '满意度'],
  ],
  scores: [
    ['villageCode', '村代码'],
    ['period', '考核期'],
    ['score', '得分'],
  ],
};

const VARIANT_HEADERS: Record<SheetKind, Record<string, string>> = {
  villages: { code: '村 编码', name: '行政村', town: '乡\u3000镇', households: '户数（户）', weak: '薄弱村' },
  cadres: {
    idNumber: '公民身份\n号码',
    name: '姓 名',
    villageCode: 'Village_Code',
    role: '职位',
    months: '任职\n月数',
    ratio: '拟定比例（小数）',
    adjustment: '加减分',
    bank: '开户银行',
    account: ' 银行卡号 ',
    hold: '停发原因',
    remark: 'Remark',
  },
  commitments: {
    villageCode: '村代码',
    itemNo: '编\u3000号',
    content: '事项',
    category: 'CATEGORY',
    due: '截止日期',
    responsible: '责任人',
    status: '完成情况',
    result: '验收结果',
    inspected: '验收 日期',
    satisfaction: '满意度（分）',
  },
  scores: { villageCode: 'village code', period: '期间', score: '得分（分）' },
};

const SHEET_NAMES: Record<SheetKind, string> = {
  villages: '村庄',
  cadres: '干部',
  commitments: '承诺台账',
  scores: '考核评分',
};
const SHEET_ALIASES: Record<SheetKind, string> = {
  villages: '村庄名单',
  cadres: '花名册',
  commitments: '目标承诺',
  scores: '评分',
};
const ORDER: SheetKind[] = ['villages', 'cadres', 'commitments', 'scores'];

const TEXT_COLUMNS = new Set(['idNumber', 'account', 'code', 'villageCode', 'itemNo']);
const NUMERIC_FIELDS = new Set(['households', 'months', 'ratio', 'adjustment', 'satisfaction', 'score']);
const DATE_FIELDS = new Set(['due', 'inspected']);
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Excel row of data row `index` (0-based) when no blank rows are added. */
export function dataRow(index: number, quirks: Quirks = {}): number {
  return headerRow(quirks) + 1 + index;
}
export function headerRow(quirks: Quirks = {}): number {
  return 1 + (quirks.titleRow ? 1 : 0) + (quirks.unitsRow ? 1 : 0);
}
/** The column letter of a field in a sheet written by this builder. */
export function columnOf(kind: SheetKind, field: string, quirks: Quirks = {}): string {
  const i = FIELDS[kind].findIndex(([k]) => k === field);
  if (i < 0) throw new Error(`no field ${field} in ${kind}`);
  return String.fromCharCode(65 + i + (quirks.serialColumn ? 1 : 0));
}

// ---------------------------------------------------------------------------------------
// Quirks applied to one value

const FULL = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function serialOf(iso: string, date1904: boolean): number {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`not ISO: ${iso}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date1904 ? (ms - Date.UTC(1904, 0, 1)) / 86_400_000 : (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function dateForm(iso: string, form: number, quirks: Quirks): ExcelJS.CellValue {
  const m = ISO.exec(iso) as RegExpExecArray;
  const [y, mo, d] = [m[1], Number(m[2]), Number(m[3])];
  switch (form) {
    case 0:
      return new Date(`${iso}T00:00:00Z`);
    case 1:
      return serialOf(iso, Boolean(quirks.date1904));
    case 2:
      return `${y}/${mo}/${d}`;
    case 3:
      return `${y}.${mo}.${d}`;
    case 4:
      return `${y}年${mo}月${d}日`;
    default:
      return iso;
  }
}

function applyQuirks(kind: SheetKind, field: string, v: Cell, n: number, quirks: Quirks): ExcelJS.CellValue {
  if (isRaw(v)) return v[RAW];
  if (v === undefined || v === null) return null;
  if (DATE_FIELDS.has(field) && typeof v === 'string' && ISO.test(v)) {
    const mode = quirks.dates ?? 'cell';
    const form = mode === 'cell' ? 0 : mode === 'serial' ? 1 : mode === 'text' ? 2 + (n % 4) : n % 6;
    return dateForm(v, form, quirks);
  }
  if (typeof v === 'number' && NUMERIC_FIELDS.has(field)) {
    if (quirks.formulas && n % 3 === 0) return { formula: `${v}*1`, result: v } as ExcelJS.CellFormulaValue;
    if (quirks.numbersAsText && n % 3 === 1) return field === 'households' ? `${v}户` : String(v);
    if (quirks.numbersAsText && n % 3 === 2) return ` ${FULL(String(v))} `;
    return v;
  }
  if (typeof v === 'string') {
    if (quirks.messyIds && field === 'idNumber') {
      const forms = [v.toLowerCase(), FULL(v), `${v.slice(0, 6)} ${v.slice(6, 14)} ${v.slice(14)}`];
      return forms[n % 3] as string;
    }
    if (quirks.messyNames && field === 'name' && kind === 'cadres') {
      const dotted = v.replace(/·/g, n % 2 ? '•' : '・');
      return dotted === v ? `${v.slice(0, 1)} ${v.slice(1)}` : dotted;
    }
    if (
      quirks.hyperlinks &&
      (field === 'content' || (kind === 'villages' && field === 'name')) &&
      n % 2 === 0
    ) {
      return { text: v, hyperlink: `https://example.org/${n}` } as ExcelJS.CellHyperlinkValue;
    }
    if (quirks.formulas && kind === 'cadres' && field === 'bank' && n % 2 === 1) {
      return { formula: `TRIM("${v}")`, result: v } as ExcelJS.CellFormulaValue;
    }
    if (quirks.richText && !TEXT_COLUMNS.has(field) && v.length >= 2 && n % 2 === 1) {
      const cut = Math.ceil(v.length / 2);
      return {
        richText: [{ text: v.slice(0, cut), font: { bold: true } }, { text: v.slice(cut) }],
      } as ExcelJS.CellRichTextValue;
    }
  }
  return v as ExcelJS.CellValue;
}

// ---------------------------------------------------------------------------------------

/** Writes `data` as an input workbook at `file`. */
export async function writeWorkbook(
  file: string,
  data: WorkbookData,
  quirks: Quirks = {},
  extra: ExtraOptions = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'workbook-builder';
  wb.created = new Date(Date.UTC(2013, 0, 8));
  wb.modified = wb.created;
  if (quirks.date1904) wb.properties.date1904 = true;
  for (const kind of ORDER) {
    const rows = data[kind] as Record<string, Cell>[] | undefined;
    if (!rows) continue;
    const name = extra.sheetNames?.[kind] ?? (quirks.sheetAliases ? SHEET_ALIASES[kind] : SHEET_NAMES[kind]);
    const ws = wb.addWorksheet(name);
    const over = extra.headers?.[kind] ?? {};
    const fields = FIELDS[kind].filter(([k]) => over[k] !== null);
    const headers = fields.map(
      ([k, h]) => over[k] ?? (quirks.headerVariants ? (VARIANT_HEADERS[kind][k] ?? h) : h),
    );
    const lead = quirks.serialColumn ? 1 : 0;
    const width = fields.length + lead;
    let r = 1;
    if (quirks.titleRow) {
      ws.getCell(r, 1).value = `2012年某某镇村干部补贴${name}`;
      ws.mergeCells(r, 1, r, width);
      r++;
    }
    if (quirks.unitsRow) {
      ws.getCell(r, width).value = '单位：户、元';
      r++;
    }
    if (lead) ws.getCell(r, 1).value = '序号';
    const bankAt = fields.findIndex(([k]) => k === 'bank');
    const twoRows = Boolean(
      quirks.twoRowHeader && kind === 'cadres' && bankAt >= 0 && fields[bankAt + 1]?.[0] === 'account',
    );
    headers.forEach((h, i) => {
      const col = i + 1 + lead;
      if (twoRows && (i === bankAt || i === bankAt + 1)) ws.getCell(r + 1, col).value = h;
      else ws.getCell(r, col).value = h;
    });
    if (twoRows) {
      ws.getCell(r, bankAt + 1 + lead).value = '银行信息';
      ws.mergeCells(r, bankAt + 1 + lead, r, bankAt + 2 + lead);
      for (let col = 1; col <= width; col++) {
        if (col !== bankAt + 1 + lead && col !== bankAt + 2 + lead) ws.mergeCells(r, col, r + 1, col);
      }
      r++;
    }
    r++;
    fields.forEach(([k], i) => {
      if (TEXT_COLUMNS.has(k)) ws.getColumn(i + 1 + lead).numFmt = '@';
    });
    let mergeStart = -1;
    let mergeTown: unknown;
    const townCol = fields.findIndex(([k]) => k === 'town') + 1 + lead;
    const closeMerge = (end: number) => {
      if (mergeStart > 0 && end > mergeStart) ws.mergeCells(mergeStart, townCol, end, townCol);
    };
    rows.forEach((row, n) => {
      if (lead) ws.getCell(r, 1).value = n + 1;
      fields.forEach(([k], i) => {
        const v = row[k];
        const cell = ws.getCell(r, i + 1 + lead);
        if (kind === 'villages' && k === 'town' && quirks.mergedTowns && !isRaw(v)) {
          if (mergeStart > 0 && v === mergeTown) return; // covered by the merge
          closeMerge(r - 1);
          mergeStart = r;
          mergeTown = v;
        }
        cell.value = applyQuirks(kind, k, v, n, quirks);
        if (DATE_FIELDS.has(k) && cell.value instanceof Date)
          cell.numFmt = n % 2 ? 'yyyy"年"m"月"d"日"' : 'yyyy-mm-dd';
      });
      r++;
      if (quirks.blankRows && n % 3 === 2 && n < rows.length - 1) {
        if (kind === 'villages' && quirks.mergedTowns) {
          closeMerge(r - 1);
          mergeStart = -1;
        }
        r++;
      }
    });
    if (kind === 'villages' && quirks.mergedTowns) closeMerge(r - 1);
  }
  for (const s of extra.extraSheets ?? []) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, i) => {
      row.forEach((v, j) => {
        ws.getCell(i + 1, j + 1).value = isRaw(v) ? v[RAW] : (v as ExcelJS.CellValue);
      });
    });
  }
  await wb.xlsx.writeFile(file);
}

// ---------------------------------------------------------------------------------------
// Valid identifiers, computed here (GB 11643-1999 and Luhn), independent of src/.

/** An 18-character ID number with a correct check character. */
export function makeId(region: string, birth: string, seq: string): string {
  const body = `${region}${birth}${seq}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`bad ID body ${body}`);
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, d, i) => a + Number(d) * (w[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

/** A card number of `length` digits starting with `prefix`, with a valid Luhn digit. */
export function makeCard(prefix: string, length = 19): string {
  let body = prefix;
  let k = 0;
  while (body.length < length - 1) body += String((k++ * 7 + 3) % 10);
  for (let d = 0; d <= 9; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/**
 * A small, valid data set: 4 villages in 2 towns, 8 cadre rows (one combined post
 * 书记兼主任, one unpaid role, one transfer between villages adding up to 12 months),
 * commitments with every status, and scores of every period kind.
 */
export function sampleData(): WorkbookData {
  const id = (birth: string, seq: string) => makeId('371082', birth, seq);
  const ids = {
    a: id('19650412', '123'),
    b: id('19701102', '234'),
    c: id('19800229', '345'),
    d: id('19591231', '456'),
    e: id('19721015', '567'),
    f: id('19880808', '678'),
    g: id('19760301', '789'),
  };
  return {
    villages: [
      { code: '371082001001', name: '小庄村', town: '石岛管理区', households: 63, weak: '否' },
      { code: '371082001002', name: '南山村', town: '石岛管理区', households: 101, weak: '是' },
      { code: '371082002001', name: '西山村', town: '宁津街道', households: 233 },
      { code: '371082002002', name: '上庄村', town: '宁津街道', households: 5200, weak: '否' },
    ],
    cadres: [
      {
        idNumber: ids.a,
        name: '傅磊芳',
        villageCode: '371082001001',
        role: '书记',
        months: 12,
        bank: '农商银行',
        account: makeCard('62215914'),
      },
      {
        idNumber: ids.b,
        name: '汪伟杰',
        villageCode: '371082001001',
        role: '村委会主任',
        ratio: 0.85,
        bank: '邮储银行',
        account: makeCard('621799', 19),
      },
      {
        idNumber: ids.c,
        name: '魏胜志',
        villageCode: '371082001002',
        role: '书记兼主任',
        months: 12,
        adjustment: -2.5,
        bank: '工商银行',
        account: makeCard('622202', 19),
      },
      {
        idNumber: ids.d,
        name: '石松波',
        villageCode: '371082001002',
        role: '会计',
        months: 9,
        ratio: 0.7,
        adjustment: 3,
        bank: '信用社',
        account: makeCard('623058', 17),
      },
      {
        idNumber: ids.e,
        name: '康林军',
        villageCode: '371082002001',
        role: '党支部书记',
        months: 5,
        bank: '建设银行',
        account: makeCard('621700', 19),
        hold: '',
      },
      {
        idNumber: ids.e,
        name: '康林军',
        villageCode: '371082002002',
        role: '书记',
        months: 7,
        bank: '建设银行',
        account: makeCard('621700', 19),
      },
      {
        idNumber: ids.f,
        name: '阿依古丽·买买提',
        villageCode: '371082002002',
        role: '会计',
        bank: '农业银行',
        account: makeCard('622848', 19),
        hold: '审计未结束',
        remark: '待审计',
      },
      { idNumber: ids.g, name: '苏林', villageCode: '371082002001', role: '妇女主任', months: 12 },
    ],
    commitments: [
      {
        villageCode: '371082001001',
        itemNo: '01',
        content: '发展特色产业',
        category: '经济发展',
        due: '2012-03-31',
        responsible: '傅磊芳',
        status: '已完成',
        result: '合格',
        inspected: '2012-03-20',
        satisfaction: 92.5,
      },
      {
        villageCode: '371082001001',
        itemNo: '02',
        content: '修建村级道路',
        category: '党的建设',
        due: '2012-09-30',
        responsible: '傅磊芳',
        status: '未完成',
        result: '不合格',
        inspected: '2012-10-08',
      },
      {
        villageCode: '371082001002',
        itemNo: '01',
        content: '党员冬训',
        due: '2012-01-15',
        responsible: '魏胜志',
        status: '进行中',
      },
      {
        villageCode: '371082002001',
        itemNo: '1',
        content: '环境整治',
        category: '精神文明',
        due: '2012-12-31',
        responsible: '康林军',
      },
      {
        villageCode: '371082002002',
        itemNo: 'A-3',
        content: '调解矛盾纠纷',
        category: '社会治安综合治理',
        due: '2012-06-30',
        status: '已完成',
        satisfaction: 88,
      },
      {
        villageCode: '371082002002',
        itemNo: 'A-4',
        content: '清理集体资产',
        due: '2012-02-29',
        status: '已完成',
        result: '合格',
        inspected: '2012-02-28',
      },
    ],
    scores: [
      { villageCode: '371082001001', period: 'Q1', score: 82 },
      { villageCode: '371082001001', period: 'Q2', score: 83.5 },
      { villageCode: '371082001001', period: 'H1', score: 78.5 },
      { villageCode: '371082001002', period: '一季度', score: 90 },
      { villageCode: '371082001002', period: '上半年', score: 88.25 },
      { villageCode: '371082002001', period: 'H2', score: 61 },
      { villageCode: '371082002002', period: '下半年', score: 100 },
      { villageCode: '371082002002', period: 'q4', score: 0 },
    ],
  };
}
