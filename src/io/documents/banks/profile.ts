/**
 * Bank profiles (spec/banks.md): each bank portal's upload format as data. A profile is a
 * YAML file checked strictly like the policy: unknown keys are errors and every error
 * names its key path and line. The built-in `generic` profile is today's xlsx layout
 * (银行代发-YEAR-BATCH-BANK.xlsx, outputs.md), used for a bank no profile matches.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { EXIT, ExitError, fileError } from '../../../errors.js';
import type { Finding } from '../../../rules/findings.js';
import { keyPath } from '../../policy/policy.js';

export const GENERIC_PROFILE_ID = 'generic';

export const FIELDS = ['seq', 'name', 'id_number', 'account', 'amount', 'memo', 'bank', 'constant'] as const;
export type Field = (typeof FIELDS)[number];
export const SUMMARY_FIELDS = [
  'count',
  'total',
  'total_upper',
  'batch',
  'date',
  'payer_account',
  'payer_name',
] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];
export const ENCODINGS = ['gb18030', 'gbk', 'utf-8', 'utf-8-bom'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface ProfileColumn {
  field: Field;
  /** '' when none given: the header line then shows the field's name. */
  title: string;
  /** amount only. */
  unit: 'yuan' | 'fen';
  /** memo (and any text field): the most characters (code points) allowed; null for no limit. */
  maxChars: number | null;
  /** constant only. */
  value: string;
}

export interface BankProfile {
  id: string;
  /** The YAML file it came from ('' for the built-in generic profile). */
  source: string;
  /** 开户行 spellings as written; `keys` are them normalised (NFKC, no spaces). */
  match: string[];
  keys: string[];
  format: 'xlsx' | 'text';
  encoding: Encoding;
  delimiter: string;
  lineEnd: '\r\n' | '\n';
  header: boolean;
  summary: SummaryField[] | null;
  columns: ProfileColumn[];
  fileName: string;
  sheet: string;
  payer: { name: string; account: string } | null;
}

/** The built-in profile: today's layout, written by bank-file.ts as it always was. */
export const GENERIC_PROFILE: BankProfile = {
  id: GENERIC_PROFILE_ID,
  source: '',
  match: [],
  keys: [],
  format: 'xlsx',
  encoding: 'utf-8',
  delimiter: '',
  lineEnd: '\r\n',
  header: true,
  summary: null,
  columns: [],
  fileName: '银行代发-{year}-{batch}-{bank}.xlsx',
  sheet: '代发明细',
  payer: null,
};

/** How a 开户行 spelling is compared with a profile's `match`: NFKC, every space removed. */
export function bankKey(bank: string): string {
  return bank.normalize('NFKC').replace(/\s+/gu, '');
}

// ---------------------------------------------------------------------------------------
// YAML → findings with key paths.

type Seg = string | number;

class Problems {
  readonly findings: Finding[] = [];
  constructor(
    private readonly file: string,
    private readonly lineOf: (node: Node | null | undefined) => number,
  ) {}
  add(code: string, path: Seg[], node: Node | null | undefined, params: Record<string, string> = {}): void {
    const value = isScalar(node) ? String(node.value ?? '') : '';
    this.findings.push({
      level: 'error',
      code,
      file: this.file,
      sheet: '',
      row: this.lineOf(node),
      column: keyPath(path),
      header: '',
      value,
      params: { path: keyPath(path), ...params },
    });
  }
}

const PROFILE_KEYS = [
  'id',
  'match',
  'format',
  'encoding',
  'delimiter',
  'line_end',
  'header',
  'summary',
  'columns',
  'file_name',
  'sheet',
  'payer',
] as const;
const COLUMN_KEYS = ['field', 'title', 'unit', 'max_chars', 'value'] as const;
const ID_FORM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const PLACEHOLDERS = new Set(['bank', 'year', 'batch', 'date', 'profile']);

function mapEntries(node: Node | null | undefined): Map<string, { key: Node; value: Node | null }> | null {
  if (!isMap(node)) return null;
  const out = new Map<string, { key: Node; value: Node | null }>();
  for (const pair of node.items) {
    const key = pair.key as Node;
    const k = isScalar(key) ? String(key.value) : String(key);
    out.set(k, { key, value: (pair.value as Node | null) ?? null });
  }
  return out;
}

/**
 * Parses one profile's text. Every problem is collected (none stops the others); a valid
 * profile comes back with no findings.
 */
