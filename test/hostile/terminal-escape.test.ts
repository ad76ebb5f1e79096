import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeTerminal } from '../../src/report/escape.js';
import { cli, tempDir } from '../helpers/cli.js';
import { makeCard, makeId, writeWorkbook } from '../helpers/workbook-builder.js';

/**
 * Issue 18 item 3: nothing from a workbook or a path reaches the terminal as a control
 * sequence — with --no-color and when stdout/stderr are not a terminal too — and the
 * tables stay aligned with the escaped text in them.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: what must never be printed
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

describe('escapeTerminal', () => {
  it.each([
    ['clear screen', '\u001b[2J张三', '\\x1B[2J张三'],
    ['window title', '\u001b]0;owned\u0007', '\\x1B]0;owned\\x07'],
    ['NUL, DEL, C1 CSI', 'a\u0000b\u007fc\u009bd', 'a\\x00b\\x7Fc\\x9Bd'],
    ['bidi override and isolate', '\u202e123\u2066x\u2069', '\\u202E123\\u2066x\\u2069'],
    ['line breaks in a value', 'a\nb\r\tc', 'a\\x0Ab\\x0D\\x09c'],
    ['a lone surrogate, and a pair kept', '\ud800x😀', '\\uD800x😀'],
    ['plain Chinese and full-width', '阿依古丽·买买提（Ａ）', '阿依古丽·买买提（Ａ）'],
  ])('%s', (_, text, shown) => {
    expect(escapeTerminal(text)).toBe(shown);
    expect(RAW_CONTROL.test(escapeTerminal(text))).toBe(false);
  });
});

const work = tempDir('cadre-escape-');
const input = join(work, 'esc.xlsx');

beforeAll(async () => {
  await writeWorkbook(input, {
    villages: [{ code: 'E1', name: '东村', town: '丁镇', households: 200 }],
    cadres: [
      {
        idNumber: makeId('370602', '19800101', '555'),
        // an ESC sequence that would clear the screen, and a title-setting OSC
        name: '_x001B_[2J_x001B_[H王_x001B_]0;pwned_x0007_',
        villageCode: 'E1',
        role: '书记',
        bank: '\u202e行银商农',
        account: makeCard('62284', 19),
      },
    ],
    scores: [
      { villageCode: 'E1', period: 'H1', score: 80 },
      { villageCode: 'E1', period: 'H2', score: 80 },
    ],
  });
}, 60_000);

/** Columns a line takes in a terminal: East Asian wide characters two, others one. */
function stringWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** Every line of each box table on the screen has one display width. */
function tablesAligned(text: string): void {
  let widths: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('┌')) widths = [];
    if (/^[┌│├└]/.test(line)) widths.push(stringWidth(line));
    if (line.startsWith('└')) expect(new Set(widths).size).toBe(1);
  }
}

describe('what the commands print (issue 18 item 3)', () => {
  it('validate shows the hostile cells escaped, in an aligned table, with --no-color and piped', () => {
    for (const lang of ['en', 'zh']) {
      const r = cli(['validate', input, '--no-color', '--lang', lang]);
      expect(r.code).toBe(1);
      expect(RAW_CONTROL.test(r.stderr)).toBe(false);
      expect(RAW_CONTROL.test(r.stdout)).toBe(false);
      expect(r.stderr).toContain('\\x1B[2J');
      expect(r.stderr).toContain('\\u202E');
      tablesAligned(r.stderr);
    }
  });

  it('--json keeps the values (any JSON parser reads them back) with nothing raw a terminal acts on', () => {
    const r = cli(['validate', input, '--json']);
    expect(r.code).toBe(1);
    expect(RAW_CONTROL.test(r.stdout)).toBe(false);
    const values = (r.json().findings as { value: string }[]).map((f) => f.value);
    expect(values).toContain('\u202e行银商农');
  });

  it('a path with control characters is escaped in subsidy’s summary', () => {
    const good = join(work, 'good.xlsx');
    return writeWorkbook(good, {
      villages: [{ code: 'E1', name: '东村', town: '丁镇', households: 200 }],
      cadres: [
        { idNumber: makeId('370602', '19800101', '555'), name: '王五', villageCode: 'E1', role: '书记' },
      ],
      scores: [
        { villageCode: 'E1', period: 'H1', score: 80 },
        { villageCode: 'E1', period: 'H2', score: 80 },
      ],
    }).then(() => {
      const out = join(work, 'out\u001b]0;pwned\u0007');
      mkdirSync(out);
      const r = cli(['subsidy', good, '-o', out, '--as-of', '2012-12-31']);
      expect(r.code).toBe(0);
      expect(RAW_CONTROL.test(r.stdout)).toBe(false);
      expect(r.stdout).toContain('out\\x1B]0;pwned\\x07');
      tablesAligned(r.stdout);
    });
  });
});
