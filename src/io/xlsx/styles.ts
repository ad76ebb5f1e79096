/**
 * The styles.xml of xlsx-fast: every distinct cell format is defined once (a cellXfs
 * entry) and cells refer to it by index. Fonts, fills, borders and number formats are
 * shared the same way.
 */
import { elementsOf, XlsxFormatError, xmlAttr } from './xml.js';

export type HAlign = 'left' | 'center' | 'right';

export interface CellStyle {
  size: number;
  bold?: boolean;
  /** The grey header fill. */
  fill?: boolean;
  /** Thin borders on all four sides. */
  border?: boolean;
  numFmt?: string;
  h?: HAlign;
  wrap?: boolean;
}

/** Excel's built-in number formats that this writer uses (ECMA-376 §18.8.30); others get ids from 164. */
const BUILTIN_FMT: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '@': 49,
};
export const FONT_NAME = '宋体';

export class StyleTable {
  private readonly xfs = new Map<string, number>();
  private readonly xfXml: string[] = [];
  private readonly fonts = new Map<string, number>();
  private readonly fontXml: string[] = [];
  private readonly fmts = new Map<string, number>();

  constructor() {
    // Font 0 and xf 0 are the workbook default (Calibri 11, as exceljs and Excel write it):
    // column widths are measured in digits of this font.
    this.fontXml.push('<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>');
    this.fonts.set('default', 0);
    this.xfXml.push('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
    this.xfs.set('default', 0);
  }

  /**
   * The table a styles.xml was written from, with every cell format at the index it has
   * there, so a sheet written with it can take the place of one of that workbook's sheets
   * (rewrite.ts replaces a sheet this way). Null for a styles.xml that this class did not write
   * (one saved by Excel, WPS or exceljs): the table rebuilt must write the very same bytes.
   */
  static fromXml(xml: string): StyleTable | null {
    const fmts = new Map<number, string>();
    try {
      // the workbook reader's own reading of the formats (entities decoded)
      for (const a of elementsOf(xml, 'numFmt')) fmts.set(Number(a.numFmtId), a.formatCode ?? '');
    } catch (e) {
      // not XML this class wrote (a malformed entity)
      if (e instanceof XlsxFormatError) return null;
      throw e;
    }
    const builtin = new Map(Object.entries(BUILTIN_FMT).map(([code, id]) => [id, code]));
    const fonts: { size: number; bold: boolean }[] = [];
    const fontList = /<fonts count="\d+">(.*?)<\/fonts>/.exec(xml)?.[1] ?? '';
    for (const m of fontList.matchAll(/<font>(<b\/>)?<sz val="([\d.]+)"\/>/g))
      fonts.push({ bold: Boolean(m[1]), size: Number(m[2]) });
    const xfList = /<cellXfs count="\d+">(.*?)<\/cellXfs>/.exec(xml)?.[1];
    if (xfList === undefined) return null;
    const table = new StyleTable();
    const xfs = [
      ...xfList.matchAll(
        /<xf numFmtId="(\d+)" fontId="(\d+)" fillId="(\d+)" borderId="(\d+)" xfId="0"[^>]*>(?:<alignment(?: horizontal="(left|center|right)")? vertical="center"( wrapText="1")?\/>)?<\/xf>/g,
      ),
    ];
    for (const m of xfs) {
      const font = fonts[Number(m[2])];
      if (!font) return null;
      const fmtId = Number(m[1]);
      const numFmt = fmtId === 0 ? undefined : (builtin.get(fmtId) ?? fmts.get(fmtId));
      if (fmtId !== 0 && numFmt === undefined) return null;
      const style: CellStyle = { size: font.size };
      if (font.bold) style.bold = true;
      if (m[3] === '2') style.fill = true;
      if (m[4] === '1') style.border = true;
      if (numFmt !== undefined) style.numFmt = numFmt;
      if (m[5]) style.h = m[5] as HAlign;
      if (m[6]) style.wrap = true;
      table.id(style);
    }
    return table.xml() === xml ? table : null;
  }

  /** The cellXfs index of `s`, defined on first use. */
  id(s: CellStyle): number {
    // General is format 0, the same as none: one key, so one xf for both.
    const fmt = s.numFmt === 'General' ? '' : (s.numFmt ?? '');
    const key = `${s.size}|${s.bold ? 1 : 0}|${s.fill ? 1 : 0}|${s.border ? 1 : 0}|${fmt}|${s.h ?? ''}|${s.wrap ? 1 : 0}`;
    const known = this.xfs.get(key);
    if (known !== undefined) return known;
    const fontKey = `${s.size}|${s.bold ? 1 : 0}`;
    let fontId = this.fonts.get(fontKey);
    if (fontId === undefined) {
      fontId = this.fontXml.length;
      this.fonts.set(fontKey, fontId);
      this.fontXml.push(
        `<font>${s.bold ? '<b/>' : ''}<sz val="${s.size}"/><name val="${FONT_NAME}"/><charset val="134"/></font>`,
      );
    }
    let fmtId = 0;
    if (s.numFmt) {
      fmtId = BUILTIN_FMT[s.numFmt] ?? this.fmts.get(s.numFmt) ?? 164 + this.fmts.size;
      if (BUILTIN_FMT[s.numFmt] === undefined) this.fmts.set(s.numFmt, fmtId);
    }
    const align = `<alignment${s.h ? ` horizontal="${s.h}"` : ''} vertical="center"${s.wrap ? ' wrapText="1"' : ''}/>`;
    const id = this.xfXml.length;
    this.xfXml.push(
      `<xf numFmtId="${fmtId}" fontId="${fontId}" fillId="${s.fill ? 2 : 0}" borderId="${s.border ? 1 : 0}" xfId="0"${fmtId ? ' applyNumberFormat="1"' : ''} applyFont="1"${s.fill ? ' applyFill="1"' : ''}${s.border ? ' applyBorder="1"' : ''} applyAlignment="1">${align}</xf>`,
    );
    this.xfs.set(key, id);
    return id;
  }

  xml(): string {
    const fmts = [...this.fmts].map(
      ([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlAttr(code)}"/>`,
    );
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : '') +
      `<fonts count="${this.fontXml.length}">${this.fontXml.join('')}</fonts>` +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      '<border><left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right>' +
      '<top style="thin"><color indexed="64"/></top><bottom style="thin"><color indexed="64"/></bottom><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfXml.length}">${this.xfXml.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}
