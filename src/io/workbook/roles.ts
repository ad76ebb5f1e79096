import type { Policy } from '../../rules/types.js';
import { removeSpaces, toHalfWidth } from './normalise.js';

/** Separators of a combined post: 书记兼主任, 书记、主任, 书记/主任, 书记,主任, 书记及主任, 书记+主任. */
const SEPARATORS = /兼任|兼|、|\/|,|;|\+|&|及/;

function key(s: string): string {
  return removeSpaces(toHalfWidth(s)).toLowerCase();
}

export interface RoleMatcher {
  /** The canonical role of one post as typed, or null when the policy does not know it. */
  match(text: string): string | null;
  /**
   * The posts of a 职务 cell in order: one canonical role per post, or the unknown parts.
   * A cell the policy knows as a whole is one post even if it contains a separator. The
   * result is shared by every cell with the same text.
   */
  split(text: string): { readonly roles: readonly string[]; readonly unknown: readonly string[] };
}

/**
 * Matches 职务 text against the policy's subsidized roles (names and aliases) and unpaid
 * roles. A leading 村 is redundant in a village workbook: 村党支部书记 matches the alias
 * 党支部书记, and 主任 typed as 村主任 matches either way.
 */
export function roleMatcher(policy: Policy): RoleMatcher {
  const table = new Map<string, string>();
  for (const r of policy.roles) {
    for (const n of [r.name, ...r.aliases]) if (!table.has(key(n))) table.set(key(n), r.name);
  }
  for (const u of policy.unpaidRoles) if (!table.has(key(u))) table.set(key(u), u);
  const match = (text: string): string | null => {
    const k = key(text);
    if (!k) return null;
    const candidates = [k, k.startsWith('村') ? k.slice(1) : `村${k}`];
    for (const c of candidates) {
      const hit = table.get(c);
      if (hit) return hit;
    }
    return null;
  };
  // A 职务 column repeats a handful of texts: each is split once (the result is not changed by callers).
  const splits = new Map<string, { roles: string[]; unknown: string[] }>();
  const split = (text: string): { roles: string[]; unknown: string[] } => {
    const whole = match(text);
    if (whole) return { roles: [whole], unknown: [] };
    const parts = toHalfWidth(text)
      .split(SEPARATORS)
      .map((p) => removeSpaces(p))
      .filter(Boolean);
    const roles: string[] = [];
    const unknown: string[] = [];
    for (const p of parts) {
      const m = match(p);
      if (!m) unknown.push(p);
      else if (!roles.includes(m)) roles.push(m);
    }
    if (!parts.length) unknown.push(removeSpaces(text));
    return { roles, unknown };
  };
  return {
    match,
    split(text) {
      let got = splits.get(text);
      if (got === undefined) {
        got = split(text);
        if (splits.size < 10_000) splits.set(text, got);
      }
      return got;
    },
  };
}
