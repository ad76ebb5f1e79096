const DIGITS = '零壹贰叁肆伍陆柒捌玖';
/** Unit of a digit inside its group of four: 个, 拾, 佰, 仟. */
const IN_GROUP = ['', '拾', '佰', '仟'];
/** Amounts of 10^16 yuan (10^18 fen) and more would need a 亿亿 level no bank voucher has. */
const LIMIT_FEN = 10n ** 18n;

/**
 * 人民币大写 of an amount in fen, by the People's Bank of China's rules for filling in bills and
 * settlement vouchers (spec/outputs.md, 银行代发), always in the one form the tool writes:
 * 整 after 元 when there is no jiao or fen; nothing after 角 or 分; one 零 for each run of
 * zeros between non-zero digits of the yuan part (a zero 万 digit included); 零 before 分
 * when the jiao digit is 0; no 零 between 元 and a non-zero 角; every 拾 with its digit
 * (壹拾); no 元 below one yuan (伍分); 0 is 零元整.
 *
 * From 1 万亿 yuan up the count of 亿 is itself written with 万 (as in spoken Chinese), so
 * 1,000,000,000,000 is 壹万亿元整 and 90,071,992,547,409.91 is
 * 玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分; 10^16 yuan and more, negative
 * or fractional fen throw RangeError (a bug: the callers hold whole, non-negative fen).
 */
export function rmbUpper(amountFen: number | bigint): string {
  if (typeof amountFen === 'number' && !Number.isSafeInteger(amountFen)) {
    throw new RangeError(`rmbUpper: not a whole number of fen: ${amountFen}`);
  }
  const total = BigInt(amountFen);
  if (total < 0n) throw new RangeError(`rmbUpper: negative amount: ${total} fen`);
  if (total >= LIMIT_FEN) throw new RangeError(`rmbUpper: amount too large: ${total} fen`);

  const yuan = total / 100n;
  const jiao = Number((total / 10n) % 10n);
  const fenDigit = Number(total % 10n);

  if (total === 0n) return '零元整';

  let out = yuan > 0n ? `${yuanUpper(yuan.toString())}元` : '';
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  if (fenDigit > 0) out += `${DIGITS[fenDigit]}分`;
  return out;
}

/** The yuan part (decimal digits, no leading zeros, not "0") in uppercase, without 元. */
function yuanUpper(digits: string): string {
  const len = digits.length;
  const at = (p: number): number => (p < len ? Number(digits[len - 1 - p]) : 0);
  const anyNonZero = (from: number, to: number): boolean => {
    for (let p = from; p <= to; p++) if (at(p) !== 0) return true;
    return false;
  };
  let out = '';
  let seenNonZero = false;
  let zeroRun = false;
  for (let p = len - 1; p >= 0; p--) {
    const d = at(p);
    if (d === 0) {
      if (seenNonZero) zeroRun = true;
    } else {
      if (zeroRun) out += '零';
      zeroRun = false;
      seenNonZero = true;
      out += `${DIGITS[d]}${IN_GROUP[p % 4]}`;
    }
    // 万 closes its group of four only when the group has a digit; 亿 closes the whole count
    // of 亿 above it, which is itself written with 万 (壹万亿, 玖拾万零柒佰壹拾玖亿).
    if ((p === 4 || p === 12) && anyNonZero(p, p + 3)) out += '万';
    if (p === 8 && anyNonZero(8, len - 1)) out += '亿';
  }
  return out;
}
