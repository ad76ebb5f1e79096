/**
 * The 校验 sheet (spec/outputs.md): what a workbook was made from and, for a roster, its
 * digest and approvals. Written by `subsidy`, read and rewritten by `approve`, read by
 * `payout`. People read it too, so every key has a Chinese label, and the reader finds
 * rows by those labels, never by fixed row numbers.
 */
import type ExcelJS from 'exceljs';
import { POLICY_RECORD_CAPTION, POLICY_RECORD_HEADERS } from '../../decide/policy-record.js';
import { readSheetTexts } from './sheet-texts.js';
import { type Column, cellText, SheetBuilder } from './style.js';

/**
 * One department's approval of one roster digest (spec/approvals.md). `at`: ISO with
 * offset, e.g. 2013-01-20T09:30:00+08:00. A signed approval has the signer's key
 * fingerprint, public key (base64 SPKI DER) and signature (base64); an unsigned one has ''.
 */
export interface Approval {
  dept: string;
  by: string;
  at: string;
  digest: string;
  key: string;
  publicKey: string;
  signature: string;
}

/**
 * One issued payout batch, recorded in the roster's 校验 › 发放记录 (spec/banks.md): the
 * roster is the register that travels with the money.
 */
export interface IssueRecord {
  batch: 'base' | 'reward' | 'all';
  batchId: string;
  /** 1 for the first issue, 2… for reissues. */
  issue: number;
  /** ISO with offset. */
  at: string;
  /** The files' names (no folder). */
  files: string[];
  count: number;
  totalFen: number;
  signed: boolean;
  /** Why it was issued again ('' for the first issue). */
  reason: string;
}

export interface Manifest {
  kind: 'roster' | 'notice' | 'ledger' | 'payout' | 'diff' | 'explain' | 'compare';
  toolVersion: string;
  policyId: string;
  policySha256: string;
  policyTitle: string;
  city: string;
  year: number;
  inputs: { name: string; sha256: string }[];
  asOf: string;
  provisional: boolean;
  fingerprint: string;
  /** When the run made the file: ISO with offset ('' in a file of an older version). */
  runAt: string;
  /** '' when not given. */
  preparedBy: string;
  /** '' for non-roster outputs. */
  rosterDigest: string;
  approvals: Approval[];
  /**
   * Rosters: the 政策参数 table (label, JSON value, words; decide/policy-record.ts), what
   * diff and explain need of the policy. Absent in other outputs and in older rosters.
   */
  policyParams?: string[][];
  /** Payout batches issued from this roster (rosters only; absent or empty: none). */
  issues?: IssueRecord[];
}

export const MANIFEST_SHEET = '校验';

const KIND_LABEL: Record<Manifest['kind'], string> = {
  roster: '审批花名册',
  notice: '公示表',
  ledger: '督办通知单',
  payout: '银行代发',
  diff: '花名册变动',
  explain: '补贴说明单',
  compare: '政策测算',
};

/** The key/value rows: label, field, and a note for the person reading it. */
const LABELS = {
  toolVersion: '工具版本',
  kind: '文件类型',
  policyId: '政策编号',
  policyTitle: '政策名称',
  policySha256: '政策SHA-256',
  city: '城市',
  year: '年度',
  asOf: '截止日期',
  provisional: '是否预计',
  fingerprint: '运行指纹',
  runAt: '生成时间',
  rosterDigest: '花名册摘要',
  preparedBy: '制表人',
} as const;

const INPUT_HEADERS = ['文件名', 'SHA-256'] as const;
/** 审批记录 (spec/approvals.md): the first three columns are fixed, then digest, key fingerprint, public key, signature. */
export const APPROVAL_HEADERS = [
  '审批部门',
  '审批人',
  '审批时间',
  '花名册摘要',
  '密钥指纹',
  '公钥',
  '签名',
] as const;
const ISSUE_HEADERS = [
  '批次类型',
  '批次号',
  '发放次数',
  '发放时间',
  '文件',
  '笔数',
  '总金额（分）',
  '签名',
  '重发原因',
] as const;
const FILE_SEPARATOR = '；';
/** The columns of 校验 the reader looks at (the widest of its tables). */
const MANIFEST_COLUMNS = Math.max(APPROVAL_HEADERS.length, ISSUE_HEADERS.length);

const KV_COLUMNS: Column[] = [
  { header: '项目', kind: 'text' },
  { header: '内容', kind: 'code', align: 'left' },
  { header: '说明', kind: 'text', maxWidth: 40 },
];

