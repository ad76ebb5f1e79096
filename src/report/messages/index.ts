import type { Finding } from '../../rules/findings.js';
import type { Lang } from '../lang.js';
import { APPROVAL_MESSAGES } from './approvals.js';
import { BANKS_MESSAGES } from './banks.js';
import { COMMON_MESSAGES } from './common.js';
import { DECIDE_MESSAGES } from './decide.js';
import { LEDGER_MESSAGES } from './ledger.js';
import { PAYOUT_MESSAGES } from './payout.js';
import { POLICY_MESSAGES } from './policy.js';
import { ROSTER_MESSAGES } from './roster.js';
import { RUN_MESSAGES } from './run.js';
import type { MessageTemplate } from './template.js';
import { WORKBOOK_MESSAGES } from './workbook.js';

export type { MessageTemplate } from './template.js';

/** One message table: every part's templates, keyed by finding code. */

const TABLES: Record<string, MessageTemplate>[] = [
  COMMON_MESSAGES,
  RUN_MESSAGES,
  POLICY_MESSAGES,
  WORKBOOK_MESSAGES,
  PAYOUT_MESSAGES,
  LEDGER_MESSAGES,
  ROSTER_MESSAGES,
  APPROVAL_MESSAGES,
  DECIDE_MESSAGES,
  BANKS_MESSAGES,
];

export const MESSAGES: Readonly<Record<string, MessageTemplate>> = Object.assign({}, ...TABLES);

export function fill(template: string, f: Finding): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const p = f.params?.[key];
    if (p !== undefined) return String(p);
    const own = (f as unknown as Record<string, unknown>)[key];
    return own === undefined || own === null ? whole : String(own);
  });
}

/** The finding with `message` and `hint` in the clerk's language. */
export function localize(f: Finding, lang: Lang): Finding {
  const t = MESSAGES[f.code];
  if (!t) return { ...f, message: f.message ?? f.code };
  const fix = lang === 'zh' ? t.fixZh : t.fixEn;
  const out: Finding = { ...f, message: fill(lang === 'zh' ? t.zh : t.en, f) };
  if (fix) out.hint = fill(fix, f);
  return out;
}
