import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A file's SHA-256 (hex), read a megabyte at a time: a full sheet's roster is never held whole. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
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