function notes(m: Manifest): Record<keyof typeof LABELS, string> {
  return {
    toolVersion: 'cadre-calc',
    kind: KIND_LABEL[m.kind],
    policyId: '',
    policyTitle: '',
    policySha256: '政策文件规范化内容的SHA-256',
    city: '',
    year: '',
    asOf: '计算所依据的日期',
    provisional: m.provisional ? '截止日期早于年末：金额为预计数，不能据此发放' : '年终结果',
    fingerprint: '政策与全部输入文件的SHA-256',
    runAt: '',
    rosterDigest:
      m.kind === 'roster'
        ? '花名册各行（身份证号、姓名、村代码、镇街、职务、比例、月数、发放、基本补贴、奖励补贴、应发合计、开户行、卡号、暂停发放）的行摘要（隐藏表“行摘要”）与本表城市、年度、政策、截止日期、是否预计、制表人、生成时间、运行指纹的SHA-256；审批以部门密钥签名'
        : '',
    preparedBy: m.kind === 'roster' ? '制表人不得审批本花名册' : '',
  };
}

/** The 校验 sheet's content: its title and three tables (key/value rows, 输入文件, 审批记录). */
export interface ManifestContent {
  title: string;
  tables: { caption: string; columns: Column[]; rows: string[][] }[];
}

/** What the 校验 sheet holds, for every writer of it (exceljs here, xlsx-fast for rosters and notices). */
export function manifestContent(m: Manifest): ManifestContent {
  const note = notes(m);
  const value = (k: keyof typeof LABELS): string => {
    switch (k) {
      case 'kind':
        return m.kind;
      case 'year':
        return String(m.year);
      case 'provisional':
        return m.provisional ? '是' : '否';
      default:
        return m[k];
    }
  };
  return {
    title: `校验信息（${KIND_LABEL[m.kind]}，由 cadre-calc 生成，请勿修改）`,
    tables: [
      {
        caption: '',
        columns: KV_COLUMNS,
        rows: (Object.keys(LABELS) as (keyof typeof LABELS)[]).map((k) => [LABELS[k], value(k), note[k]]),
      },
      {
        caption: '输入文件',
        columns: INPUT_HEADERS.map((header) => ({ header, kind: 'code' as const })),
        rows: m.inputs.map((i) => [i.name, i.sha256]),
      },
      {
        caption: '审批记录',
        columns: APPROVAL_HEADERS.map((header) => ({ header, kind: 'code' as const })),
        rows: m.approvals.map((a) => [a.dept, a.by, a.at, a.digest, a.key, a.publicKey, a.signature]),
      },
      ...(m.policyParams?.length
        ? [
            {
              caption: POLICY_RECORD_CAPTION,
              columns: POLICY_RECORD_HEADERS.map((header, i) =>
                i === 2 ? { header, kind: 'text' as const, maxWidth: 40 } : { header, kind: 'code' as const },
              ),
              rows: m.policyParams,
            },
          ]
        : []),
      // Only once a batch was issued: a roster as subsidy wrote it keeps its bytes.
      ...(m.issues?.length
        ? [
            {
              caption: '发放记录',
              columns: ISSUE_HEADERS.map((header) => ({ header, kind: 'code' as const, maxWidth: 40 })),
              rows: m.issues.map((x) => [
                x.batch,
                x.batchId,
                String(x.issue),
                x.at,
                x.files.join(FILE_SEPARATOR),
                String(x.count),
                String(x.totalFen),
                x.signed ? '是' : '否',
                x.reason,
              ]),
            },
          ]
        : []),
    ],
  };
}

/** What drawManifest needs of a sheet: SheetBuilder (exceljs) and FastSheet (xlsx-fast) both have it. */
export interface ManifestCanvas {
  title(text: string): void;
  blank(): void;
  note(text: string, opts: { bold: boolean }): void;
  table(columns: Column[], rows: string[][]): unknown;
}

/** The 校验 sheet's title and tables, drawn on either writer's sheet (its finish() is the caller's). */
export function drawManifest(sheet: ManifestCanvas, m: Manifest): void {
  const content = manifestContent(m);
  sheet.title(content.title);
  content.tables.forEach((t, i) => {
    if (i > 0) sheet.blank();
    if (t.caption) sheet.note(t.caption, { bold: true });
    sheet.table(t.columns, t.rows);
  });
}

/**
 * Adds the sheet 校验 to `wb` (replacing an existing one in the same place, so `approve`
 * can rewrite it): a title row, key/value rows with Chinese labels, the table 输入文件
 * (文件名, SHA-256) and the table 审批记录 (审批部门, 审批人, 审批时间, 花名册摘要).
 * Hashes are lower-case hex, each alone in its cell, written as text.
 */
export function writeManifestSheet(wb: ExcelJS.Workbook, m: Manifest, _lang: 'zh' = 'zh'): ExcelJS.Worksheet {
  // exceljs orders sheets by a runtime `orderNo` its typings do not declare.
  type Ordered = { orderNo?: number };
  const old = wb.getWorksheet(MANIFEST_SHEET);
  const orderNo = old ? (old as unknown as Ordered).orderNo : undefined;
  if (old) wb.removeWorksheet(old.id);
  const sb = new SheetBuilder(wb, MANIFEST_SHEET);
  if (orderNo !== undefined) (sb.ws as unknown as Ordered).orderNo = orderNo;
  drawManifest(sb, m);
  return sb.finish();
}

