/**
 * Department key files (spec/approvals.md, Keys): an Ed25519 private key as encrypted
 * PKCS#8 PEM, exactly as node:crypto writes it (PBES2, AES-256-CBC), after two
 * informational lines naming the department and the holder (they prove nothing: trust
 * comes from the trust file).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXIT, ExitError, fileError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { fingerprintOf } from './signature.js';

/** The least passphrase length: node:crypto's PBKDF2 is cheap to guess. */
export const MIN_PASSPHRASE = 12;

const DEPT_LINE = '部门: ';
const HOLDER_LINE = '持有人: ';
const PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----[\s\S]*?-----END ENCRYPTED PRIVATE KEY-----/;

export interface NewKey {
  file: string;
  dept: string;
  by: string;
  /** base64 SPKI DER. */
  publicKey: string;
  fingerprint: string;
}

export interface OpenedKey {
  file: string;
  /** As written beside the key ('' when not). */
  dept: string;
  by: string;
  privateKey: KeyObject;
  publicKey: string;
  fingerprint: string;
}

function finding(code: string, file: string, params?: Record<string, string | number>): Finding {
  const f: Finding = { level: 'error', code, file, sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return f;
}

/** `DIR/财政局-王五.key`: the characters a file name cannot hold are replaced by _. */
export function keyFileName(dir: string, dept: string, by: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s\p{Cc}]/gu, '_');
  return join(dir, `${safe(dept)}-${safe(by)}.key`);
}

/**
 * Makes a key pair and writes the private key to `file` (mode 0600; never over an existing
 * file unless `force`): written to a temporary file beside it, then renamed.
 */
export function writeNewKey(
  file: string,
  dept: string,
  by: string,
  passphrase: string,
  force: boolean,
): NewKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  const text = `${DEPT_LINE}${dept}\n${HOLDER_LINE}${by}\n${privateKey}`;
  const tmp = join(dirname(file), `.${process.pid}-${Date.now()}.key.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (e) {
    throw fileError('write_failed', file, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    if (force) renameSync(tmp, file);
    else {
      // a hard link fails if the name exists, whoever made it meanwhile: never an overwrite
      try {
        linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new ExitError(EXIT.refused, [finding('key_exists', file)]);
        throw e;
      }
      rmSync(tmp, { force: true });
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof ExitError) throw e;
    throw fileError('write_failed', file, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  return { file, dept, by, publicKey: publicKey.toString('base64'), fingerprint: fingerprintOf(publicKey) };
}

/** The informational lines and the PEM block of a key file's text, or null when it has no encrypted PEM. */
export function parseKeyText(text: string): { dept: string; by: string; pem: string } | null {
  const pem = PEM.exec(text)?.[0];
  if (!pem) return null;
  let dept = '';
  let by = '';
  for (const line of text.slice(0, text.indexOf(pem)).split(/\r?\n/)) {
    if (line.startsWith(DEPT_LINE)) dept = line.slice(DEPT_LINE.length).trim();
    if (line.startsWith(HOLDER_LINE)) by = line.slice(HOLDER_LINE.length).trim();
  }
  return { dept, by, pem };
}

/** Reads a key file's text: missing or unreadable is exit 4, not a key is exit 1 (key_invalid). */
export async function readKeyFile(file: string): Promise<{ dept: string; by: string; pem: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' || code === 'ENOTDIR'
      ? fileError('file_missing', file)
      : fileError('read_failed', file, { reason: code ?? String(e) });
  }
  const parsed = parseKeyText(text);
  if (!parsed)
    throw new ExitError(EXIT.inputErrors, [
      finding('key_invalid', file, { reason: 'no ENCRYPTED PRIVATE KEY' }),
    ]);
  return parsed;
}

/**
 * Opens a private key with its passphrase. Whatever OpenSSL says when it cannot (a bad
 * decrypt, a wrong passphrase that passed the padding check and failed the DER parse), it
 * is key_passphrase, exit 3. A key that opens but is not Ed25519 is key_invalid.
 */
export function openKey(
  file: string,
  parsed: { dept: string; by: string; pem: string },
  passphrase: string,
): OpenedKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: parsed.pem, format: 'pem', passphrase });
  } catch {
    throw new ExitError(EXIT.refused, [finding('key_passphrase', file)]);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ExitError(EXIT.inputErrors, [
      finding('key_invalid', file, { reason: String(privateKey.asymmetricKeyType) }),
    ]);
  }
  const pub = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }) as Buffer;
  return {
    file,
    dept: parsed.dept,
    by: parsed.by,
    privateKey,
    publicKey: pub.toString('base64'),
    fingerprint: fingerprintOf(pub),
  };
}
