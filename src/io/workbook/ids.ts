const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: the check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] as string;
}

export type IdProblem = 'id_15_digit' | 'id_format' | 'id_birth_date' | 'id_checksum';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of `id` from `from` to `to` (exclusive) as a number; all are digits already. */
function digits(id: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (id.charCodeAt(i) - 48);
  return n;
}

/** Whether characters [0, n) of `s` are ASCII digits. */
function allDigits(s: string, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Checks a normalised ID number (spaces removed, upper-case X): 18 characters, a real
 * birth date between 1900 and `maxYear`, a valid check character. A 15-digit number is
 * the old format, to be converted. Returns the first problem, or null. (Run for every
 * cadre row: characters and arithmetic only, no regex, Date or string built.)
 */
export function checkIdNumber(id: string, maxYear: number): IdProblem | null {
  if (id.length === 15 && allDigits(id, 15)) return 'id_15_digit';
  if (id.length !== 18 || !allDigits(id, 17)) return 'id_format';
  const last = id.charCodeAt(17);
  if (last !== 88 && (last < 48 || last > 57)) return 'id_format';
  const y = digits(id, 6, 10);
  const m = digits(id, 10, 12);
  const d = digits(id, 12, 14);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  if (y < 1900 || y > maxYear || m < 1 || m > 12 || d < 1 || d > days) return 'id_birth_date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  if (CHECK.charCodeAt(sum % 11) !== last) return 'id_checksum';
  return null;
}

/**
 * The 18-digit form of an old 15-digit number (19 inserted before the year, check
 * character appended): what the person would convert it to — to be checked against the card.
 */
export function convert15(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

/** The Luhn (mod 10) check most bank card numbers carry; passbook accounts often fail it. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}
