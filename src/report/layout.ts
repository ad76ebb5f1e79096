import Table from 'cli-table3';
import stringWidth from 'string-width';
import { escapeTerminal } from './escape.js';

/**
 * Terminal layout: every width is measured here, by one function, so text cleaned of
 * control characters before it is measured (report/escape.ts) is measured the same way
 * everywhere. string-width is the very measure cli-table3 uses (the same copy), so a line
 * we wrap to N columns is N columns to the table too: CJK characters take two.
 */
export function textWidth(s: string): number {
  return stringWidth(s);
}

/** The width to lay out for when the output is not a terminal and COLUMNS is unset. */
export const DEFAULT_WIDTH = 80;
/** Narrower than this nothing useful fits; lay out for this and let the terminal wrap. */
export const MIN_WIDTH = 30;

/**
 * Columns to lay out for: the terminal's own width when the stream is a terminal, else
 * COLUMNS when set (shells export it; tests and scripts may set it), else 80.
 */
export function terminalWidth(
  stream: { isTTY?: boolean; columns?: number },
  env: Record<string, string | undefined>,
): number {
  let w = stream.isTTY && stream.columns ? stream.columns : Number.NaN;
  if (!(w > 0)) {
    const n = Number(env.COLUMNS);
    w = Number.isInteger(n) && n > 0 ? n : DEFAULT_WIDTH;
  }
  return Math.max(w, MIN_WIDTH);
}

// Characters after which a line may not start (closing punctuation), in Chinese and Latin text.
const NO_LINE_START = new Set([...'，。、；：！？）」』》〉】〕…％”’']);

// Characters before which a line may not end (opening punctuation).
const NO_LINE_END = new Set([...'（「『《〈【〔“‘']);

/**
 * Splits text into pieces a line may break between: Latin words with their trailing
 * spaces, single wide characters; a closing mark sticks to what it closes and an opening
 * mark to what it opens (a line never starts with 。 nor ends with （).
 */
function tokens(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let open = '';
  const flush = () => {
    if (word) out.push(word);
    word = '';
  };
  for (const ch of line) {
    if (NO_LINE_START.has(ch)) {
      if (word) word += ch;
      else if (out.length && !open) out[out.length - 1] += ch;
      else open += ch;
      continue;
    }
    if (NO_LINE_END.has(ch)) {
      if (word.endsWith(' ') || textWidth(word) > 0) flush();
      open += ch;
      continue;
    }
    if (textWidth(ch) === 2) {
      flush();
      word = open + ch;
      open = '';
      flush();
      continue;
    }
    if (ch === ' ') {
      word = open + word + ch;
      open = '';
      flush();
      continue;
    }
    if (word.endsWith(' ')) flush();
    word = open + word + ch;
    open = '';
  }
  word = open + word;
  flush();
  return out;
}

const CLAUSE_MARKS = '，；：、。';

/** Where a line may end after its last clause mark: the index just past it, or -1. */
function softBreak(line: string): number {
  for (let i = line.length - 1; i > 0; i--) if (CLAUSE_MARKS.includes(line[i] as string)) return i + 1;
  return -1;
}

