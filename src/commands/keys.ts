import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { EXIT, ExitError, fileError } from '../errors.js';
import { keyFileName, openKey, parseKeyText, writeNewKey } from '../io/approvals/keys.js';
import { passphrase } from '../io/approvals/passphrase.js';
import { loadTrust } from '../io/approvals/trust.js';
import { passphrasePrompts, renderKeyInfo, renderNewKey, renderTrust } from '../report/keys-text.js';
import type { Ctx, Outcome } from './context.js';
import { addCommonOptions, type CommonOpts } from './options.js';
import { action } from './runner.js';

interface KeysNewOpts extends CommonOpts {
  dept?: string;
  by?: string;
}

function usage(code: string, value = ''): ExitError {
  return new ExitError(EXIT.usage, [
    { level: 'error', code, file: '', sheet: '', row: 0, column: '', header: '', value },
  ]);
}

/**
 * `cadre-calc keys new --dept D --by NAME [-o DIR]`: a department's Ed25519 signing key
 * (spec/approvals.md), written encrypted to DIR/D-NAME.key (mode 0600); prints the trust
 * entry and the fingerprint.
 */
export async function keysNewCommand(_args: string[], opts: KeysNewOpts, ctx: Ctx): Promise<Outcome> {
  const dept = (opts.dept ?? '').trim();
  const by = (opts.by ?? '').trim();
  if (!dept) throw usage('keys_dept_empty');
  if (!by) throw usage('approve_by_empty');
  const dir = opts.out ?? './keys';
  const file = keyFileName(dir, dept, by);
  const pass = await passphrase(ctx.env, { confirm: true, ...passphrasePrompts(ctx.lang, file) });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw fileError('write_failed', dir, { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  const k = writeNewKey(file, dept, by, pass, Boolean(opts.force));
  if (!ctx.json) ctx.stdout.write(renderNewKey(k, ctx.lang));
  return {
    code: EXIT.ok,
    body: {
      command: 'keys',
      ok: true,
      files: [file],
      dept,
      by,
      publicKey: k.publicKey,
      fingerprint: k.fingerprint,
      findings: [],
    },
  };
}

/** `cadre-calc keys show FILE`: a private key's fingerprint (asks its passphrase) or a trust file's entries. */
export async function keysShowCommand(args: string[], _opts: CommonOpts, ctx: Ctx): Promise<Outcome> {
  const file = args[0] ?? '';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' || code === 'ENOTDIR'
      ? fileError('file_missing', file)
      : fileError('read_failed', file, { reason: code ?? String(e) });
  }
  const parsed = /PRIVATE KEY-----/.test(text) ? parseKeyText(text) : null;
  if (/PRIVATE KEY-----/.test(text)) {
    if (!parsed) {
      throw new ExitError(EXIT.inputErrors, [
        {
          level: 'error',
          code: 'key_invalid',
          file,
          sheet: '',
          row: 0,
          column: '',
          header: '',
          value: '',
          params: { reason: 'not encrypted' },
        },
      ]);
    }
    const pass = await passphrase(ctx.env, { confirm: false, ...passphrasePrompts(ctx.lang, file) });
    const k = openKey(file, parsed, pass);
    if (!ctx.json) ctx.stdout.write(renderKeyInfo(k, ctx.lang));
    return {
      code: EXIT.ok,
      body: {
        command: 'keys',
        ok: true,
        files: [],
        dept: k.dept,
        by: k.by,
        publicKey: k.publicKey,
        fingerprint: k.fingerprint,
        findings: [],
      },
    };
  }
  const trust = await loadTrust(file);
  if (!ctx.json) ctx.stdout.write(renderTrust(trust, ctx.lang));
  return {
    code: EXIT.ok,
    body: {
      command: 'keys',
      ok: true,
      files: [],
      city: trust.city,
      keys: trust.entries.map((e) => ({
        dept: e.dept,
        by: e.by,
        publicKey: e.publicKey,
        fingerprint: e.fingerprint,
        revoked: e.revoked,
      })),
      findings: [],
    },
  };
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description("a department's signing keys (approvals)");
  // The text after the options (what it does, examples) is in report/messages/help.ts.
  const made = keys
    .command('new')
    .description('make a signing key for one department and person')
    .requiredOption('--dept <dept>', 'the department the key signs for')
    .requiredOption('--by <name>', 'the person who holds the key')
    .option('-o, --out <dir>', 'where the key file goes (never the output folder)', './keys')
    .option('--force', 'replace an existing key file (the old key is lost: revoke it)');
  addCommonOptions(made);
  made.action(action('keys', keysNewCommand));
  const show = keys
    .command('show')
    .description("a private key's fingerprint, or the entries of a trust file")
    .argument('<file>', 'a .key file or a trust file');
  addCommonOptions(show);
  show.action(action('keys', keysShowCommand));
}