export function parseProfileText(
  text: string,
  file: string,
): { profile: BankProfile | null; findings: Finding[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lc = new LineCounter();
  const doc = parseDocument(src, {
    schema: 'failsafe',
    lineCounter: lc,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const lineOf = (n: Node | null | undefined) => {
    const at = (n as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    return at === undefined ? 0 : lc.linePos(at).line;
  };
  const p = new Problems(file, lineOf);
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = lc.linePos(e.pos[0]).line;
      p.findings.push({
        level: 'error',
        code: 'bank_profile_yaml',
        file,
        sheet: '',
        row: line,
        column: '',
        header: '',
        value: (src.split(/\r?\n/)[line - 1] ?? '').trim(),
        params: { reason: e.message.split('\n')[0] ?? e.message, line, path: '' },
      });
    }
    return { profile: null, findings: p.findings };
  }
  const root = doc.contents as Node | null;
  const top = mapEntries(root);
  if (!top) {
    p.add('bank_profile_type', [], root, { expected: 'mapping' });
    return { profile: null, findings: p.findings };
  }
  for (const [k, { key }] of top) {
    if (!(PROFILE_KEYS as readonly string[]).includes(k))
      p.add('bank_profile_unknown_key', [k], key, { expected: PROFILE_KEYS.join(', ') });
  }
  const node = (k: string) => top.get(k)?.value ?? null;
  const scalar = (path: Seg[], n: Node | null, required: boolean): string | null => {
    if (n === null || (isScalar(n) && (n.value === null || n.value === ''))) {
      if (required) p.add('bank_profile_missing', path, n ?? top.get(String(path[0]))?.key ?? root);
      return null;
    }
    if (!isScalar(n)) {
      p.add('bank_profile_type', path, n, { expected: 'text' });
      return null;
    }
    return String(n.value);
  };
  const oneOf = <T extends string>(
    path: Seg[],
    n: Node | null,
    allowed: readonly T[],
    dflt: T | null,
  ): T | null => {
    const s = scalar(path, n, dflt === null);
    if (s === null) return dflt;
    if (!(allowed as readonly string[]).includes(s)) {
      p.add('bank_profile_enum', path, n, { expected: allowed.join(' | ') });
      return dflt;
    }
    return s as T;
  };

  const id = scalar(['id'], node('id'), true) ?? '';
  if (id && !ID_FORM.test(id))
    p.add('bank_profile_id', ['id'], node('id'), { expected: 'letters, digits, - _ .' });
  if (id === GENERIC_PROFILE_ID)
    p.add('bank_profile_id', ['id'], node('id'), { expected: `not ${GENERIC_PROFILE_ID}` });

  const match: string[] = [];
  const matchNode = node('match');
  if (!isSeq(matchNode) || matchNode.items.length === 0) {
    p.add(matchNode ? 'bank_profile_type' : 'bank_profile_missing', ['match'], matchNode ?? root, {
      expected: '[开户行, …]',
    });
  } else {
    matchNode.items.forEach((item, i) => {
      const s = scalar(['match', i], item as Node, true);
      if (s === null) return;
      if (!bankKey(s)) p.add('bank_profile_missing', ['match', i], item as Node);
      else if (match.some((m) => bankKey(m) === bankKey(s)))
        p.add('bank_profile_duplicate', ['match', i], item as Node);
      else match.push(s);
    });
  }

  const format = oneOf(['format'], node('format'), ['xlsx', 'text'] as const, null) ?? 'text';
  const textOnly = (k: string) => {
    if (format === 'xlsx' && top.has(k)) p.add('bank_profile_text_only', [k], top.get(k)?.key);
  };
  ['encoding', 'delimiter', 'line_end'].forEach(textOnly);
  if (format === 'text' && top.has('sheet'))
    p.add('bank_profile_xlsx_only', ['sheet'], top.get('sheet')?.key);

  const encoding =
    format === 'text' ? (oneOf(['encoding'], node('encoding'), ENCODINGS, null) ?? 'utf-8') : 'utf-8';
  let delimiter = '';
  if (format === 'text') {
    const d = scalar(['delimiter'], node('delimiter'), true) ?? ',';
    delimiter = d === '\\t' ? '\t' : d;
    if ([...delimiter].length !== 1 || /[\r\n"0-9A-Za-z.]/.test(delimiter))
      p.add('bank_profile_delimiter', ['delimiter'], node('delimiter'), { expected: '| , ; \\t' });
  }
  const lineEnd =
    format === 'text' ? oneOf(['line_end'], node('line_end'), ['crlf', 'lf'] as const, 'crlf') : 'crlf';
  const header = oneOf(['header'], node('header'), ['true', 'false'] as const, 'false') === 'true';

  let summary: SummaryField[] | null = null;
  const sumNode = node('summary');
  if (sumNode !== null) {
    const sm = mapEntries(sumNode);
    if (!sm) p.add('bank_profile_type', ['summary'], sumNode, { expected: 'mapping' });
    else {
      for (const [k, { key }] of sm)
        if (k !== 'fields') p.add('bank_profile_unknown_key', ['summary', k], key, { expected: 'fields' });
      const fields = sm.get('fields')?.value ?? null;
      if (!isSeq(fields) || fields.items.length === 0)
        p.add('bank_profile_missing', ['summary', 'fields'], fields ?? sumNode, {
          expected: '[count, total]',
        });
      else {
        summary = [];
        fields.items.forEach((item, i) => {
          const f = oneOf(['summary', 'fields', i], item as Node, SUMMARY_FIELDS, null);
          if (f) summary?.push(f);
        });
      }
    }
  }

  const columns: ProfileColumn[] = [];
  const colsNode = node('columns');
  if (!isSeq(colsNode) || colsNode.items.length === 0) {
    p.add(colsNode ? 'bank_profile_type' : 'bank_profile_missing', ['columns'], colsNode ?? root, {
      expected: '[{ field: account }, …]',
    });
  } else {
    colsNode.items.forEach((item, i) => {
      const cm = mapEntries(item as Node);
      if (!cm) {
        p.add('bank_profile_type', ['columns', i], item as Node, { expected: 'mapping' });
        return;
      }
      for (const [k, { key }] of cm)
        if (!(COLUMN_KEYS as readonly string[]).includes(k))
          p.add('bank_profile_unknown_key', ['columns', i, k], key, { expected: COLUMN_KEYS.join(', ') });
      const at = (k: string) => cm.get(k)?.value ?? null;
      const field = oneOf(['columns', i, 'field'], at('field'), FIELDS, null);
      const title = scalar(['columns', i, 'title'], at('title'), false) ?? '';
      const unit = oneOf(['columns', i, 'unit'], at('unit'), ['yuan', 'fen'] as const, 'yuan') ?? 'yuan';
      if (cm.has('unit') && field !== 'amount')
        p.add('bank_profile_column_key', ['columns', i, 'unit'], cm.get('unit')?.key, {
          expected: 'field: amount',
        });
      let maxChars: number | null = null;
      const mc = scalar(['columns', i, 'max_chars'], at('max_chars'), false);
      if (mc !== null) {
        if (!/^[1-9]\d{0,3}$/.test(mc))
          p.add('bank_profile_integer', ['columns', i, 'max_chars'], at('max_chars'), { expected: '1–9999' });
        else maxChars = Number(mc);
      }
      const value = scalar(['columns', i, 'value'], at('value'), false) ?? '';
      if (field === 'constant' && !cm.has('value'))
        p.add('bank_profile_missing', ['columns', i, 'value'], item as Node);
      if (field !== 'constant' && cm.has('value'))
        p.add('bank_profile_column_key', ['columns', i, 'value'], cm.get('value')?.key, {
          expected: 'field: constant',
        });
      if (field) columns.push({ field, title, unit, maxChars, value });
    });
    for (const need of ['account', 'amount'] as const) {
      if (columns.length && !columns.some((c) => c.field === need))
        p.add('bank_profile_column_needed', ['columns'], colsNode, { expected: need });
    }
    const amounts = columns.filter((c) => c.field === 'amount');
    if (amounts.length > 1)
      p.add('bank_profile_duplicate', ['columns'], colsNode, { expected: 'one amount' });
  }

  const fileName = scalar(['file_name'], node('file_name'), true) ?? '';
  if (fileName) {
    const bad = [...fileName.matchAll(/\{([^}]*)\}/g)].find((m) => !PLACEHOLDERS.has(m[1] ?? ''));
    const ext = format === 'xlsx' ? /\.xlsx$/i : /\.[A-Za-z0-9]{1,8}$/;
    if (bad || /[/\\]/.test(fileName) || !ext.test(fileName) || !fileName.includes('{batch}'))
      p.add('bank_profile_file_name', ['file_name'], node('file_name'), {
        expected: format === 'xlsx' ? '{bank}-{year}-{batch}.xlsx' : '{bank}-{year}-{batch}.txt',
      });
  }
  const sheet = format === 'xlsx' ? (scalar(['sheet'], node('sheet'), false) ?? '代发明细') : '';
  if (sheet && ([...sheet].length > 31 || /[[\]:*?/\\]/.test(sheet) || sheet === '控制信息'))
    p.add('bank_profile_sheet', ['sheet'], node('sheet'), { expected: '≤ 31 characters, not 控制信息' });

  let payer: BankProfile['payer'] = null;
  const payerNode = node('payer');
  if (payerNode !== null) {
    const pm = mapEntries(payerNode);
    if (!pm) p.add('bank_profile_type', ['payer'], payerNode, { expected: 'mapping' });
    else {
      for (const [k, { key }] of pm)
        if (k !== 'name' && k !== 'account')
          p.add('bank_profile_unknown_key', ['payer', k], key, { expected: 'name, account' });
      payer = {
        name: scalar(['payer', 'name'], pm.get('name')?.value ?? null, false) ?? '',
        account: scalar(['payer', 'account'], pm.get('account')?.value ?? null, false) ?? '',
      };
    }
  }
  const needsPayer = (summary ?? []).filter((f) => f === 'payer_account' || f === 'payer_name');
  for (const f of needsPayer) {
    if (!(f === 'payer_name' ? payer?.name : payer?.account))
      p.add('bank_profile_missing', ['payer', f === 'payer_name' ? 'name' : 'account'], payerNode ?? root);
  }

  if (p.findings.length) return { profile: null, findings: p.findings };
  return {
    profile: {
      id,
      source: file,
      match,
      keys: match.map(bankKey),
      format,
      encoding,
      delimiter,
      lineEnd: lineEnd === 'lf' ? '\n' : '\r\n',
      header,
      summary,
      columns,
      fileName,
      sheet,
      payer,
    },
    findings: [],
  };
}

/**
 * Every `*.yaml` / `*.yml` in `dir`, in name order; exit 1 with every finding of every
 * file when any is invalid, when two profiles share an id or when one 开户行 spelling is
 * matched by two profiles; exit 4 when the folder cannot be read.
 */
export async function loadProfiles(dir: string): Promise<BankProfile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fileError('file_missing', dir);
    throw fileError('file_unreadable', dir, { reason: code });
  }
  const findings: Finding[] = [];
  const profiles: BankProfile[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw fileError('file_unreadable', file, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      findings.push(...fileError('bank_profile_encoding', file).findings);
      continue;
    }
    const r = parseProfileText(text, file);
    findings.push(...r.findings);
    if (r.profile) profiles.push(r.profile);
  }
  if (!names.length) {
    findings.push({
      level: 'error',
      code: 'bank_profiles_none',
      file: dir,
      sheet: '',
      row: 0,
      column: '',
      header: '',
      value: '',
    });
  }
  const ids = new Map<string, BankProfile>();
  const keys = new Map<string, BankProfile>();
  for (const pr of profiles) {
    const other = ids.get(pr.id);
    if (other) findings.push(crossFinding('bank_profile_same_id', pr, 'id', pr.id, other));
    ids.set(pr.id, pr);
    pr.keys.forEach((k, i) => {
      const o = keys.get(k);
      if (o) findings.push(crossFinding('bank_profile_same_bank', pr, `match[${i}]`, pr.match[i] ?? k, o));
      else keys.set(k, pr);
    });
  }
  if (findings.length) throw new ExitError(EXIT.inputErrors, findings);
  return profiles;
}

function crossFinding(
  code: string,
  pr: BankProfile,
  path: string,
  value: string,
  other: BankProfile,
): Finding {
  return {
    level: 'error',
    code,
    file: pr.source,
    sheet: '',
    row: 0,
    column: path,
    header: '',
    value,
    params: { path, other: other.source },
  };
}

/** The profile serving a 开户行 spelling; null when none does (the generic profile then, with a warning). */
export function profileFor(profiles: readonly BankProfile[], bank: string): BankProfile | null {
  const k = bankKey(bank);
  return profiles.find((p) => p.keys.includes(k)) ?? null;
}
