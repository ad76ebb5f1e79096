/**
 * Signed approvals (spec/approvals.md): Ed25519 from node:crypto over the canonical JSON of
 * `{ v, roster, dept, by, at, key, provisional }` (keys sorted, no spaces, UTF-8). No file
 * and no clock here: the commands bring the keys and the time.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** What an approval signs. */
export interface ApprovalPayload {
  roster: string;
  dept: string;
  by: string;
  at: string;
  /** The signer's key fingerprint. */
  key: string;
  provisional: boolean;
}

/** The canonical JSON of an approval: keys sorted by code point, no white space. */
export function canonicalApproval(p: ApprovalPayload): string {
  const o: Record<string, string | number | boolean> = {
    at: p.at,
    by: p.by,
    dept: p.dept,
    key: p.key,
    provisional: p.provisional,
    roster: p.roster,
    v: 1,
  };
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`)
    .join(',')}}`;
}

/** A key's fingerprint: SHA-256 of the SPKI DER, its first 16 bytes as 4-hex groups. */
export function fingerprintOf(spkiDer: Buffer): string {
  const hex = createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}

/** The Ed25519 public key in base64 SPKI DER, or null when it is not one. */
export function publicKeyOf(b64: string): KeyObject | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  try {
    const k = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
    return k.asymmetricKeyType === 'ed25519' ? k : null;
  } catch {
    return null;
  }
}

/** The fingerprint of a base64 SPKI DER public key ('' when it is not an Ed25519 key). */
export function fingerprintOfBase64(b64: string): string {
  const k = publicKeyOf(b64);
  return k ? fingerprintOf(k.export({ type: 'spki', format: 'der' }) as Buffer) : '';
}

/** The base64 signature of an approval. */
export function signApproval(privateKey: KeyObject, p: ApprovalPayload): string {
  return sign(null, Buffer.from(canonicalApproval(p), 'utf8'), privateKey).toString('base64');
}

/** Whether `signature` (base64) is the signature of `p` by the key `publicKey` (base64 SPKI DER). */
export function verifyApproval(publicKey: string, p: ApprovalPayload, signature: string): boolean {
  const k = publicKeyOf(publicKey);
  if (!k || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  if (fingerprintOf(k.export({ type: 'spki', format: 'der' }) as Buffer) !== p.key) return false;
  try {
    return verify(null, Buffer.from(canonicalApproval(p), 'utf8'), k, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * A name as maker-checker compares it (spec/approvals.md): NFKC, without format characters
 * (U+200B, U+00AD, …) and without white space.
 */
export function normalName(s: string): string {
  return s.normalize('NFKC').replace(/[\p{Cf}\s]+/gu, '');
}

/** Whether two names are one person's (an empty name matches nothing). */
export function sameName(a: string, b: string): boolean {
  const x = normalName(a);
  return x !== '' && x === normalName(b);
}
