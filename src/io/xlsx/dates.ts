/**
 * The one date module: ISO calendar dates (YYYY-MM-DD text) as Excel stores and people type
 * them (serial numbers in both date systems, date cells, typed text, 8-digit numbers), the
 * machine's local date and time, and the Chinese long form. No clock is read here: callers
 * pass the Date.
 */
import { normaliseNumberText, toHalfWidth } from './text.js';

/** A calendar date as ISO 8601 text: 2012-12-31. */
export type IsoDate = string;

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

/** '2013-01-05' → '2013年1月5日'. */
export function zhDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** Calendar arithmetic on an ISO date (no clock). */
export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A Date's calendar day on this machine's clock, as ISO text. */
export function localIsoDate(d: Date): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A Date as ISO 8601 local time with its offset, e.g. 2013-01-20T09:30:00+08:00. */
export function localIsoDateTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${localIsoDate(d)}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${p(Math.trunc(a / 60))}:${p(a % 60)}`;
}

const FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A date typed on the command line (2012-12-31, 2012/12/31, 2012.12.31, 2012年12月31日, 20121231); null when not a real date. */
export function parseDateArg(text: string): IsoDate | null {
  const t = text.trim();
  for (const re of FORMS) {
    const m = re.exec(t);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
    return dt.toISOString().slice(0, 10);
  }
  return null;
}
