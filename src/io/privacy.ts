import ExcelJS from 'exceljs';

/** An 18-character (17 digits + digit or X) or a 15-digit ID pattern, not inside a longer run of letters or digits. */
const ID_PATTERN = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/;
/** A SHA-256 in hex: the 校验 sheet's hashes, which are not personal data. */
const HASH = /^[0-9a-f]{64}$/;

function cellTexts(v: ExcelJS.CellValue): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (v instanceof Date) return [];
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if (Array.isArray(o.richText)) return [(o.richText as { text: string }[]).map((r) => r.text).join('')];
    const out: string[] = [];
    for (const k of ['text', 'result', 'formula', 'hyperlink'])
      if (typeof o[k] === 'string' || typeof o[k] === 'number') out.push(String(o[k]));
    return out;
  }
  return [];
}

/**
 * outputs.md 公示表: reads the notice workbook back and lists every cell that holds an
 * ID-number pattern, a known ID number or a known card number (none may appear).
 */
export async function noticeLeaks(
  bytes: Uint8Array,
  secrets: { idNumbers: Iterable<string>; accounts: Iterable<string> },
): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const known = [...new Set([...secrets.idNumbers, ...secrets.accounts])].filter((s) => s.length >= 6);
  const leaks: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        for (const text of cellTexts(cell.value)) {
          if (HASH.test(text)) continue;
          const compact = text.replace(/\s+/g, '');
          if (ID_PATTERN.test(compact) || known.some((k) => compact.includes(k))) {
            leaks.push(`${ws.name}!${cell.address}`);
          }
        }
      });
    });
  });
  return leaks;
}
