import { describe, expect, it } from 'vitest';
import { EXCLUDED_SHOWN, renderPayout } from '../../src/report/payout-text.js';

/** The terminal summary of payout: every bank, and the held people up to a screenful. */
const body = {
  batch: 'base',
  batchId: 'abc',
  banks: [
    {
      bank: '农业银行',
      file: 'out/a.xlsx',
      count: 3,
      totalFen: 123456,
      totalUpper: '壹仟贰佰叁拾肆元伍角陆分',
    },
  ],
};
const held = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    idNumber: `37108219500101${String(i).padStart(4, '0')}`,
    name: `人${i}`,
    reason: '暂停发放: 待核实',
    bank: '农业银行',
    amountFen: 100 * (i + 1),
  }));

describe('renderPayout', () => {
  it(`lists up to ${EXCLUDED_SHOWN} held people, every one of them`, () => {
    const text = renderPayout(body, held(EXCLUDED_SHOWN), 'en', false, 120);
    for (const p of held(EXCLUDED_SHOWN)) expect(text).toContain(p.idNumber);
    expect(text).not.toContain('more not listed');
  });

  it('names how many more are held and their total, and where the whole list is, past that', () => {
    const n = EXCLUDED_SHOWN + 7;
    const all = held(n);
    const text = renderPayout(body, all, 'en', false, 120);
    const shown = all.filter((p) => text.includes(p.idNumber));
    expect(shown).toEqual(all.slice(0, EXCLUDED_SHOWN));
    const restFen = all.slice(EXCLUDED_SHOWN).reduce((t, p) => t + p.amountFen, 0);
    expect(restFen).toBe(37_800);
    expect(text).toContain('7 more not listed here (378.00 yuan)');
    const zh = renderPayout(body, all, 'zh', false, 80);
    expect(zh).toContain('另有 7 人未列出（合计 378.00 元）');
    expect(zh).toContain('暂停发放名单');
  });
});
