import type { IsoDate } from '../../rules/types.js';
import { normaliseNumberText, toHalfWidth } from './normalise.js';

const DAY_MS = 86_400_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** A real calendar date as ISO text, or null (2012-02-30 → null). */
export function isoFromParts(y: number, m: number, d: number): IsoDate | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/**
 * A date cell as exceljs gives it (UTC fields are the calendar date): the date part; a
 * time within a second of midnight is taken as the next day (float residue of a serial).
 */
export function isoFromDateCell(d: Date): IsoDate | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const day = Math.floor((t + 1000) / DAY_MS);
  const u = new Date(day * DAY_MS);
  return isoFromParts(u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate());
}

/**
 * An Excel serial number in the 1900 system (serial 1 = 1900-01-01, 60 = the fictitious
 * 1900-02-29 Excel keeps for Lotus compatibility) or the 1904 system (serial 0 = 1904-01-01).
 * The time of day (fraction) is dropped.
 */
export function isoFromSerial(serial: number, date1904: boolean): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const n = Math.floor(serial + 1 / 86_400);
  let ms: number;
  if (date1904) ms = Date.UTC(1904, 0, 1) + n * DAY_MS;
  else if (n === 60 || n === 0) return null;
  else if (n < 60) ms = Date.UTC(1899, 11, 31) + n * DAY_MS;
  else ms = Date.UTC(1899, 11, 30) + n * DAY_MS;
  const u = new Date(ms);
  return isoFromParts(u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate());
}

/** A time of day after a date: 2012-03-31 00:00:00, 2012-03-31T08:30. */
const TIME_AFTER_DATE = /(?:T|\s)+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

const TEXT_FORMS = [
  // 2012-03-31, 2012/3/31, 2012.3.31
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/,
  // 2012年3月31日 (日 may be left off)
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  // 20120331
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A date typed as text: 2012-03-31, 2012/3/31, 2012.3.31, 2012年3月31日, 20120331
 * (full-width digits and stray spaces too; a time after the date is ignored).
 */
export function isoFromText(s: string): IsoDate | null {
  const noTime = toHalfWidth(s).trim().replace(TIME_AFTER_DATE, '');
  const t = normaliseNumberText(noTime);
  for (const re of TEXT_FORMS) {
    const m = re.exec(t);
    if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return null;
}

/** An 8-digit number typed into a General cell as a date (20120331). */
export function isoFromCompactNumber(n: number): IsoDate | null {
  if (!Number.isInteger(n) || n < 10_000_000 || n > 99_999_999) return null;
  return isoFromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100);
}
