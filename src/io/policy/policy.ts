import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { EXIT, ExitError, fileError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { codePointLabel, forbiddenCharAt } from '../../rules/characters.js';
import { Exact } from '../../rules/exact.js';
import type { Finding } from '../../rules/findings.js';
import { type Fen, yuanToFen } from '../../rules/money.js';
import { LeakScanner } from '../../rules/public-text.js';
import { GRADES, type Grade, type Policy } from '../../rules/types.js';

export const BUILTIN_POLICY_ID = 'rongcheng-2012';

/** The shipped default policy, in the package's policies/ folder. */
export function builtinPolicyPath(): string {
  return fileURLToPath(new URL(`policies/${BUILTIN_POLICY_ID}.yaml`, PACKAGE_ROOT));
}

export interface LoadedPolicy {
  policy: Policy;
  /** Hex SHA-256 of `canonical`: the policy's part of the run fingerprint. */
  sha256: string;
  /** The policy file as given (or the built-in file's path). */
  source: string;
  /** Canonical JSON of the document: keys sorted (roles in document order), scalars as their text. */
  canonical: string;
}

export type ParsedPolicy =
  | { ok: true; policy: Policy; canonical: string; sha256: string }
  | { ok: false; findings: Finding[] };

/**
 * Reads a policy file (undefined → the built-in one). A file that cannot be read is exit 4;
 * an invalid policy is exit 1 with every finding.
 */
export async function loadPolicy(file?: string): Promise<LoadedPolicy> {
  const source = file ?? builtinPolicyPath();
  let bytes: Buffer;
  try {
    // A policy is a few kilobytes: a file past the limit is refused before it is read whole.
    const size = (await stat(resolve(source))).size;
    if (size > MAX_POLICY_BYTES) {
      throw new ExitError(EXIT.inputErrors, [
        {
          level: 'error',
          code: 'policy_file_too_large',
          file: source,
          sheet: '',
          row: 0,
          column: '',
          header: '',
          value: '',
          params: { max: MAX_POLICY_BYTES },
        },
      ]);
    }
    bytes = await readFile(resolve(source));
  } catch (e) {
    if (e instanceof ExitError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fileError('file_missing', source);
    throw fileError('policy_unreadable', source, { reason: code });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('policy_encoding', source);
  }
  const parsed = parsePolicyText(text, source);
  if (!parsed.ok) throw new ExitError(EXIT.inputErrors, parsed.findings);
  return { policy: parsed.policy, sha256: parsed.sha256, source, canonical: parsed.canonical };
}

// ---------------------------------------------------------------------------------------
// YAML → a raw tree of text scalars, with the line of every key path.

/** The document as read: every scalar is its text ('failsafe'), so numbers never pass through a float. */
type Raw = string | null | Raw[] | RawMap;
interface RawMap {
  [key: string]: Raw;
}
type Seg = string | number;

interface Tree {
  value: Raw;
  /** Key path text → 1-based line where that key (or list item) starts. */
  lines: Map<string, number>;
  /** Keys of each mapping in document order (JS objects put integer-like keys first). */
  order: WeakMap<object, string[]>;
}

/** `roles.主任.ratio`, `bands[2].amount`; keys that are not plain words are quoted: `deposit["a.b"]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else {
      const k = String(seg);
      s += /^[^.[\]\s"]+$/u.test(k) ? (s ? `.${k}` : k) : `[${JSON.stringify(k)}]`;
    }
  }
  return s;
}

const NULL_TEXT = /^(?:~|null|Null|NULL|)$/;

/** Nodes a policy's tree may have once its aliases are followed (the default has a few hundred). */
export const MAX_POLICY_NODES = 100_000;
/** Bytes of a policy file (the default is about 5 KB). */
export const MAX_POLICY_BYTES = 1024 * 1024;

class PolicyTooLarge extends Error {}

function buildTree(doc: Document, lc: LineCounter): Tree {
  const lines = new Map<string, number>();
  const order = new WeakMap<object, string[]>();
  const lineOf = (offset: number | undefined) => (offset === undefined ? 0 : lc.linePos(offset).line);

  // Aliases are followed as they are met: a YAML alias bomb (each level nine aliases of
  // the one before) would grow to billions of nodes. A policy has a few hundred; past the
  // budget the text is refused (issue 18).
  let budget = MAX_POLICY_NODES;
  const walk = (node: unknown, path: Seg[], depth: number): Raw => {
    if (--budget < 0) throw new PolicyTooLarge();
    if (depth > 64) return null;
    if (isAlias(node)) return walk(node.resolve(doc), path, depth + 1);
    if (isMap(node)) {
      const obj: RawMap = {};
      const keys: string[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : pair.key == null ? '' : String(pair.key);
        const p = [...path, key];
        const keyNode = pair.key as { range?: [number, number, number] } | null;
        const valueNode = pair.value as { range?: [number, number, number] } | null;
        lines.set(keyPath(p), lineOf(keyNode?.range?.[0] ?? valueNode?.range?.[0]));
        if (!Object.hasOwn(obj, key)) keys.push(key);
        Object.defineProperty(obj, key, {
          value: walk(pair.value, p, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      order.set(obj, keys);
      return obj;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const p = [...path, i];
        lines.set(keyPath(p), lineOf((item as { range?: [number, number, number] } | null)?.range?.[0]));
        return walk(item, p, depth + 1);
      });
    }
    if (isScalar(node)) {
      const text = String(node.value ?? '');
      return node.type === 'PLAIN' && NULL_TEXT.test(text) ? null : text;
    }
    return null;
  };

  const contents = doc.contents as { range?: [number, number, number] } | null;
  lines.set('', lineOf(contents?.range?.[0]));
  return { value: walk(doc.contents, [], 0), lines, order };
}

function isRawMap(v: Raw | undefined): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rawAt(root: Raw, path: readonly PropertyKey[]): { found: boolean; value: Raw | undefined } {
  let cur: Raw | undefined = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number' && seg < cur.length) cur = cur[seg];
    else if (isRawMap(cur) && Object.hasOwn(cur, String(seg))) cur = cur[String(seg)];
    else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

/** Canonical JSON: keys sorted by code point, except `roles`, whose order is policy (the tie-break). */
function canonicalJson(tree: Tree): string {
  const ser = (v: Raw, path: string): string => {
    if (v === null || typeof v === 'string') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => ser(x, `${path}[]`)).join(',')}]`;
    const keys = path === 'roles' ? (tree.order.get(v) ?? Object.keys(v)) : Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${ser(v[k] ?? null, path ? `${path}.${k}` : k)}`).join(',')}}`;
  };
  return ser(tree.value, '');
}

// ---------------------------------------------------------------------------------------
// The schema: strict shapes and exact scalars. Problems carry their finding code in params.

/** What a value should be, in words (English and Chinese) for the messages. */
const KIND = {
  text: ['text', '文字'],
  decimal: ['a decimal number such as 0.9', '十进制数（如 0.9）'],
  integer: ['a whole number', '整数'],
  yuan: ['an amount in yuan, at most 2 decimals', '以元为单位的金额（最多两位小数）'],
  map: ['a mapping of keys', '键值表（key: value）'],
  list: ['a list such as [a, b]', '列表（如 [甲, 乙]）'],
} as const;
type Kind = keyof typeof KIND;

type IssueCtx = {
  addIssue(issue: { code: 'custom'; message: string; params: Record<string, string> }): void;
};

function issue(ctx: IssueCtx, code: string, expected: string, expectedZh = expected): void {
  ctx.addIssue({ code: 'custom', message: code, params: { code, expected, expectedZh } });
}
function kindIssue(ctx: IssueCtx, code: string, kind: Kind): void {
  issue(ctx, code, KIND[kind][0], KIND[kind][1]);
}

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** An exact decimal read from its text; `ok` is its range, `range` says the range in symbols. */
function decimal(ok?: (e: Exact) => boolean, range = '') {
  return z.string({ error: 'decimal' }).transform((s, ctx) => {
    const t = s.trim();
    if (!DECIMAL_TEXT.test(t)) {
      kindIssue(ctx, 'policy_number', 'decimal');
      return z.NEVER;
    }
    const e = Exact.parse(t);
    if (ok && !ok(e)) {
      issue(ctx, 'policy_out_of_range', range);
      return z.NEVER;
    }
    return e;
  });
}

function integer(min: number, max: number) {
  return z.string({ error: 'integer' }).transform((s, ctx) => {
    const t = s.trim();
    if (!/^[+-]?\d+$/.test(t)) {
      kindIssue(ctx, 'policy_integer', 'integer');
      return z.NEVER;
    }
    const n = Number(t);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      issue(ctx, 'policy_out_of_range', `${min}–${max}`);
      return z.NEVER;
    }
    return n;
  });
}

/** No cadre's subsidy comes near a million yuan a year: a larger amount is a typo, not a policy. */
const MAX_YUAN = Exact.of(1_000_000);

/** Yuan in the file → integer fen in the policy, refusing fractions of a fen. */
function yuan(positive: boolean) {
  return z.string({ error: 'yuan' }).transform((s, ctx): Fen => {
    const t = s.trim();
    if (!DECIMAL_TEXT.test(t)) {
      kindIssue(ctx, 'policy_number', 'yuan');
      return z.NEVER;
    }
    const e = Exact.parse(t);
    if ((positive ? e.le(Exact.ZERO) : e.isNegative()) || e.gt(MAX_YUAN)) {
      issue(ctx, 'policy_out_of_range', positive ? '0 < amount ≤ 1000000' : '0 ≤ amount ≤ 1000000');
      return z.NEVER;
    }
    const f = yuanToFen(e);
    if (f === null) {
      issue(ctx, 'policy_amount_fen', 'whole fen (at most 2 decimals)', '整分（最多两位小数）');
      return z.NEVER;
    }
    return f;
  });
}

const text = z.string({ error: 'text' }).refine((s) => s.trim() !== '', {
  params: { code: 'policy_empty', expected: KIND.text[0], expectedZh: KIND.text[1] },
});
const textList = z.array(text, { error: 'list' });
const nonEmptyList = textList.min(1);

const ZERO = Exact.ZERO;
const ONE = Exact.ONE;
const positive = decimal((e) => e.gt(ZERO), '> 0');
const nonNegative = decimal((e) => !e.isNegative(), '≥ 0');
const score100 = decimal((e) => !e.isNegative() && e.le(Exact.HUNDRED), '0–100');
/** An uplift of more than 3× is a typo (11 for 1.1), not a policy. */
const factor = decimal((e) => e.gt(ZERO) && e.le(Exact.of(3)), '0 < factor ≤ 3');

const bandSchema = z.strictObject(
  {
    max_households: z.nullable(integer(1, 10_000_000)).optional(),
    amount: yuan(true),
  },
  { error: 'map' },
);

const roleSchema = z.strictObject(
  {
    ratio: positive,
    // A role paid more than the secretary contradicts the measures (every ratio is "at most" his).
    cap: decimal((e) => e.gt(ZERO) && e.le(ONE), '0 < cap ≤ 1'),
    aliases: textList,
  },
  { error: 'map' },
);

const gradesSchema = z.strictObject(
  { 优秀: nonNegative, 良好: nonNegative, 合格: nonNegative, 不合格: nonNegative },
  { error: 'map' },
);
const weightsSchema = z.strictObject(
  { quarterly: nonNegative, half_year: nonNegative, commitments: nonNegative },
  { error: 'map' },
);
const gradeLinesSchema = z.strictObject({ 优秀: score100, 良好: score100, 合格: score100 }, { error: 'map' });

const rewardSchema = z.strictObject(
  {
    share: yuan(false),
    pool_scope: z.enum(['city', 'town']),
    method: z.enum(['above_floor', 'linear', 'grades']),
    floor: decimal((e) => !e.isNegative() && e.lt(Exact.HUNDRED), '0 ≤ floor < 100'),
    grades: gradesSchema,
    forfeit: z.enum(['redistribute', 'return']),
  },
  { error: 'map' },
);

const upliftSchema = z.strictObject(
  { weak_village: factor.optional(), inland_town: factor.optional(), inland_towns: textList.optional() },
  { error: 'map' },
);

const SECTIONS = {
  id: text.refine((s) => /^[\p{L}\p{N}._-]+$/u.test(s), {
    params: {
      code: 'policy_id_format',
      expected: 'letters, digits, . _ - (no spaces)',
      expectedZh: '字母、数字及 . _ -（不含空格）',
    },
  }),
  title: text,
  year: integer(2000, 2100),
  city: text,
  rounding: z.enum(['fen', 'jiao', 'yuan']),
  bands: z.array(bandSchema, { error: 'list' }).min(1),
  roles: z
    .record(z.string(), roleSchema, { error: 'map' })
    .refine((r) => Object.keys(r).length > 0, { params: { code: 'policy_empty', expected: '1+' } }),
  unpaid_roles: textList,
  concurrent_posts: z.enum(['highest', 'sum']),
  reward: rewardSchema,
  score: z.strictObject({ weights: weightsSchema, grade_lines: gradeLinesSchema }, { error: 'map' }),
  supervision: z.strictObject({ days: integer(1, 365) }, { error: 'map' }),
  deposit: z.record(z.string(), yuan(false), { error: 'map' }),
  approval: z.strictObject({ required: nonEmptyList }, { error: 'map' }),
  notice: z.strictObject({ days: integer(1, 365), phone: text, issuer: text }, { error: 'map' }),
  uplift: upliftSchema.optional(),
};
const policySchema = z.strictObject(SECTIONS, { error: 'map' });
type Doc = z.output<typeof policySchema>;

/** The keys a mapping at `path` may have (for the unknown-key finding). */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  const p = path.map((s) => (typeof s === 'number' ? '[]' : String(s)));
  const at = p.join('.');
  if (at === '') return Object.keys(SECTIONS);
  if (at === 'bands.[]') return Object.keys(bandSchema.shape);
  if (p.length === 2 && p[0] === 'roles') return Object.keys(roleSchema.shape);
  const shapes: Record<string, string[]> = {
    reward: Object.keys(rewardSchema.shape),
    'reward.grades': Object.keys(gradesSchema.shape),
    score: ['weights', 'grade_lines'],
    'score.weights': Object.keys(weightsSchema.shape),
    'score.grade_lines': Object.keys(gradeLinesSchema.shape),
    supervision: ['days'],
    approval: ['required'],
    notice: ['days', 'phone', 'issuer'],
    uplift: Object.keys(upliftSchema.shape),
  };
  return shapes[at] ?? [];
}

// ---------------------------------------------------------------------------------------
// Findings

class Collector {
  readonly findings: Finding[] = [];
  constructor(
    private readonly file: string,
    private readonly tree: Tree,
  ) {}

  /** The line of a key path, else of its nearest ancestor that has one. */
  line(path: readonly PropertyKey[]): number {
    for (let n = path.length; n >= 0; n--) {
      const l = this.tree.lines.get(keyPath(path.slice(0, n)));
      if (l !== undefined) return l;
    }
    return 0;
  }

  add(
    code: string,
    path: readonly PropertyKey[],
    params: Record<string, string | number>,
    value?: string,
  ): void {
    const column = keyPath(path);
    const raw = rawAt(this.tree.value, path);
    this.findings.push({
      level: 'error',
      code,
      file: this.file,
      sheet: '',
      row: this.line(path),
      column,
      header: column,
      value: value ?? (raw.found ? shown(raw.value) : ''),
      params,
    });
  }
}

/** The value as typed, for a finding: scalars as their text, small collections as JSON. */
function shown(v: Raw | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  const j = JSON.stringify(v);
  return j.length <= 60 ? j : `${j.slice(0, 57)}…`;
}

function kindOf(message: string): Kind | null {
  return Object.hasOwn(KIND, message) ? (message as Kind) : null;
}

function fromIssue(c: Collector, tree: Tree, iss: z.core.$ZodIssue): void {
  const path = iss.path;
  if (iss.code === 'unrecognized_keys') {
    const allowed = allowedKeys(path).join(', ');
    for (const key of iss.keys) c.add('policy_unknown_key', [...path, key], { expected: allowed });
    return;
  }
  const at = rawAt(tree.value, path);
  const kind = kindOf(iss.message);
  const expected: [string, string] =
    iss.code === 'invalid_value'
      ? [iss.values.map(String).join(' | '), iss.values.map(String).join(' | ')]
      : kind
        ? [KIND[kind][0], KIND[kind][1]]
        : ['', ''];
  if (!at.found) {
    c.add('policy_missing_key', path, { expected: expected[0], expectedZh: expected[1] });
    return;
  }
  if (path.length === 0) {
    c.add('policy_not_mapping', path, { expected: allowedKeys([]).join(', ') });
    return;
  }
  switch (iss.code) {
    case 'invalid_type':
      c.add('policy_type', path, { expected: expected[0], expectedZh: expected[1] });
      return;
    case 'invalid_value':
      c.add('policy_enum', path, { expected: expected[0], expectedZh: expected[1] });
      return;
    case 'too_small':
      c.add('policy_empty', path, { expected: '1+', expectedZh: '1+' });
      return;
    case 'custom': {
      const p = (iss.params ?? {}) as Record<string, string>;
      c.add(p.code ?? 'policy_type', path, {
        expected: p.expected ?? '',
        expectedZh: p.expectedZh ?? p.expected ?? '',
      });
      return;
    }
    default:
      c.add('policy_type', path, { expected: iss.message, expectedZh: iss.message });
  }
}

/** A part of the document that passed its own schema, for the cross-field rules; else undefined. */
function part<S extends z.ZodType>(schema: S, v: Raw | undefined): z.output<S> | undefined {
  if (v === undefined) return undefined;
  const r = schema.safeParse(v);
  return r.success ? r.data : undefined;
}

const yuanText = (f: Fen) => Exact.of(f, 100).toString();

/** The rules between keys (policy.md, rules.md §1–§6), run on every part that is valid on its own. */
function crossChecks(c: Collector, tree: Tree): void {
  const root = isRawMap(tree.value) ? tree.value : {};
  const get = (...path: Seg[]) => rawAt(root, path).value;

  // Every text of the policy (names, keys) under the one character rule of the workbook's
  // cells (issue 18): it is printed on terminals and written into workbooks as typed.
  const texts = (v: Raw | undefined, path: Seg[]): void => {
    if (typeof v === 'string') {
      const at = forbiddenCharAt(v);
      if (at >= 0) c.add('policy_text_control', path, { char: codePointLabel(v, at) }, v);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        texts(x, [...path, i]);
      });
    } else if (isRawMap(v)) {
      for (const [k, x] of Object.entries(v)) {
        const at = forbiddenCharAt(k);
        if (at >= 0) c.add('policy_text_control', [...path, k], { char: codePointLabel(k, at) }, k);
        texts(x, [...path, k]);
      }
    }
  };
  texts(root, []);

  // Texts printed on the public notice (city, title, issuer, phone) pass its privacy check
  // here, as an input error, not as a refused notice after the whole run (issue 18).
  const scanner = new LeakScanner({ idNumbers: [], accounts: [] });
  for (const path of [['city'], ['title'], ['notice', 'issuer'], ['notice', 'phone']] as Seg[][]) {
    const v = get(...path);
    if (typeof v === 'string' && scanner.isLeak(v)) c.add('policy_notice_number', path, {}, v);
  }
  // Post and grade names are printed there too (职务, 等次).
  for (const path of [['roles'], ['reward', 'grades'], ['score', 'grade_lines']] as Seg[][]) {
    const m = get(...path);
    if (!isRawMap(m)) continue;
    for (const key of Object.keys(m))
      if (scanner.isLeak(key)) c.add('policy_notice_number', [...path, key], {}, key);
  }
  const reward = get('reward');
  const share = part(yuan(false), isRawMap(reward) ? reward.share : undefined);

  // Bands: households strictly increasing, amounts never decreasing, only the last unbounded,
  // and no band below the reward share (the base would go negative, rules.md §2).
  const rawBands = get('bands');
  if (Array.isArray(rawBands) && rawBands.length > 0) {
    const bands = rawBands.map((b) => part(bandSchema, b));
    let prevMax: { i: number; v: number } | null = null;
    let prevAmount: { i: number; v: Fen } | null = null;
    bands.forEach((b, i) => {
      if (!b) return;
      const last = i === bands.length - 1;
      const max = b.max_households ?? null;
      if (max === null && !last) {
        c.add('policy_band_unbounded', ['bands', i], {
          expected: 'max_households (only the last band has none)',
          expectedZh: 'max_households（只有最后一档不设上限）',
        });
      }
      if (max !== null && last) {
        c.add('policy_band_last_bounded', ['bands', i, 'max_households'], {
          expected: 'no max_households on the last band',
          expectedZh: '最后一档不写 max_households',
        });
      }
      if (max !== null) {
        if (prevMax && max <= prevMax.v) {
          c.add('policy_bands_order', ['bands', i, 'max_households'], { expected: `> ${prevMax.v}` });
        }
        prevMax = { i, v: max };
      }
      if (prevAmount && b.amount < prevAmount.v) {
        c.add('policy_bands_order', ['bands', i, 'amount'], { expected: `≥ ${yuanText(prevAmount.v)}` });
      }
      prevAmount = { i, v: b.amount };
      if (share !== undefined && b.amount < share) {
        c.add('policy_band_below_share', ['bands', i, 'amount'], { expected: `≥ ${yuanText(share)}` });
      }
    });
  }

  // Roles: ratio ≤ cap; every name and alias names one role only.
  const rawRoles = get('roles');
  const roleNames = isRawMap(rawRoles) ? (tree.order.get(rawRoles) ?? Object.keys(rawRoles)) : [];
  const seen = new Map<string, string>();
  const name = (n: Raw | undefined, path: Seg[]) => {
    if (typeof n !== 'string' || n.trim() === '') return;
    const k = n.trim();
    const first = seen.get(k);
    if (first !== undefined) c.add('policy_duplicate_role', path, { other: first, expected: first }, n);
    else seen.set(k, keyPath(path));
  };
  for (const r of roleNames) {
    const raw = isRawMap(rawRoles) ? rawRoles[r] : undefined;
    name(r, ['roles', r]);
    const role = part(roleSchema, raw);
    if (role?.ratio.gt(role.cap)) {
      c.add('policy_ratio_above_cap', ['roles', r, 'ratio'], { expected: `≤ ${role.cap.toString()}` });
    }
    const aliases = isRawMap(raw) ? raw.aliases : undefined;
    if (Array.isArray(aliases)) {
      aliases.forEach((a, j) => {
        name(a, ['roles', r, 'aliases', j]);
      });
    }
  }
  const unpaid = get('unpaid_roles');
  if (Array.isArray(unpaid)) {
    unpaid.forEach((u, j) => {
      name(u, ['unpaid_roles', j]);
    });
  }

  // Deposits are kept by subsidized role only.
  const deposit = get('deposit');
  if (isRawMap(deposit) && isRawMap(rawRoles)) {
    for (const k of tree.order.get(deposit) ?? Object.keys(deposit)) {
      if (!Object.hasOwn(rawRoles, k)) {
        c.add('policy_deposit_role', ['deposit', k], { expected: roleNames.join(', ') }, k);
      }
    }
  }

  // Scores: weights not all zero; grade lines 优秀 > 良好 > 合格.
  const weights = part(weightsSchema, get('score', 'weights'));
  if (weights?.quarterly.isZero() && weights.half_year.isZero() && weights.commitments.isZero()) {
    c.add('policy_weights_zero', ['score', 'weights'], { expected: 'at least one weight > 0' });
  }
  const lines = part(gradeLinesSchema, get('score', 'grade_lines'));
  if (lines) {
    const order = ['优秀', '良好', '合格'] as const;
    for (let i = 1; i < order.length; i++) {
      const hi = lines[order[i - 1] as (typeof order)[number]];
      const lo = lines[order[i] as (typeof order)[number]];
      if (!lo.lt(hi)) {
        c.add('policy_grade_lines_order', ['score', 'grade_lines', order[i] as string], {
          expected: `< ${hi.toString()}`,
        });
      }
    }
  }

  // Grade coefficients never rise as the grade falls (a higher score never gets less), and
  // under `grades` at least one is positive or nobody earns a point.
  const grades = part(gradesSchema, get('reward', 'grades'));
  if (grades) {
    const order = GRADES;
    for (let i = 1; i < order.length; i++) {
      const hi = grades[order[i - 1] as Grade];
      const lo = grades[order[i] as Grade];
      if (lo.gt(hi)) {
        c.add('policy_grades_order', ['reward', 'grades', order[i] as string], {
          expected: `≤ ${hi.toString()}`,
        });
      }
    }
    const method = isRawMap(reward) ? reward.method : undefined;
    if (method === 'grades' && order.every((g) => grades[g].isZero())) {
      c.add('policy_grades_zero', ['reward', 'grades'], { expected: 'at least one coefficient > 0' });
    }
  }

  // Lists whose items must be distinct.
  const distinct = (path: Seg[]) => {
    const list = get(...path);
    if (!Array.isArray(list)) return;
    const at = new Map<string, number>();
    list.forEach((v, i) => {
      if (typeof v !== 'string') return;
      const first = at.get(v.trim());
      if (first !== undefined) {
        c.add('policy_duplicate_item', [...path, i], {
          other: keyPath([...path, first]),
          expected: 'unique',
        });
      } else at.set(v.trim(), i);
    });
  };
  distinct(['approval', 'required']);
  distinct(['uplift', 'inland_towns']);

  // Uplift: the inland factor and its towns come together; an empty uplift is a mistake.
  const uplift = part(upliftSchema, get('uplift'));
  if (uplift) {
    const hasTowns = (uplift.inland_towns?.length ?? 0) > 0;
    if (uplift.inland_town && !hasTowns) {
      c.add('policy_uplift_towns', ['uplift', 'inland_towns'], { expected: 'inland_towns: [镇名, …]' });
    }
    if (!uplift.inland_town && hasTowns) {
      c.add('policy_uplift_towns', ['uplift', 'inland_town'], { expected: 'inland_town: 1.1' });
    }
    if (!uplift.weak_village && !uplift.inland_town && !hasTowns) {
      c.add('policy_empty', ['uplift'], {
        expected: 'weak_village / inland_town',
        expectedZh: 'weak_village / inland_town',
      });
    }
  }
}

function toPolicy(d: Doc, tree: Tree): Policy {
  const rawRoles = rawAt(tree.value, ['roles']).value;
  const names = isRawMap(rawRoles)
    ? (tree.order.get(rawRoles) ?? Object.keys(d.roles))
    : Object.keys(d.roles);
  const g = d.reward.grades;
  const u = d.uplift;
  return {
    id: d.id,
    title: d.title,
    year: d.year,
    city: d.city,
    rounding: d.rounding,
    bands: d.bands.map((b) => ({ maxHouseholds: b.max_households ?? null, amountFen: b.amount })),
    roles: names.map((name, order) => {
      const r = d.roles[name] as NonNullable<Doc['roles'][string]>;
      return { name, ratio: r.ratio, cap: r.cap, aliases: r.aliases, order };
    }),
    unpaidRoles: d.unpaid_roles,
    concurrentPosts: d.concurrent_posts,
    reward: {
      shareFen: d.reward.share,
      poolScope: d.reward.pool_scope,
      method: d.reward.method,
      floor: d.reward.floor,
      grades: { 优秀: g.优秀, 良好: g.良好, 合格: g.合格, 不合格: g.不合格 },
      forfeit: d.reward.forfeit,
    },
    score: {
      weights: {
        quarterly: d.score.weights.quarterly,
        halfYear: d.score.weights.half_year,
        commitments: d.score.weights.commitments,
      },
      gradeLines: {
        优秀: d.score.grade_lines.优秀,
        良好: d.score.grade_lines.良好,
        合格: d.score.grade_lines.合格,
      },
    },
    supervision: { days: d.supervision.days },
    deposit: { ...d.deposit },
    approval: { required: d.approval.required },
    notice: { days: d.notice.days, phone: d.notice.phone, issuer: d.notice.issuer },
    uplift: u
      ? {
          weakVillage: u.weak_village ?? null,
          inlandTown: u.inland_town ?? null,
          inlandTowns: u.inland_towns ?? [],
        }
      : null,
  };
}

/**
 * Parses and validates a policy text (YAML or JSON). Every scalar is read from its text,
 * so 0.9 is exactly 9/10; every problem is collected, none stops the others.
 */
export function parsePolicyText(text: string, file: string): ParsedPolicy {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lc = new LineCounter();
  const doc = parseDocument(src, {
    schema: 'failsafe',
    lineCounter: lc,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length > 0) {
    const findings = doc.errors.map((e): Finding => {
      const line = lc.linePos(e.pos[0]).line;
      const reason = e.message.split('\n')[0] ?? e.message;
      return {
        level: 'error',
        code: e.code === 'DUPLICATE_KEY' ? 'policy_duplicate_key' : 'policy_yaml_syntax',
        file,
        sheet: '',
        row: line,
        column: '',
        header: '',
        value: (src.split(/\r?\n/)[line - 1] ?? '').trim(),
        params: { reason, line },
      };
    });
    return { ok: false, findings };
  }

  let tree: Tree;
  try {
    tree = buildTree(doc, lc);
  } catch (e) {
    if (!(e instanceof PolicyTooLarge)) throw e;
    const finding: Finding = {
      level: 'error',
      code: 'policy_too_large',
      file,
      sheet: '',
      row: 0,
      column: '',
      header: '',
      value: '',
      params: { max: MAX_POLICY_NODES },
    };
    return { ok: false, findings: [finding] };
  }
  const c = new Collector(file, tree);
  const result = policySchema.safeParse(tree.value);
  if (!result.success) for (const iss of result.error.issues) fromIssue(c, tree, iss);
  if (isRawMap(tree.value)) crossChecks(c, tree);
  if (!result.success || c.findings.length > 0) return { ok: false, findings: c.findings };

  const canonical = canonicalJson(tree);
  const sha256 = createHash('sha256').update(canonical, 'utf8').digest('hex');
  return { ok: true, policy: toPolicy(result.data, tree), canonical, sha256 };
}
