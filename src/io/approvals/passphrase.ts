/**
 * The passphrase of a private key (spec/approvals.md): CADRE_CALC_PASSPHRASE, else asked on
 * the terminal (not echoed; twice for a new key). Never stored. With neither: exit 2.
 */
import { EXIT, ExitError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { MIN_PASSPHRASE } from './keys.js';

export const PASSPHRASE_ENV = 'CADRE_CALC_PASSPHRASE';

function usage(code: string, params?: Record<string, string | number>): ExitError {
  const f: Finding = { level: 'error', code, file: '', sheet: '', row: 0, column: '', header: '', value: '' };
  if (params) f.params = params;
  return new ExitError(EXIT.usage, [f]);
}

/** One line typed on the terminal without echo. */
function askHidden(prompt: string, stdin: NodeJS.ReadStream, out: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(prompt);
    let typed = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      out.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(usage('passphrase_missing', { env: PASSPHRASE_ENV }));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * The passphrase: from the environment, else asked. `confirm` (a new key) asks twice and
 * wants at least MIN_PASSPHRASE characters; the environment's is held to the same length.
 */
export async function passphrase(
  env: NodeJS.ProcessEnv,
  opts: { confirm: boolean; prompt: string; again: string },
): Promise<string> {
  let p = env[PASSPHRASE_ENV];
  if (p === undefined || p === '') {
    const stdin = process.stdin;
    if (!stdin.isTTY || typeof stdin.setRawMode !== 'function')
      throw usage('passphrase_missing', { env: PASSPHRASE_ENV });
    p = await askHidden(opts.prompt, stdin, process.stderr);
    if (opts.confirm && (await askHidden(opts.again, stdin, process.stderr)) !== p)
      throw usage('passphrase_mismatch');
  }
  if (opts.confirm && [...p].length < MIN_PASSPHRASE)
    throw usage('passphrase_short', { min: MIN_PASSPHRASE });
  return p;
}
