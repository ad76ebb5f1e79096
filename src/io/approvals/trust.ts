/**
 * The trust file (spec/approvals.md): which public key belongs to which department and
 * person, and which keys are revoked. Kept by the finance bureau. YAML, checked strictly
 * like the policy: an unknown key, a missing or empty field, a key that is not an Ed25519
 * public key, a bad date, one key under two departments — each a finding naming its path
 * and line (trust_invalid, exit 1).
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { EXIT, ExitError, fileError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { fingerprintOfBase64 } from './signature.js';

export const TRUST_ENV = 'CADRE_CALC_TRUST';

export interface TrustEntry {
  dept: string;
  by: string;
  /** base64 SPKI DER. */
  publicKey: string;
  fingerprint: string;
  /** YYYY-MM-DD, or null. */
  revoked: string | null;
}

export interface Trust {
  file: string;
  city: string;
  entries: TrustEntry[];
}

const ROOT_KEYS = ['city', 'keys'];
const ENTRY_KEYS = ['dept', 'by', 'public_key', 'revoked'];

const REASONS: Record<string, [string, string]> = {
  syntax: ['YAML 语法错误', 'YAML syntax error'],
  unknown: ['未知的项', 'unknown key'],
  missing: ['缺少此项', 'missing'],
  empty: ['不能为空', 'must not be empty'],
  map: ['应为键值映射', 'must be a mapping'],
  list: ['应为列表', 'must be a list'],
  text: ['应为文字', 'must be text'],
  key: ['不是 Ed25519 公钥（base64 SPKI DER）', 'not an Ed25519 public key (base64 SPKI DER)'],
  date: ['不是 YYYY-MM-DD 形式的有效日期', 'not a valid YYYY-MM-DD date'],
  twoDepts: ['同一公钥登记在两个部门', 'the same public key is listed under two departments'],
  twice: ['同一公钥重复登记', 'the same public key is listed twice'],
};

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Parses and checks a trust file's text: the trust, or every finding. */
export function parseTrustText(
  text: string,
  file: string,
): { ok: true; trust: Trust } | { ok: false; findings: Finding[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lc = new LineCounter();
  const findings: Finding[] = [];
  const bad = (
    path: string,
    node: YamlNode | null | undefined,
    reason: keyof typeof REASONS,
    value = '',
    line?: number,
  ) => {
    const [zh, en] = REASONS[reason] as [string, string];
    const at = line ?? (node?.range ? lc.linePos(node.range[0]).line : 0);
    findings.push({
      level: 'error',
      code: 'trust_invalid',
      file,
      sheet: '',
      row: at,
      column: '',
      header: path || '(root)',
      value,
      params: { reason: en, reasonZh: zh },
    });
  };
  const doc = parseDocument(src, {
    schema: 'failsafe',
    lineCounter: lc,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (doc.errors.length) {
    for (const e of doc.errors)
      bad('', null, 'syntax', e.message.split('\n')[0] ?? '', lc.linePos(e.pos[0]).line);
    return { ok: false, findings };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    bad('', root as YamlNode | null, 'map');
    return { ok: false, findings };
  }
  const scalarText = (path: string, node: unknown, required: boolean): string | null => {
    if (node === undefined || node === null) {
      if (required) bad(path, null, 'missing');
      return null;
    }
    if (!isScalar(node)) {
      bad(path, node as YamlNode, 'text');
      return null;
    }
    const s = String(node.value ?? '').trim();
    if (!s) {
      bad(path, node, 'empty');
      return null;
    }
    return s;
  };
  const fields = (map: { items: { key: unknown; value: unknown }[] }, path: string, allowed: string[]) => {
    const got = new Map<string, unknown>();
    for (const pair of map.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(k)) bad(path ? `${path}.${k}` : k, pair.key as YamlNode, 'unknown', k);
      else got.set(k, pair.value);
    }
    return got;
  };
  const top = fields(root, '', ROOT_KEYS);
  const city = scalarText('city', top.get('city'), true);
  const keysNode = top.get('keys');
  const entries: TrustEntry[] = [];
  if (keysNode === undefined || keysNode === null) bad('keys', null, 'missing');
  else if (!isSeq(keysNode)) bad('keys', keysNode as YamlNode, 'list');
  else {
    if (!keysNode.items.length) bad('keys', keysNode as YamlNode, 'empty');
    keysNode.items.forEach((item, i) => {
      const path = `keys[${i}]`;
      if (!isMap(item)) {
        bad(path, item as YamlNode, 'map');
        return;
      }
      const f = fields(item, path, ENTRY_KEYS);
      const dept = scalarText(`${path}.dept`, f.get('dept'), true);
      const by = scalarText(`${path}.by`, f.get('by'), true);
      const pk = scalarText(`${path}.public_key`, f.get('public_key'), true);
      const revoked = f.has('revoked') ? scalarText(`${path}.revoked`, f.get('revoked'), true) : null;
      const fp = pk ? fingerprintOfBase64(pk) : '';
      if (pk && !fp) bad(`${path}.public_key`, f.get('public_key') as YamlNode, 'key', pk);
      if (revoked && !validDate(revoked))
        bad(`${path}.revoked`, f.get('revoked') as YamlNode, 'date', revoked);
      if (dept && by && pk && fp) {
        const before = entries.find((e) => e.fingerprint === fp);
        if (before)
          bad(
            `${path}.public_key`,
            f.get('public_key') as YamlNode,
            before.dept === dept ? 'twice' : 'twoDepts',
            pk,
          );
        entries.push({ dept, by, publicKey: pk, fingerprint: fp, revoked });
      }
    });
  }
  if (findings.length || !city) return { ok: false, findings };
  return { ok: true, trust: { file, city, entries } };
}

/** Reads and checks the trust file: missing or unreadable is exit 4, invalid is exit 1. */
export async function loadTrust(file: string): Promise<Trust> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' || code === 'ENOTDIR'
      ? fileError('file_missing', file)
      : fileError('read_failed', file, { reason: code ?? String(e) });
  }
  const parsed = parseTrustText(text, file);
  if (!parsed.ok) throw new ExitError(EXIT.inputErrors, parsed.findings);
  return parsed.trust;
}

/** The trust entry of a key fingerprint, or undefined. */
export function trustOf(trust: Trust, fingerprint: string): TrustEntry | undefined {
  return trust.entries.find((e) => e.fingerprint === fingerprint);
}
