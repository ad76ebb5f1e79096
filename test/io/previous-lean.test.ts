import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPreviousSanctions } from '../../src/io/documents/previous.js';
import { readSheetTexts } from '../../src/io/documents/sheet-texts.js';
import { loadPolicy } from '../../src/io/policy/policy.js';
import type { Policy } from '../../src/rules/types.js';
import { cli, ROOT, tempDir } from '../helpers/cli.js';

/**
 * --previous reads only the 校验 and 践诺奖惩 sheets of last year's roster, streamed: a
 * province's roster is gigabytes of 花名册 and 计算明细 XML it has no use for. Here those
 * two sheets are replaced by bytes no reader could parse: the roster must still be read.
 */

let roster = '';
let damaged = '';
let nextYear: Policy;

beforeAll(async () => {
  const dir = tempDir('cadre-previous-');
  const r = cli([
    'subsidy',
    join(ROOT, 'fixtures/sample-city/荣成市-2012.xlsx'),
    '-o',
    dir,
    '--as-of',
    '2012-12-31',
    '-q',
  ]);
  expect(r.code).toBe(0);
  roster = join(dir, '审批花名册-2012.xlsx');
  const parts = unzipSync(readFileSync(roster));
  // 花名册 is sheet1 and 计算明细 sheet4 (the order the writer declares them: 行摘要 is sheet2).
  for (const name of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet4.xml'])
    parts[name] = new TextEncoder().encode(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不是XML',
    );
  damaged = join(dir, 'damaged.xlsx');
  writeFileSync(damaged, zipSync(parts));
  nextYear = { ...(await loadPolicy()).policy, year: 2013 };
}, 60_000);

describe('last year’s roster read for --previous', () => {
  it('reads the 校验 and 践诺奖惩 sheets without reading 花名册 or 计算明细', async () => {
    const texts = await readSheetTexts(damaged, ['校验', '践诺奖惩']);
    if ('code' in texts) throw new Error(texts.code);
    expect(texts.names).toContain('花名册');
    expect([...texts.sheets.keys()].sort()).toEqual(['校验', '践诺奖惩'].sort());
    const kv = texts.sheets.get('校验') ?? [];
    expect(kv.some((row) => row?.[1] === '文件类型' && row[2] === 'roster')).toBe(true);
  });

  it('gives the same sanctioned IDs from the damaged copy as from the roster itself', async () => {
    const whole = await readPreviousSanctions(roster, nextYear);
    const part = await readPreviousSanctions(damaged, nextYear);
    expect([...part].sort()).toEqual([...whole].sort());
    // the sample city has villages with unkept commitments at year end: sanctions to carry over
    expect(whole.size).toBeGreaterThan(0);
  });

  it('still refuses a roster of the wrong year by its 校验 sheet', async () => {
    const sameYear = { ...nextYear, year: 2012 };
    await expect(readPreviousSanctions(damaged, sameYear)).rejects.toMatchObject({
      findings: [expect.objectContaining({ code: 'previous_mismatch' })],
    });
  });
});
