/**
 * A bank's payout file name (银行代发-YEAR-BATCH-BANK.xlsx, outputs.md) and what makes a bank
 * name unfit for one (issue 18): pure, so the workbook reader, the payout plan and the
 * bank file writer use the same rule.
 */
import { forbiddenCharAt } from './characters.js';

/** Bytes of `s` in UTF-8. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  ':': '：',
  '"': '＂',
  '/': '／',
  '\\': '＼',
  '|': '｜',
  '?': '？',
  '*': '＊',
};

function safeNamePart(s: string): string {
  return (
    s
      .trim()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, (c) => FULL_WIDTH[c] ?? '_')
      // Windows drops trailing dots and spaces silently, which would make two names collide.
      .replace(/[. ]+$/, (m) => '_'.repeat(m.length))
  );
}

/** `银行代发-2012-base-荣成农商银行.xlsx`; characters illegal in file names become full-width look-alikes. */
export function bankFileName(year: number, batch: string, bank: string): string {
  const b = safeNamePart(bank);
  if (!b) throw new RangeError('bankFileName: empty bank name');
  return `银行代发-${year}-${safeNamePart(batch)}-${b}.xlsx`;
}

/** The longest file name (in UTF-8 bytes) that every file system the files are opened on takes. */
export const MAX_FILE_NAME_BYTES = 255;

/** The longest batch word: a bank whose file name fits with it fits with every batch. */
const LONGEST_BATCH = 'reward';

/**
 * Why a bank name cannot name a file, or null: a control or bidi character, a line break
 * or tab (issue 18: not a write failure after both approvals), or a generic file name past
 * 255 UTF-8 bytes.
 */
export function bankNameProblem(
  year: number,
  bank: string,
): 'bank_name_control' | 'bank_name_too_long' | null {
  if (forbiddenCharAt(bank) >= 0 || /[\t\n\r]/.test(bank)) return 'bank_name_control';
  if (!safeNamePart(bank)) return null;
  if (utf8Length(bankFileName(year, LONGEST_BATCH, bank)) > MAX_FILE_NAME_BYTES) return 'bank_name_too_long';
  return null;
}

/**
 * The file a bank's name comes to on the file systems the files are opened on: the legal
 * name (／ for /), in NFC (macOS does not tell NFC from NFD) and case-folded (Windows and
 * macOS do not tell ICBC from icbc). Two banks with one key would write one file.
 */
export function bankFileKey(bank: string): string {
  return safeNamePart(bank).normalize('NFC').toLowerCase();
}

/**
 * Pairs of bank names (as spelled) that would write the same file: each later spelling
 * with the first spelling of its key.
 */
export function bankNameClashes(banks: Iterable<string>): { bank: string; first: string }[] {
  const byKey = new Map<string, string>();
  const out: { bank: string; first: string }[] = [];
  const seen = new Set<string>();
  for (const bank of banks) {
    if (!bank || seen.has(bank)) continue;
    seen.add(bank);
    const key = bankFileKey(bank);
    if (!key) continue;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, bank);
    else out.push({ bank, first });
  }
  return out;
}
