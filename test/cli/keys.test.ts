import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKey, parseKeyText } from '../../src/io/approvals/keys.js';
import { parseTrustText } from '../../src/io/approvals/trust.js';
import { cli, tempDir } from '../helpers/cli.js';

/** keys new / keys show through the real CLI, with real keys (spec/approvals.md, Keys). */

const PASS = { CADRE_CALC_PASSPHRASE: '春节前发放基本补贴-2013' };

interface Finding {
  code: string;
  row: number;
  header: string;
}

/** The fingerprint of a base64 SPKI DER public key, as the spec defines it. */
function fingerprint(b64: string): string {
  const hex = createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex').slice(0, 32);
  return (hex.match(/.{4}/g) as string[]).join('-');
}

describe('keys new', () => {
  const dir = tempDir('cadre-keys-');
  const keys = join(dir, 'keys');
  let made: Record<string, unknown> = {};

  it('writes an encrypted Ed25519 key (mode 0600) and prints its trust entry and fingerprint', () => {
    const r = cli(['keys', 'new', '--dept', '财政局', '--by', '王五', '-o', keys, '--json'], PASS);
    expect(r.code).toBe(0);
    made = r.json();
    const file = join(keys, '财政局-王五.key');
    expect(made).toMatchObject({ command: 'keys', ok: true, files: [file], dept: '财政局', by: '王五' });
    expect(made.fingerprint).toBe(fingerprint(made.publicKey as string));
    expect(made.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(text).not.toContain('-----BEGIN PRIVATE KEY-----');
    expect(text.startsWith('部门: 财政局\n持有人: 王五\n')).toBe(true);

    const human = cli(['keys', 'new', '--dept', '组织部', '--by', '李四', '-o', keys], PASS);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('  - dept: 组织部\n    by: 李四\n    public_key: MCowBQYDK2VwAyEA');
  });

  it('prints a trust entry that reads back as typed, whatever the holder is called (YAML quoting)', () => {
    const by = '李 #四: "主任"';
    const r = cli(['keys', 'new', '--dept', '组织部', '--by', by, '-o', keys], PASS);
    expect(r.code, r.stderr).toBe(0);
    const entry = r.stdout.slice(r.stdout.indexOf('  - dept:')).split('\n').slice(0, 3).join('\n');
    const trust = parseTrustText(`city: 荣成市\nkeys:\n${entry}\n`, 'trust.yaml');
    expect(trust.ok ? [] : trust.findings).toEqual([]);
    expect(trust.ok ? trust.trust.entries.map((e) => [e.dept, e.by]) : []).toEqual([['组织部', by]]);
  });

  it('opens with its passphrase only: any other is key_passphrase (exit 3), whatever OpenSSL says', () => {
    const file = join(keys, '财政局-王五.key');
    const shown = cli(['keys', 'show', file, '--json'], PASS);
    expect(shown.code).toBe(0);
    expect(shown.json().fingerprint).toBe(made.fingerprint);
    const wrong = cli(['keys', 'show', file, '--json'], { CADRE_CALC_PASSPHRASE: '春节前发放基本补贴-2012' });
    expect(wrong.code).toBe(3);
    expect((wrong.json().findings as Finding[]).map((f) => f.code)).toEqual(['key_passphrase']);
    // In process, many wrong passphrases: some pass the CBC padding check and fail later.
    const parsed = parseKeyText(readFileSync(file, 'utf8'));
    if (!parsed) throw new Error('no key');
    for (let i = 0; i < 300; i++) {
      expect(() => openKey(file, parsed, `wrong passphrase ${i}`)).toThrow(
        expect.objectContaining({ code: 3, findings: [expect.objectContaining({ code: 'key_passphrase' })] }),
      );
    }
    const k = openKey(file, parsed, PASS.CADRE_CALC_PASSPHRASE);
    expect(
      (createPublicKey(k.privateKey).export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
    ).toBe(made.publicKey);
  });

  it('never overwrites a key without --force (exit 3, file unchanged)', () => {
    const file = join(keys, '财政局-王五.key');
    const before = readFileSync(file);
    const r = cli(['keys', 'new', '--dept', '财政局', '--by', '王五', '-o', keys, '--json'], PASS);
    expect(r.code).toBe(3);
    expect((r.json().findings as Finding[]).map((f) => f.code)).toEqual(['key_exists']);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('needs a passphrase of at least 12 characters, and a source for it (exit 2)', () => {
    const none = cli(['keys', 'new', '--dept', '财政局', '--by', '赵六', '-o', keys], {
      CADRE_CALC_PASSPHRASE: '',
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('CADRE_CALC_PASSPHRASE');
    const short = cli(['keys', 'new', '--dept', '财政局', '--by', '赵六', '-o', keys], {
      CADRE_CALC_PASSPHRASE: '12345678901',
    });
    expect(short.code).toBe(2);
  });
});

describe('the trust file', () => {
  const pk = (b: number) => `MCowBQYDK2VwAyEA${Buffer.alloc(32, b).toString('base64')}`;

  it('lists its keys with keys show', () => {
    const file = join(tempDir('cadre-trust-'), 'trust.yaml');
    writeFileSync(
      file,
      `city: 荣成市\nkeys:\n  - dept: 组织部\n    by: 李四\n    public_key: ${pk(1)}\n  - dept: 财政局\n    by: 赵六\n    public_key: ${pk(2)}\n    revoked: 2013-01-05\n`,
    );
    const r = cli(['keys', 'show', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().keys).toEqual([
      { dept: '组织部', by: '李四', publicKey: pk(1), fingerprint: fingerprint(pk(1)), revoked: null },
      {
        dept: '财政局',
        by: '赵六',
        publicKey: pk(2),
        fingerprint: fingerprint(pk(2)),
        revoked: '2013-01-05',
      },
    ]);
  });

  it('is checked strictly: every problem named by its path and line (exit 1)', () => {
    const text = [
      'city: 荣成市',
      'color: red',
      'keys:',
      '  - dept: 组织部',
      '    by: 李四',
      `    public_key: ${pk(1)}`,
      '    note: x',
      '  - dept: 财政局',
      '    by: ""',
      '    public_key: bm90IGEga2V5',
      '    revoked: 2013-02-30',
      '  - dept: 财政局',
      '    by: 王五',
      `    public_key: ${pk(1)}`,
    ].join('\n');
    const parsed = parseTrustText(text, 't.yaml');
    expect(parsed.ok).toBe(false);
    const found = parsed.ok ? [] : parsed.findings.map((f) => [f.header, f.row, f.params?.reason]);
    expect(found).toEqual([
      ['color', 2, 'unknown key'],
      ['keys[0].note', 7, 'unknown key'],
      ['keys[1].by', 9, 'must not be empty'],
      ['keys[1].public_key', 10, 'not an Ed25519 public key (base64 SPKI DER)'],
      ['keys[1].revoked', 11, 'not a valid YYYY-MM-DD date'],
      ['keys[2].public_key', 14, 'the same public key is listed under two departments'],
    ]);
    const file = join(tempDir('cadre-trust-'), 'bad.yaml');
    writeFileSync(file, text);
    const r = cli(['keys', 'show', file, '--json']);
    expect(r.code).toBe(1);
    expect((r.json().findings as Finding[]).every((f) => f.code === 'trust_invalid')).toBe(true);
  });
});
