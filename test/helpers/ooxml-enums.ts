import { unzipSync } from 'fflate';

/**
 * The enumerated attributes of SpreadsheetML our writers emit, with the values ECMA-376
 * (5th edition, Part 1, the sml.xsd simple types named in each comment) allows. An output
 * with any other value is not valid OOXML: Excel "repairs" it (dropping what it cannot
 * read) and openpyxl refuses to open it.
 */
const BOOL = ['0', '1', 'true', 'false'];
const PANE = ['bottomRight', 'topRight', 'bottomLeft', 'topLeft']; // ST_Pane
const BORDER = [
  'none',
  'thin',
  'medium',
  'dashed',
  'dotted',
  'thick',
  'double',
  'hair',
  'mediumDashed',
  'dashDot',
  'mediumDashDot',
  'dashDotDot',
  'mediumDashDotDot',
  'slantDashDot',
]; // ST_BorderStyle

export const ENUMS: Record<string, Record<string, readonly string[]>> = {
  dataValidation: {
    type: ['none', 'whole', 'decimal', 'list', 'date', 'time', 'textLength', 'custom'], // ST_DataValidationType
    errorStyle: ['stop', 'warning', 'information'], // ST_DataValidationErrorStyle
    operator: [
      'between',
      'notBetween',
      'equal',
      'notEqual',
      'lessThan',
      'lessThanOrEqual',
      'greaterThan',
      'greaterThanOrEqual',
    ],
    imeMode: [
      'noControl',
      'off',
      'on',
      'disabled',
      'hiragana',
      'fullKatakana',
      'halfKatakana',
      'fullAlpha',
      'halfAlpha',
      'fullHangul',
      'halfHangul',
    ],
    allowBlank: BOOL,
    showDropDown: BOOL,
    showInputMessage: BOOL,
    showErrorMessage: BOOL,
  },
  pageSetup: {
    orientation: ['default', 'portrait', 'landscape'], // ST_Orientation
    pageOrder: ['downThenOver', 'overThenDown'], // ST_PageOrder
    cellComments: ['none', 'asDisplayed', 'atEnd'], // ST_CellComments
    errors: ['displayed', 'blank', 'dash', 'NA'], // ST_PrintError
    useFirstPageNumber: BOOL,
    usePrinterDefaults: BOOL,
    blackAndWhite: BOOL,
    draft: BOOL,
  },
  pageSetUpPr: { fitToPage: BOOL, autoPageBreaks: BOOL },
  printOptions: {
    horizontalCentered: BOOL,
    verticalCentered: BOOL,
    headings: BOOL,
    gridLines: BOOL,
    gridLinesSet: BOOL,
  },
  headerFooter: { differentOddEven: BOOL, differentFirst: BOOL, scaleWithDoc: BOOL, alignWithMargins: BOOL },
  pane: { state: ['split', 'frozen', 'frozenSplit'], activePane: PANE }, // ST_PaneState
  selection: { pane: PANE },
  sheetView: {
    view: ['normal', 'pageBreakPreview', 'pageLayout'], // ST_SheetViewType
    tabSelected: BOOL,
    showGridLines: BOOL,
    rightToLeft: BOOL,
    zoomToFit: BOOL,
  },
  sheet: { state: ['visible', 'hidden', 'veryHidden'] }, // ST_SheetState
  workbookView: { visibility: ['visible', 'hidden', 'veryHidden'] }, // ST_Visibility
  calcPr: { calcMode: ['manual', 'auto', 'autoNoTable'], refMode: ['A1', 'R1C1'], fullCalcOnLoad: BOOL },
  c: { t: ['b', 'd', 'e', 'inlineStr', 'n', 's', 'str'] }, // ST_CellType
  f: { t: ['normal', 'array', 'dataTable', 'shared'] }, // ST_CellFormulaType
  row: { hidden: BOOL, customHeight: BOOL, customFormat: BOOL },
  col: { hidden: BOOL, customWidth: BOOL, bestFit: BOOL },
  alignment: {
    horizontal: ['general', 'left', 'center', 'right', 'fill', 'justify', 'centerContinuous', 'distributed'],
    vertical: ['top', 'center', 'bottom', 'justify', 'distributed'],
    wrapText: BOOL,
    shrinkToFit: BOOL,
  },
  left: { style: BORDER },
  right: { style: BORDER },
  top: { style: BORDER },
  bottom: { style: BORDER },
  diagonal: { style: BORDER },
  patternFill: {
    patternType: [
      'none',
      'solid',
      'mediumGray',
      'darkGray',
      'lightGray',
      'darkHorizontal',
      'darkVertical',
      'darkDown',
      'darkUp',
      'darkGrid',
      'darkTrellis',
      'lightHorizontal',
      'lightVertical',
      'lightDown',
      'lightUp',
      'lightGrid',
      'lightTrellis',
      'gray125',
      'gray0625',
    ], // ST_PatternType
  },
  gradientFill: { type: ['linear', 'path'] },
  u: { val: ['single', 'double', 'singleAccounting', 'doubleAccounting', 'none'] }, // ST_UnderlineValues
  vertAlign: { val: ['superscript', 'subscript', 'baseline'] },
  scheme: { val: ['none', 'major', 'minor'] }, // ST_FontScheme
  xf: {
    applyFont: BOOL,
    applyFill: BOOL,
    applyBorder: BOOL,
    applyAlignment: BOOL,
    applyNumberFormat: BOOL,
    applyProtection: BOOL,
    quotePrefix: BOOL,
  },
  protection: { locked: BOOL, hidden: BOOL },
  definedName: { hidden: BOOL },
  mergeCell: {},
  Relationship: { TargetMode: ['External', 'Internal'] },
};

export interface BadAttribute {
  part: string;
  element: string;
  attribute: string;
  value: string;
}

/** Every enumerated attribute of every XML part of an xlsx whose value ECMA-376 does not allow. */
export function badAttributes(xlsx: Uint8Array): { bad: BadAttribute[]; checked: number } {
  const parts = unzipSync(xlsx);
  const bad: BadAttribute[] = [];
  let checked = 0;
  const dec = new TextDecoder();
  for (const [part, bytes] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(part)) continue;
    const xml = dec.decode(bytes);
    for (const tag of xml.matchAll(/<(?:[\w]+:)?([A-Za-z]+)(\s[^<>]*?)?\/?>/g)) {
      const element = tag[1] as string;
      const rules = ENUMS[element];
      if (!rules || !tag[2]) continue;
      for (const a of tag[2].matchAll(/([\w:]+)="([^"]*)"/g)) {
        const attribute = a[1] as string;
        const allowed = rules[attribute];
        if (!allowed) continue;
        checked++;
        if (!allowed.includes(a[2] as string)) bad.push({ part, element, attribute, value: a[2] as string });
      }
    }
  }
  return { bad, checked };
}
