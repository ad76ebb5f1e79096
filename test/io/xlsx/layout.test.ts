import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, linesIn, PAD, unitsPerChar } from '../../../src/io/xlsx/layout.js';

/**
 * The one-pass widths of xlsx-fast against their definition: a line's width is the sum of
 * its characters' (code points, a lone surrogate on its own), the text's the widest line;
 * a text takes, per line, max(1, ⌈width × units per char / room⌉) lines.
 */

const charWidth = (ch: string): number => displayWidth(ch);
const lineWidth = (line: string): number => [...line].reduce((w, ch) => w + charWidth(ch), 0);
const lines = (text: string, units: number, pt: number): number =>
  text
    .split('\n')
    .reduce(
      (n, line) =>
        n + Math.max(1, Math.ceil((lineWidth(line) * unitsPerChar(pt)) / Math.max(1, units - PAD))),
      0,
    );

// Latin, CJK, full-width forms, a pair outside the BMP (𠀀 is wide, 😀 is not), lone surrogates, line breaks.
const textArb = fc
  .array(fc.constantFrom('a', '1', ' ', '村', '（', '－', '\n', '𠀀', '😀', '\ud800', '\udc00', 'é', '·'), {
    maxLength: 80,
  })
  .map((xs) => xs.join(''));

describe('displayWidth and linesIn', () => {
  it('count CJK as 2 and Latin as 1, per line', () => {
    expect(displayWidth('村a')).toBe(3);
    expect(displayWidth('ab\n村村村')).toBe(6);
    expect(displayWidth('𠀀')).toBe(2);
    expect(displayWidth('')).toBe(0);
    // room = 3.2 − 1.2 = 2 units: 'abc' takes 2 lines, '村村' 2, the empty line 1
    expect(linesIn('abc\n村村\n', 3.2, 10)).toBe(5);
  });

  it('agree with the definition on any text', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.integer({ min: 2, max: 60 }),
        fc.constantFrom(9, 10, 11, 12),
        (text, units, pt) => {
          expect(displayWidth(text)).toBe(Math.max(0, ...text.split('\n').map(lineWidth)));
          expect(linesIn(text, units, pt)).toBe(lines(text, units, pt));
        },
      ),
      { numRuns: 500 },
    );
  });
});
