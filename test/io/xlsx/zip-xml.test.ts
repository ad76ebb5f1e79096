import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textOf, xmlText } from '../../../src/io/xlsx/xml.js';
import { inflateEntry, readZipDirectory, ZipFormatError, ZipWriter } from '../../../src/io/xlsx/zip.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * The engine's zip and XML modules on their own: what the writer puts in an archive the
 * reader gets back, byte for byte; the string escaper (small parts) and the byte escaper
 * (sheet data, fused with UTF-8 encoding) follow the same rules, and the reader decodes
 * what either wrote to the text it was given (less what XML 1.0 cannot carry).
 */

/** An archive written by ZipWriter: each entry either as text at once or in escaped pieces. */
async function archive(entries: { name: string; text: string; escaped?: boolean }[]): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const zw = new ZipWriter((c) => chunks.push(c), 1);
  for (const e of entries) {
    if (!e.escaped) {
      await zw.add(e.name, e.text);
      continue;
    }
    const w = zw.entry(e.name);
    w.escaped(e.text);
    await w.close();
  }
  await zw.end();
  return Buffer.concat(chunks);
}

async function readBack(buf: Buffer): Promise<Map<string, Buffer>> {
  const dir = tempDir('xlsx-zip-');
  const file = join(dir, 'a.zip');
  await writeFile(file, buf);
  const fh = await open(file, 'r');
  try {
    const out = new Map<string, Buffer>();
    for (const entry of readZipDirectory(buf)) {
      const parts: Buffer[] = [];
      for await (const c of inflateEntry(fh, entry)) parts.push(c);
      out.set(entry.name, Buffer.concat(parts));
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** What XML 1.0 cannot carry, dropped by both escapers; a lone surrogate is not generated here. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry are the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

const xmlish = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0001', '\u007f', '\ufffe', '村', '𠀀', ' '),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

describe('zip.ts: written and read back', () => {
  it('gives back every entry, small and large, byte for byte', async () => {
    const big = 'x'.repeat(700_000) + '末'.repeat(100_000);
    const entries = [
      { name: 'a.xml', text: '<a>1</a>' },
      { name: 'dir/名字.xml', text: '中文 & more' },
      { name: 'big.xml', text: big },
      { name: 'empty.xml', text: '' },
    ];
    const back = await readBack(await archive(entries));
    expect([...back.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(back.get(e.name)?.toString('utf8')).toBe(e.text);
  });

  it('refuses an archive whose part was damaged after it was written (CRC-32)', async () => {
    const buf = await archive([{ name: 'a.xml', text: 'a'.repeat(5000) }]);
    const [entry] = readZipDirectory(buf);
    // flip the stored CRC in the central directory: the inflated bytes no longer match it
    const at = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(((entry?.crc32 ?? 0) ^ 1) >>> 0, at + 16);
    await expect(readBack(buf)).rejects.toBeInstanceOf(ZipFormatError);
  });
});

describe('xml.ts and the byte escaper of zip.ts', () => {
  it('escape alike, and the reader decodes either to the text less what XML cannot carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(xmlish, { minLength: 1, maxLength: 5 }), async (texts) => {
        const entries = texts.flatMap((t, i) => [
          { name: `s${i}.xml`, text: xmlText(t) },
          { name: `b${i}.xml`, text: t, escaped: true },
        ]);
        const back = await readBack(await archive(entries));
        texts.forEach((t, i) => {
          const s = back.get(`s${i}.xml`) as Buffer;
          const b = back.get(`b${i}.xml`) as Buffer;
          expect(b.equals(s)).toBe(true);
          expect(textOf(s, 0, s.length, false)).toBe(t.replace(NOT_XML, '').replace(/\r\n?/g, '\n'));
        });
      }),
      { numRuns: 40 },
    );
  });
});
