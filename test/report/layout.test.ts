import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitTable, terminalWidth, wrapText } from '../../src/report/layout.js';

const pieces = [
  '身份证号',
  '被存成了数字',
  '：',
  '，',
  '。',
  '（',
  '）',
  '“',
  '”',
  'Excel',
  ' ',
  'apostrophe',
  "'",
  '12345678901234567890',
  '·',
  '、',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(''));

describe('wrapText', () => {
  it('keeps every line within the width and drops nothing but the spaces it breaks at', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), (t, w) => {
        const lines = wrapText(t, w);
        for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
      }),
    );
  });

  it('never starts a line with closing punctuation nor ends one with an opening mark, where it can', () => {
    const lines = wrapText('输出文件夹（不存在时自动建立）（默认：./out），可以。', 16);
    expect(lines).toEqual(['输出文件夹（不存', '在时自动建立）', '（默认：', './out），可以。']);
    expect(wrapText('Hello world, this is (a test) of wrapping.', 12)).toEqual([
      'Hello world,',
      'this is (a',
      'test) of',
      'wrapping.',
    ]);
  });
});

describe('fitTable', () => {
  const head = ['职务', '别名'];
  const rows = [['书记', '党支部书记、村支书、支部书记、党总支书记、村党组织书记']];
  it.each([40, 60, 120])('fits %i columns and keeps every character', (width) => {
    const out = fitTable({ head, rows, width, color: false, wrap: [true, true] });
    for (const l of out.split('\n')) expect(stringWidth(l)).toBeLessThanOrEqual(width);
    expect(out).not.toContain('…');
    expect(out.replace(/[\s│┌┐└┘├┤┬┴┼─]/g, '')).toContain(
      '党支部书记、村支书、支部书记、党总支书记、村党组织书记'.slice(0, 4),
    );
  });
});

describe('terminalWidth', () => {
  it('takes the terminal, else COLUMNS, else 80', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '40' })).toBe(132);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '40' })).toBe(40);
    expect(terminalWidth({}, {})).toBe(80);
    expect(terminalWidth({}, { COLUMNS: 'x' })).toBe(80);
  });
});
