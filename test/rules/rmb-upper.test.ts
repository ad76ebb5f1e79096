import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rmbUpper } from '../../src/rules/rmb-upper.js';

/** "1,080.50" → 108050n, by text (never through a float). */
function fenOf(yuan: string): bigint {
  const [int = '', frac = ''] = yuan.replaceAll(',', '').split('.');
  if (frac.length !== 2) throw new Error(`test table: write two decimals: ${yuan}`);
  return BigInt(int) * 100n + BigInt(frac);
}

/**
 * Written by hand from the rules in spec/outputs.md and the People's Bank of China's
 * examples (1,409.50, 6,007.14, 16,409.02, 325.04, 1,680.32, 107,000.53) — not by running
 * rmbUpper. Where the bank allows two forms, the spec's one: 零 for a zero 万 digit between
 * non-zero digits, no 零 between 元 and a non-zero 角.
 */
const GOLDEN: [string, string][] = [
  ['0.00', '零元整'],
  ['0.01', '壹分'],
  ['0.05', '伍分'],
  ['0.10', '壹角'],
  ['0.30', '叁角'],
  ['0.35', '叁角伍分'],
  ['0.99', '玖角玖分'],
  ['1.00', '壹元整'],
  ['10.00', '壹拾元整'],
  ['10.10', '壹拾元壹角'],
  ['11.00', '壹拾壹元整'],
  ['15.00', '壹拾伍元整'],
  ['20.00', '贰拾元整'],
  ['20.05', '贰拾元零伍分'],
  ['100.01', '壹佰元零壹分'],
  ['100.50', '壹佰元伍角'],
  ['101.00', '壹佰零壹元整'],
  ['110.00', '壹佰壹拾元整'],
  ['325.04', '叁佰贰拾伍元零肆分'],
  ['700.00', '柒佰元整'],
  ['1,004.06', '壹仟零肆元零陆分'],
  ['1,010.00', '壹仟零壹拾元整'],
  ['1,080.50', '壹仟零捌拾元伍角'],
  ['1,200.00', '壹仟贰佰元整'],
  ['1,234.56', '壹仟贰佰叁拾肆元伍角陆分'],
  ['1,409.50', '壹仟肆佰零玖元伍角'],
  ['1,680.32', '壹仟陆佰捌拾元叁角贰分'],
  ['1,900.00', '壹仟玖佰元整'],
  ['2,000.00', '贰仟元整'],
  ['6,007.14', '陆仟零柒元壹角肆分'],
  ['10,000.00', '壹万元整'],
  ['10,001.00', '壹万零壹元整'],
  ['16,409.02', '壹万陆仟肆佰零玖元零贰分'],
  ['100,000.00', '壹拾万元整'],
  ['107,000.53', '壹拾万零柒仟元伍角叁分'],
  ['309,825.00', '叁拾万零玖仟捌佰贰拾伍元整'],
  ['1,000,000.10', '壹佰万元壹角'],
  ['1,000,010.00', '壹佰万零壹拾元整'],
  ['10,000,000.00', '壹仟万元整'],
  ['10,000,100.00', '壹仟万零壹佰元整'],
  ['10,020,030.40', '壹仟零贰万零叁拾元肆角'],
  ['12,345,678.90', '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角'],
  ['100,000,000.00', '壹亿元整'],
  ['100,000,001.00', '壹亿零壹元整'],
  ['100,010,000.00', '壹亿零壹万元整'],
  ['100,010,001.01', '壹亿零壹万零壹元零壹分'],
  ['200,000,000.00', '贰亿元整'],
  ['1,010,101,010.10', '壹拾亿零壹仟零壹拾万零壹仟零壹拾元壹角'],
  ['1,100,000,000.00', '壹拾壹亿元整'],
  ['100,000,000,000.00', '壹仟亿元整'],
  ['1,000,000,000,000.00', '壹万亿元整'],
  ['1,000,000,000,001.00', '壹万亿零壹元整'],
  ['1,000,100,000,000.00', '壹万零壹亿元整'],
  ['9,999,999,999,999.99', '玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  ['10,000,000,000,000.00', '壹拾万亿元整'],
  ['90,071,992,547,409.91', '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ['9,999,999,999,999,999.99', '玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
];

const DIGIT: Record<string, bigint> = {
  零: 0n,
  壹: 1n,
  贰: 2n,
  叁: 3n,
  肆: 4n,
  伍: 5n,
  陆: 6n,
  柒: 7n,
  捌: 8n,
  玖: 9n,
};
const UNIT: Record<string, bigint> = { 拾: 10n, 佰: 100n, 仟: 1000n };

/** A group below 万: digits each followed by its unit (or none for 个); 零 reads as nothing. */
function parseGroup(s: string): bigint {
  let total = 0n;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '零') continue;
    const d = DIGIT[ch];
    if (d === undefined) throw new Error(`not a digit: ${ch} in ${s}`);
    const u = UNIT[s[i + 1] ?? ''];
    if (u !== undefined) i++;
    total += d * (u ?? 1n);
  }
  return total;
}

