import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { judgeApproval } from '../../src/io/approvals/judge.js';
import {
  canonicalApproval,
  fingerprintOf,
  normalName,
  signApproval,
  verifyApproval,
} from '../../src/io/approvals/signature.js';

const DIGEST = 'ab'.repeat(32);

describe('the signed approval (spec/approvals.md)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
  const key = fingerprintOf(der);
  const payload = {
    roster: DIGEST,
    dept: '财政局',
    by: '王五',
    at: '2013-01-20T09:30:00+08:00',
    key,
    provisional: false,
  };

  it('is the canonical JSON: keys sorted, no spaces, v 1', () => {
    expect(canonicalApproval(payload)).toBe(
      `{"at":"2013-01-20T09:30:00+08:00","by":"王五","dept":"财政局","key":"${key}","provisional":false,"roster":"${DIGEST}","v":1}`,
    );
    const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
    expect(key).toBe((hex.match(/.{4}/g) as string[]).join('-'));
  });

  it('is an Ed25519 signature over that UTF-8 text, verified by node:crypto itself', () => {
    const sig = signApproval(privateKey, payload);
    expect(
      verify(null, Buffer.from(canonicalApproval(payload), 'utf8'), publicKey, Buffer.from(sig, 'base64')),
    ).toBe(true);
    const pub = der.toString('base64');
    expect(verifyApproval(pub, payload, sig)).toBe(true);
    for (const change of [
      { by: '王六' },
      { dept: '组织部' },
      { roster: 'cd'.repeat(32) },
      { provisional: true },
      { at: '2013-01-20T09:31:00+08:00' },
    ]) {
      expect(verifyApproval(pub, { ...payload, ...change }, sig)).toBe(false);
    }
    // another key's fingerprint in the payload: refused even before the signature
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
    expect(verifyApproval(other.toString('base64'), payload, sig)).toBe(false);
    expect(verifyApproval('not base64!', payload, sig)).toBe(false);
  });

  it('judges typed rows invalid, unsigned rows unsigned, a row over another digest stale', () => {
    const row = {
      dept: '财政局',
      by: '王五',
      at: payload.at,
      digest: DIGEST,
      key: '',
      publicKey: '',
      signature: '',
    };
    const roster = { digest: DIGEST, provisional: false };
    expect(judgeApproval(row, roster, null).status).toBe('unsigned');
    expect(judgeApproval({ ...row, by: '\u200b' }, roster, null).status).toBe('invalid_row');
    expect(judgeApproval({ ...row, at: 'not-a-date' }, roster, null).status).toBe('invalid_row');
    expect(judgeApproval({ ...row, at: '2013-01-20 09:30' }, roster, null).status).toBe('invalid_row');
    expect(judgeApproval(row, { ...roster, digest: 'cd'.repeat(32) }, null).status).toBe('stale');
    const signed = {
      ...row,
      key,
      publicKey: der.toString('base64'),
      signature: signApproval(privateKey, payload),
    };
    expect(judgeApproval(signed, roster, null).status).toBe('ok');
    expect(judgeApproval({ ...signed, by: '王六' }, roster, null).status).toBe('bad_signature');
  });

  it('compares names after NFKC and without format characters or white space', () => {
    expect(normalName('张\u200b三')).toBe('张三');
    expect(normalName('张\u00ad三 ')).toBe('张三');
    expect(normalName('Ｌｉ　Si')).toBe('LiSi');
  });
});
