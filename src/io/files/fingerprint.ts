import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  return sha256Hex(await readFile(path));
}

/**
 * The run's fingerprint (policy.md): SHA-256 over the policy's canonical SHA-256 and the
 * SHA-256 of every input workbook, in the order the run read them.
 */
export function runFingerprint(policySha256: string, inputSha256s: readonly string[]): string {
  return sha256Hex(
    ['cadre-calc fingerprint v1', `policy ${policySha256}`, ...inputSha256s.map((s) => `input ${s}`)].join(
      '\n',
    ),
  );
}
