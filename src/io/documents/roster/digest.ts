import { createHash } from 'node:crypto';

/** The fields of one 花名册 row that the roster digest covers (spec/outputs.md 校验). */
export interface DigestRow {
  idNumber: string;
  name: string;
  villageCode: string;
  role: string;
  months: number;
  baseFen: number;
  rewardFen: number;
  payableFen: number;
  bank: string;
  account: string;
  hold: string;
}

const DIGEST_VERSION = 'cadre-calc roster digest v1';

const ESCAPED = /[\t\r\n\\]/;
const ESCAPED_ALL = /[\t\r\n\\]/g;

/** Tab, line breaks and backslash escaped; a field without any (all of them, nearly) as it is. */
function clean(s: string): string {
  if (!ESCAPED.test(s)) return s;
  return s.replace(ESCAPED_ALL, (ch) => (ch === '\t' ? '\\t' : ch === '\\' ? '\\\\' : '\\n'));
}

/** One row's canonical line: the fields in a fixed order, tab-separated, money in fen. */
export function digestLine(r: DigestRow): string {
  return `${clean(r.idNumber)}\t${clean(r.name)}\t${clean(r.villageCode)}\t${clean(r.role)}\t${r.months}\t${r.baseFen}\t${r.rewardFen}\t${r.payableFen}\t${clean(r.bank)}\t${clean(r.account)}\t${clean(r.hold)}`;
}

/**
 * The roster digest: SHA-256 (hex) of a version line and the canonical line of every
 * 花名册 row in order, so any later edit of an amount, a card number or a hold shows.
 * The lines are hashed about 32 K characters at a time (one native call per row was a fifth of
 * the digest's time); the hash is of the same text either way.
 */
export function rosterDigest(rows: Iterable<DigestRow>): string {
  const h = createHash('sha256');
  let text = DIGEST_VERSION;
  for (const r of rows) {
    text += `\n${digestLine(r)}`;
    if (text.length >= 1 << 15) {
      h.update(text);
      text = '';
    }
  }
  h.update(text);
  return h.digest('hex');
}
