import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noticeWorkbookBytes } from '../../src/io/documents/notice.js';
import { LeakScanner, noticeLeaks } from '../../src/io/documents/privacy.js';
import { rosterWorkbookBytes } from '../../src/io/documents/roster/writer.js';
import { IDS, sample } from './run-fixture.js';

const ID = IDS.dsShuji;
const CARD = '6228480000000000011';
const secrets = { idNumbers: [ID], accounts: [CARD, '12345'] };

/** The rule of outputs.md as plainly as it can be said: the reference the scanner must agree with. */
function naive(text: string, known: string[]): boolean {
  if (/^[0-9a-f]{64}$/.test(text)) return false;
  // issue 18: folded (NFKC) and without the separators a number is written with
  const compact = text.normalize('NFKC').replace(/[\s\-.\u2010-\u2015\u2212\u30fb\u00b7]+/g, '');
  return (
    /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/.test(compact) ||
    known.filter((k) => k.length >= 6).some((k) => compact.includes(k))
  );
}

describe('the notice privacy check', () => {
  it.each([
    ['an 18-character ID of someone else', '身份证：110101199003070015', true],
    ['an ID ending in x', '11010119900307001x', true],
    ['an old 15-digit ID', '110101900307001', true],
    ['a known ID inside a longer run of digits', `00${ID}99`, true],
    ['a known card written in groups of four', '卡号 6228 4800 0000 0000 011', true],
    ['a known card as a number', '6228480000000000011', true],
    ['a 16-digit number that is neither', '1234567890123456', false],
    ['a SHA-256 in hex', 'ab'.repeat(32), false],
    ['a known value shorter than 6 characters', '12345', false],
    ['an amount', '2338.71', false],
    ['a name and a village', '王建国 东山村', false],
    // issue 18 item 4: full-width digits, hyphens and dots do not hide a number
    ['an ID in full-width digits', '身份证：１１０１０１１９９００３０７００１５', true],
    ['an ID in groups with hyphens', '110101-19900307-0015', true],
    ['a known card with dots', '6228.4800.0000.0000.011', true],
    [
      'a known card, full-width, with full-width hyphens',
      '６２２８－４８００－００００－００００－０１１',
      true,
    ],
    ['an ID in circled and fullwidth digits mixed', '①１０１０１１９９００３０７００１５', true],
    ['a phone number with a hyphen', '0631-7561234', false],
  ])('%s → leak %s', (_, text, leak) => {
    const s = new LeakScanner(secrets);
    expect(s.check('甲!A1', text)).toBe(leak);
    expect(s.leaks).toEqual(leak ? ['甲!A1'] : []);
  });

  it('agrees with the plain rule on any text of digits, X, spaces and CJK', () => {
    const known = ['123456', '9876543210123', '37108219650314001X'];
    const scanner = new LeakScanner({ idNumbers: known.slice(2), accounts: known.slice(0, 2) });
    const piece = fc.oneof(
      fc.constantFrom(...known),
      fc.stringMatching(/^[0-9X x]{0,20}$/),
      fc.constantFrom('王', '村', '-', 'a', '\u3000', '.', '．', '－', '１', '９', 'Ｘ'),
    );
    // and with only long known values (an ID and a card): short texts are passed at once
    const long = known.slice(2).concat('6228480000000000011');
    const longScanner = new LeakScanner({ idNumbers: long.slice(0, 1), accounts: long.slice(1) });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const text = parts.join('');
        expect(scanner.check('s', text)).toBe(naive(text, known));
        expect(longScanner.check('s', text)).toBe(naive(text, long));
      }),
      { numRuns: 2000 },
    );
  });

  it('passes the notice the writer makes and catches an ID planted in a roster read back', async () => {
    const s = sample();
    const all = {
      idNumbers: s.run.cadres.map((c) => c.record.idNumber),
      accounts: s.run.cadres.map((c) => c.record.account),
    };
    expect(await noticeLeaks(await noticeWorkbookBytes(s.run, s.policy, s.meta), all)).toEqual([]);
    const leaks = await noticeLeaks(await rosterWorkbookBytes(s.run, s.policy, s.meta), all);
    expect(leaks).toContain('花名册!I3');
    expect(leaks).toContain('花名册!U3');
  });

  it('sees every cell of the notice as it is written, through the writer’s text hook', async () => {
    const s = sample();
    const seen: string[] = [];
    // a "secret" that the titles hold, to see the hook reach the scanner with the cell
    const scanner = new LeakScanner({ idNumbers: [], accounts: ['2012年度农村'] });
    const hook = scanner.textHook();
    await noticeWorkbookBytes(s.run, s.policy, s.meta, (text, sheet, column, row) => {
      seen.push(`${sheet}!${column}${row}`);
      hook(text, sheet, column, row);
    });
    expect(seen).toContain('石岛镇!A1');
    expect(seen).toContain('港湾街道!I6');
    expect(scanner.leaks).toEqual(['石岛镇!A1', '港湾街道!A1']);
  });
});
