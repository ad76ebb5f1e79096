import { stringify } from 'yaml';
import { escapeTerminal } from './escape.js';
import type { Lang } from './lang.js';

/**
 * The trust entry of a new key, to paste under `keys:` of the trust file (spec/approvals.md):
 * written by the YAML library, so a name with `#`, `: ` or quotes reads back as typed.
 */
export function trustEntryYaml(dept: string, by: string, publicKey: string): string {
  return stringify([{ dept, by, public_key: publicKey }], { lineWidth: 0 })
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

/** A key's file, department and holder as the terminal shows them (escaped). */
function shown(k: { file: string; dept: string; by: string }): { file: string; dept: string; by: string } {
  return { file: escapeTerminal(k.file), dept: escapeTerminal(k.dept), by: escapeTerminal(k.by) };
}

/** What `keys new` prints: the file, the fingerprint and the trust entry. */
export function renderNewKey(
  k: { file: string; dept: string; by: string; publicKey: string; fingerprint: string },
  lang: Lang,
): string {
  const entry = trustEntryYaml(k.dept, k.by, k.publicKey).split('\n').map(escapeTerminal).join('\n');
  const e = shown(k);
  return lang === 'zh'
    ? `已生成 ${e.dept} ${e.by} 的签名密钥：${e.file}\n指纹：${k.fingerprint}\n请将下面的条目交财政局加入信任文件（keys: 之下）：\n${entry}私钥与口令由本人保管，不要随花名册发送；口令遗失时请吊销该密钥并重新生成。\n`
    : `Made the signing key of ${e.by} (${e.dept}): ${e.file}\nFingerprint: ${k.fingerprint}\nGive this entry to the finance bureau for the trust file (under keys:):\n${entry}Keep the private key and its passphrase to yourself, never with the roster; if the passphrase is lost, revoke the key and make a new one.\n`;
}

/** What `keys show KEYFILE` prints. */
export function renderKeyInfo(
  k: { file: string; dept: string; by: string; publicKey: string; fingerprint: string },
  lang: Lang,
): string {
  const e = shown(k);
  return lang === 'zh'
    ? `${e.file}\n部门：${e.dept || '（未写）'}\n持有人：${e.by || '（未写）'}\n指纹：${k.fingerprint}\n公钥：${k.publicKey}\n`
    : `${e.file}\nDepartment: ${e.dept || '(not written)'}\nHolder: ${e.by || '(not written)'}\nFingerprint: ${k.fingerprint}\nPublic key: ${k.publicKey}\n`;
}

/** What `keys show TRUSTFILE` prints: one line per key. */
export function renderTrust(
  t: {
    file: string;
    city: string;
    entries: { dept: string; by: string; fingerprint: string; revoked: string | null }[];
  },
  lang: Lang,
): string {
  const lines = t.entries.map(
    (e) =>
      `  ${escapeTerminal(e.dept)}\t${escapeTerminal(e.by)}\t${e.fingerprint}${e.revoked ? (lang === 'zh' ? `\t已于 ${e.revoked} 吊销` : `\trevoked ${e.revoked}`) : ''}`,
  );
  const head =
    lang === 'zh'
      ? `信任文件 ${escapeTerminal(t.file)}（${escapeTerminal(t.city)}），${t.entries.length} 个密钥：`
      : `Trust file ${escapeTerminal(t.file)} (${escapeTerminal(t.city)}), ${t.entries.length} keys:`;
  return `${head}\n${lines.join('\n')}\n`;
}

/** The passphrase prompts. */
export function passphrasePrompts(lang: Lang, file: string): { prompt: string; again: string } {
  return lang === 'zh'
    ? { prompt: `私钥口令（${file}）：`, again: '再输入一次口令：' }
    : { prompt: `Passphrase of ${file}: `, again: 'The passphrase again: ' };
}
