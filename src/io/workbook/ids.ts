import { isoFromParts } from './dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: the check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] as string;
}

export type IdProblem = 'id_15_digit' | 'id_format' | 'id_birth_date' | 'id_checksum';

/**
 * Checks a normalised ID number (spaces removed, upper-case X): 18 characters, a real
 * birth date between 1900 and `maxYear`, a valid check character. A 15-digit number is
 * the old format, to be converted. Returns the first problem, or null.
 */
export function checkIdNumber(id: string, maxYear: number): IdProblem | null {
  if (/^\d{15}$/.test(id)) return 'id_15_digit';
  if (!/^\d{17}[\dX]$/.test(id)) return 'id_format';
  const y = Number(id.slice(6, 10));
  const iso = isoFromParts(y, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
  if (!iso || y < 1900 || y > maxYear) return 'id_birth_date';
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'id_checksum';
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
    let d = Number(digits[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}