const KINDS = new Set<string>(Object.keys(KIND_LABEL));

/**
 * Reads the 校验 sheet back; null when the workbook has none or it is not ours (a label
 * missing, an unknown 文件类型, a year or 是否预计 that is not what the writer puts there).
 */
export function readManifestSheet(wb: ExcelJS.Workbook): Manifest | null {
  const ws = wb.getWorksheet(MANIFEST_SHEET);
  if (!ws) return null;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const cells: string[] = [];
    for (let c = 1; c <= MANIFEST_COLUMNS; c++) cells.push(cellText(row.getCell(c).value));
    rows[r] = cells;
  });
  return manifestFromRows(rows);
}

/** The manifest in a 校验 sheet read as rows of text with 1-based cells (rows[r][c], as the lean reader gives them). */
export function manifestFromSheetRows(
  rows: readonly (readonly (string | undefined)[] | undefined)[],
): Manifest | null {
  return manifestFromRows(
    rows.map((row) => (row ? Array.from({ length: MANIFEST_COLUMNS }, (_, i) => row[i + 1] ?? '') : row)),
  );
}

/**
 * The manifest in the text of the 校验 sheet's rows (rows[r] = its first four cells, r the
 * Excel row; missing rows are holes): null when it is not ours, as readManifestSheet says.
 */
export function manifestFromRows(rows: readonly (readonly string[] | undefined)[]): Manifest | null {
  const kv = new Map<string, string>();
  for (const r of rows) if (r?.[0] && !kv.has(r[0])) kv.set(r[0], r[1] ?? '');
  const get = (k: keyof typeof LABELS): string | undefined => kv.get(LABELS[k]);
  for (const k of Object.keys(LABELS) as (keyof typeof LABELS)[])
    if (get(k) === undefined && k !== 'runAt') return null;

  const kind = get('kind') as string;
  const yearText = get('year') as string;
  const prov = get('provisional');
  if (!KINDS.has(kind) || !/^\d{4}$/.test(yearText) || (prov !== '是' && prov !== '否')) return null;

  const table = (headers: readonly string[]): (readonly string[])[] | null => {
    const at = rows.findIndex((r) => r !== undefined && headers.every((h, i) => r[i] === h));
    if (at < 0) return null;
    const out: (readonly string[])[] = [];
    for (let r = at + 1; r < rows.length; r++) {
      const cells = rows[r];
      if (!cells?.[0]) break;
      out.push(cells);
    }
    return out;
  };
  const inputs = table(INPUT_HEADERS);
  const approvals = table(APPROVAL_HEADERS);
  if (!inputs || !approvals) return null;
  const params = table(POLICY_RECORD_HEADERS);
  const issues = (table(ISSUE_HEADERS) ?? []).map(
    (r): IssueRecord => ({
      batch: (r[0] ?? '') as IssueRecord['batch'],
      batchId: r[1] ?? '',
      issue: Number(r[2] ?? 0),
      at: r[3] ?? '',
      files: (r[4] ?? '').split(FILE_SEPARATOR).filter(Boolean),
      count: Number(r[5] ?? 0),
      totalFen: Number(r[6] ?? 0),
      signed: r[7] === '是',
      reason: r[8] ?? '',
    }),
  );

  return {
    kind: kind as Manifest['kind'],
    toolVersion: get('toolVersion') as string,
    policyId: get('policyId') as string,
    policySha256: get('policySha256') as string,
    policyTitle: get('policyTitle') as string,
    city: get('city') as string,
    year: Number(yearText),
    inputs: inputs.map((r) => ({ name: r[0] ?? '', sha256: r[1] ?? '' })),
    asOf: get('asOf') as string,
    provisional: prov === '是',
    fingerprint: get('fingerprint') as string,
    runAt: get('runAt') ?? '',
    preparedBy: get('preparedBy') as string,
    rosterDigest: get('rosterDigest') as string,
    approvals: approvals.map((r) => ({
      dept: r[0] ?? '',
      by: r[1] ?? '',
      at: r[2] ?? '',
      digest: r[3] ?? '',
      key: r[4] ?? '',
      publicKey: r[5] ?? '',
      signature: r[6] ?? '',
    })),
    ...(params ? { policyParams: params.map((r) => [r[0] ?? '', r[1] ?? '', r[2] ?? '']) } : {}),
    // absent when none: a manifest with no payout reads back as it was written
    ...(issues.length ? { issues } : {}),
  };
}

/** The 校验 of a workbook file, read alone (streamed); null when it has none or cannot be read. */
export async function readManifestFile(path: string): Promise<Manifest | null> {
  const read = await readSheetTexts(path, [MANIFEST_SHEET]);
  if ('code' in read) return null;
  const rows = read.sheets.get(MANIFEST_SHEET);
  return rows ? manifestFromSheetRows(rows) : null;
}