/** An uppercase integer: the part before the last 亿 counts 亿s, before the last 万 counts 万s. */
function parseInteger(s: string): bigint {
  const y = s.lastIndexOf('亿');
  if (y >= 0) return parseInteger(s.slice(0, y)) * 100_000_000n + parseInteger(s.slice(y + 1));
  const w = s.lastIndexOf('万');
  if (w >= 0) return parseInteger(s.slice(0, w)) * 10_000n + parseInteger(s.slice(w + 1));
  return parseGroup(s);
}

/** Uppercase RMB → fen, for the round trip; written from the reading of the words alone. */
function parseUpper(text: string): bigint {
  const m = /^(?:(.+)元)?(?:零)?(?:(.)角)?(?:(.)分)?(整)?$/.exec(text);
  if (!m) throw new Error(`unreadable: ${text}`);
  const [, yuan, jiao, fenDigit] = m;
  const digit = (c: string | undefined): bigint => {
    if (c === undefined) return 0n;
    const d = DIGIT[c];
    if (d === undefined) throw new Error(`not a digit: ${c} in ${text}`);
    return d;
  };
  const y = yuan === undefined ? 0n : parseInteger(yuan);
  const j = digit(jiao);
  const f = digit(fenDigit);
  return y * 100n + j * 10n + f;
}

describe('rmbUpper writes amounts in uppercase as the People’s Bank of China rules require', () => {
  it.each(GOLDEN)('¥%s is written %s', (yuan, upper) => {
    const amount = fenOf(yuan);
    expect(rmbUpper(amount)).toBe(upper);
    if (amount <= BigInt(Number.MAX_SAFE_INTEGER)) expect(rmbUpper(Number(amount))).toBe(upper);
  });

  it('the test parser reads every golden form back to its amount, so it can judge the round trip', () => {
    for (const [yuan, upper] of GOLDEN) expect(parseUpper(upper), upper).toBe(fenOf(yuan));
  });

  it('the largest total the tool can hold (Number.MAX_SAFE_INTEGER fen) is written in full', () => {
    expect(rmbUpper(Number.MAX_SAFE_INTEGER)).toBe(
      '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分',
    );
  });

  it.each([
    ['a negative amount', -1],
    ['a negative bigint amount', -100n],
    ['a fraction of a fen', 12.5],
    ['NaN', Number.NaN],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
    ['10^16 yuan, beyond the 万亿 levels', 10n ** 18n],
  ] as [string, number | bigint][])('%s is refused with a RangeError', (_name, value) => {
    expect(() => rmbUpper(value)).toThrow(RangeError);
  });

  /** Amounts rich in zeros: the zero rules are where hand-written converters go wrong. */
  const zeroRich = fc
    .array(fc.constantFrom(0, 0, 0, 0, 1, 5, 9), { minLength: 1, maxLength: 18 })
    .map((ds) => BigInt(ds.join('')));
  const anyAmount = fc.oneof(
    zeroRich,
    fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }),
    fc.bigInt({ min: 0n, max: 10_000_00n }),
  );

  it('never writes two 零 in a row, never ends in 零, ends in 整 exactly when there is no jiao or fen, and reads back to the same fen', () => {
    fc.assert(
      fc.property(anyAmount, (amount) => {
        const s = rmbUpper(amount);
        expect(s).not.toContain('零零');
        expect(s.endsWith('零')).toBe(false);
        expect(s.endsWith('整')).toBe(amount % 100n === 0n);
        expect(s.startsWith('零')).toBe(amount === 0n);
        expect(parseUpper(s)).toBe(amount);
      }),
      { numRuns: 3000 },
    );
  });

  it('every 拾 follows a digit (壹拾, never a bare 拾)', () => {
    fc.assert(
      fc.property(anyAmount, (amount) => {
        expect(rmbUpper(amount)).not.toMatch(/(^|[^壹贰叁肆伍陆柒捌玖])拾/);
      }),
      { numRuns: 1000 },
    );
  });

  it('is our own code: rmb-upper imports nothing and the project does not depend on nzh', () => {
    const src = readFileSync(new URL('../../src/rules/rmb-upper.ts', import.meta.url), 'utf8');
    const imports = [...src.matchAll(/^\s*import\s.*from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(imports.every((p) => p === './money.js')).toBe(true);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('nzh');
  });
});
