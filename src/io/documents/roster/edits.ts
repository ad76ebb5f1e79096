/**
 * The roster's own row digests (the hidden sheet 行摘要, spec/approvals.md) against its
 * rows as they are now: the roster digest recomputed, and every edited, added or removed
 * row located with its row number and, for an edit, the headers whose fields changed.
 *
 * Streamed: when 行摘要 comes after the 花名册 (as subsidy writes it) each stored digest is
 * compared with its row's as it is read, and nothing is kept while they agree. From the
 * first difference on (or when 行摘要 comes first) the stored entries and the rows' digests
 * are kept to be aligned: only a roster that will be refused holds them.
 *
 * The stored digests are the file's own word, which anyone can rewrite: they only locate
 * edits. What decides is the roster digest made from the rows, which approvals sign.
 */
import type { Manifest } from '../manifest.js';
import {
  changedFields,
  type DigestHeader,
  type DigestRow,
  digestManifestOf,
  MANIFEST_DIGEST_FIELDS,
  manifestFieldCode,
  RosterDigester,
  rowDigest,
} from './digest.js';

/** One located edit: the Excel row of the 花名册 (for a removed row: where it was when made). */
export type RowEdit =
  | { kind: 'edited'; row: number; headers: DigestHeader[] }
  | { kind: 'added'; row: number }
  | { kind: 'removed'; row: number };

export interface RowDigestRead {
  /** The roster digest of the rows and manifest as they are now ('' without a manifest). */
  digest: string;
  /** Whether the roster has the hidden sheet 行摘要. */
  present: boolean;
  /** At most MAX_EDITS edits, in row order of the roster as it is. */
  edits: RowEdit[];
  /** Edits past MAX_EDITS, counted. */
  moreEdits: number;
  /** The 校验 labels of digested manifest fields whose value is not the one the roster was made with. */
  manifestEdits: string[];
}

/** Edits named one by one; past this they are counted (a sorted sheet would name every row). */
export const MAX_EDITS = 1000;

interface Stored {
  row: number;
  digest: string;
  codes: string;
}

/** The hidden sheet's rows as they come (push), then the comparison (end). */
export class RowDigests {
  private present = false;
  private readonly digester = new RosterDigester();
  private readonly manifestCodes = new Map<string, string>();
  /** Rows of the 花名册 digested so far. */
  private fed = 0;
  /** Stored entries seen. */
  private count = 0;
  /** Index of the first stored entry that differed (-1: none yet). */
  private from = -1;
  private readonly storedTail: Stored[] = [];
  private readonly curTail: string[] = [];

  /** The row digest of rows[fed], added to the roster digest (and kept once rows differ). */
  private feed(rows: readonly DigestRow[]): string {
    const d = rowDigest(rows[this.fed] as DigestRow);
    this.digester.add(d);
    if (this.from >= 0) this.curTail.push(d);
    this.fed++;
    return d;
  }

  /**
   * Row r of 行摘要 as text (cells[c], 1-based). `rows`: the 花名册's rows when that sheet
   * has been read whole, else null.
   */
  push(r: number, cells: readonly (string | undefined)[], rows: readonly DigestRow[] | null): void {
    this.present = true;
    if (r === 1) return;
    const label = (cells[4] ?? '').trim();
    if (label) this.manifestCodes.set(label, (cells[5] ?? '').trim());
    const digest = (cells[2] ?? '').trim();
    if (!digest) return;
    const entry: Stored = { row: Number(cells[1]) || 0, digest, codes: (cells[3] ?? '').trim() };
    const j = this.count++;
    if (this.from < 0 && rows && j === this.fed && j < rows.length) {
      const d = this.feed(rows);
      if (d === digest) return;
      this.from = j;
      this.curTail.push(d);
      this.storedTail.push(entry);
      return;
    }
    if (this.from < 0) this.from = j;
    this.storedTail.push(entry);
  }

  /** The roster digest and the edits, once every sheet has been read. */
  end(rows: readonly (DigestRow & { row: number })[], manifest: Manifest | null): RowDigestRead {
    if (this.present && this.from < 0 && this.count !== rows.length)
      this.from = Math.min(this.count, this.fed);
    while (this.fed < rows.length) this.feed(rows);
    const digest = manifest ? this.digester.finish(digestManifestOf(manifest)) : '';
    const out: RowDigestRead = { digest, present: this.present, edits: [], moreEdits: 0, manifestEdits: [] };
    if (!this.present) return out;
    if (manifest) {
      const dm = digestManifestOf(manifest);
      for (const [k, label] of MANIFEST_DIGEST_FIELDS) {
        if (this.manifestCodes.get(label) !== manifestFieldCode(dm, k)) out.manifestEdits.push(label);
      }
    }
    if (this.from < 0) return out;
    const add = (e: RowEdit) => {
      if (out.edits.length < MAX_EDITS) out.edits.push(e);
      else out.moreEdits++;
    };
    const base = this.from;
    const cur = this.curTail;
    const st = this.storedTail;
    const rowAt = (i: number) => rows[base + i] as DigestRow & { row: number };
    const edited = (i: number, s: Stored) => {
      const r = rowAt(i);
      add({ kind: 'edited', row: r.row, headers: s.codes ? changedFields(s.codes, r) : [] });
    };
    if (cur.length === st.length) {
      cur.forEach((d, i) => {
        const s = st[i] as Stored;
        if (d !== s.digest) edited(i, s);
      });
      return out;
    }
    const storedSet = new Set(st.map((s) => s.digest));
    const curSet = new Set(cur);
    let i = 0;
    let j = 0;
    while (i < cur.length && j < st.length) {
      const d = cur[i] as string;
      const s = st[j] as Stored;
      if (d === s.digest) {
        i++;
        j++;
        continue;
      }
      const curKnown = storedSet.has(d);
      const storedKnown = curSet.has(s.digest);
      if (curKnown && !storedKnown) {
        add({ kind: 'removed', row: s.row });
        j++;
      } else if (!curKnown && storedKnown) {
        add({ kind: 'added', row: rowAt(i).row });
        i++;
      } else {
        edited(i, s);
        i++;
        j++;
      }
    }
    for (; i < cur.length; i++) add({ kind: 'added', row: rowAt(i).row });
    for (; j < st.length; j++) add({ kind: 'removed', row: (st[j] as Stored).row });
    return out;
  }
}