/** Cuts a piece wider than the line into pieces of at most `width` columns (nothing dropped). */
function hardSplit(piece: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of piece) {
    if (cur && textWidth(cur + ch) > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Text wrapped to lines of at most `width` display columns. Latin text breaks at spaces,
 * CJK text between any two characters (never before a closing punctuation mark); a word
 * wider than the line is cut. Nothing is ever dropped or replaced by "…". Control and bidi
 * characters are shown escaped (escape.ts), so a hostile cell cannot act on the terminal.
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(2, width); // a CJK character is two columns: no line can be narrower
  const lines: string[] = [];
  // Every text a table or a block shows comes through here: its own line breaks are kept,
  // and within a line the controls and bidi marks from a workbook are shown escaped, and
  // measured as escaped (issue 18).
  for (const para of text.split(/\r?\n/).map(escapeTerminal)) {
    let cur = '';
    for (const tok of tokens(para)) {
      if (textWidth(cur + tok.trimEnd()) <= w) {
        cur += tok;
        continue;
      }
      if (cur.trim()) {
        // A clause of Chinese text is kept whole when it can be: the line ends after its
        // last clause mark (，；：、。) when that mark is past the line's middle and the rest
        // goes on the next line with this token ("户数 171 → 201：" / "档次 1,500 → 1,900").
        const soft = softBreak(cur);
        const rest = cur.slice(soft).trimStart();
        if (
          soft > 0 &&
          rest &&
          textWidth(cur.slice(0, soft)) * 2 > textWidth(cur) &&
          textWidth(rest + tok.trimEnd()) <= w
        ) {
          lines.push(cur.slice(0, soft).trimEnd());
          cur = rest + tok;
          continue;
        }
        lines.push(cur.trimEnd());
      }
      cur = '';
      const parts = textWidth(tok.trimEnd()) > w ? hardSplit(tok.trimEnd(), w) : [tok];
      for (const p of parts.slice(0, -1)) lines.push(p);
      cur = parts[parts.length - 1] ?? '';
    }
    lines.push(cur.trimEnd());
  }
  return lines;
}

/**
 * Text wrapped to `width` columns as a block: the first line starts with `first` (a label
 * or a mark, at most `indent` columns), the others with `indent` spaces.
 */
export function wrapIndented(text: string, width: number, first: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lead = first + ' '.repeat(Math.max(0, indent - textWidth(first)));
  return wrapText(text, Math.max(1, width - indent)).map((l, i) => (i === 0 ? lead : pad) + l);
}

export type Align = 'left' | 'right' | 'center';

export interface FitTableOptions {
  head: string[];
  rows: (string | number)[][];
  width: number;
  color: boolean;
  aligns?: Align[];
  /** Columns whose text may be wrapped (text); the others (numbers, codes) keep their width. */
  wrap?: boolean[];
  /** No rule between data rows. */
  compact?: boolean;
  /** Colours for a cell, applied after it is laid out (widths are measured uncoloured). */
  paint?: (row: number, col: number, text: string) => string;
  /** No header row (a table of key and value). */
  noHead?: boolean;
  /** A note under a row, across the whole table (never beside another column). */
  note?: (row: number) => string | undefined;
}

const BORDER = 3; // "│ " before and " " after each cell's text, plus the closing "│"

/**
 * A table at most `width` columns wide: columns keep their natural width when the table
 * fits; otherwise the wrappable columns share what is left, widest first. When even that
 * cannot fit, each row becomes a block of "header: value" lines (a stacked table), so no
 * line is ever wider than the terminal and no text is cut.
 */
export function fitTable(o: FitTableOptions): string {
  const n = o.head.length;
  const cells = o.rows.map((r) => r.map((v) => String(v ?? '')));
  const natural = o.head.map((h, i) =>
    Math.max(
      1,
      ...wrapText(h, 1e9).map(textWidth),
      ...cells.flatMap((r) => wrapText(r[i] ?? '', 1e9).map(textWidth)),
    ),
  );
  const frame = n * BORDER + 1;
  const widths = [...natural];
  const wrap = o.wrap ?? o.head.map(() => false);
  // A header may always wrap between its words; a value only in a wrappable column.
  const headWord = o.head.map((h) => Math.max(1, ...wordWidths(h)));
  const dataNatural = o.head.map((_, i) =>
    Math.max(1, ...cells.flatMap((r) => wrapText(r[i] ?? '', 1e9).map(textWidth))),
  );
  const minOf = (i: number) =>
    wrap[i]
      ? Math.min(natural[i] as number, Math.max(6, headWord[i] as number))
      : Math.max(dataNatural[i] as number, headWord[i] as number);
  let total = widths.reduce((a, b) => a + b, 0) + frame;
  let over = total - o.width;
  while (over > 0) {
    // Take a column from the widest that can still give.
    let widest = -1;
    for (let i = 0; i < n; i++) {
      if ((widths[i] as number) <= minOf(i)) continue;
      if (widest < 0 || (widths[i] as number) > (widths[widest] as number)) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
    over--;
  }
  total = widths.reduce((a, b) => a + b, 0) + frame;
  if (total > o.width) return stackedTable(o.noHead ? null : o.head, cells, o.width, o.note);
  const paint = o.paint ?? ((_r: number, _c: number, t: string) => t);
  const table = new Table({
    head: o.noHead ? [] : o.head.map((h, i) => wrapText(h, widths[i] as number).join('\n')),
    style: { head: o.color ? ['cyan'] : [], border: o.color ? ['grey'] : [] },
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    ...(o.aligns ? { colAligns: o.aligns } : {}),
    ...(o.compact ? { chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } } : {}),
  });
  cells.forEach((r, ri) => {
    table.push(
      r.map((v, ci) =>
        wrapText(v, widths[ci] as number)
          .map((l) => (l ? paint(ri, ci, l) : l))
          .join('\n'),
      ),
    );
    const note = o.note?.(ri);
    if (note) {
      const span = total - 4;
      table.push([{ colSpan: n, content: wrapText(note, span).join('\n') }]);
    }
  });
  return table.toString();
}

function wordWidths(s: string): number[] {
  return s.split(/\s+/).map(textWidth);
}

/** Rows as blocks of "header  value" lines, each block after a blank line: for terminals too narrow for the table. */
function stackedTable(
  head: string[] | null,
  rows: string[][],
  width: number,
  note?: (row: number) => string | undefined,
): string {
  const out: string[] = [];
  if (!head) {
    // Key and value: the key on its line, the value under it.
    for (const [k = '', ...rest] of rows) {
      out.push(...wrapText(k, width), ...rest.flatMap((v) => wrapIndented(v, width, '', 2)));
    }
    return out.join('\n');
  }
  const label = Math.min(Math.max(...head.map(textWidth)), Math.floor(width / 3));
  const indent = label + 2;
  rows.forEach((r, ri) => {
    if (ri) out.push('');
    r.forEach((v, ci) => {
      if (v === '') return;
      const h = head[ci] ?? '';
      if (textWidth(h) <= label) out.push(...wrapIndented(v, width, h, indent));
      else out.push(...wrapText(h, width), ...wrapIndented(v, width, '', indent));
    });
    const n = note?.(ri);
    if (n) out.push(...wrapText(n, width));
  });
  return out.join('\n');
}
