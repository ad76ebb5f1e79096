import type { Lang } from './lang.js';

/** The trust entry of a new key, to paste under `keys:` of the trust file (spec/approvals.md). */
export function trustEntryYaml(dept: string, by: string, publicKey: string): string {
  return `  - dept: ${dept}\n    by: ${by}\n    public_key: ${publicKey}\n`;
}

/** What `keys new` prints: the file, the fingerprint and the trust entry. */
export function renderNewKey(
  k: { file: string; dept: string; by: string; publicKey: string; fingerprint: string },
  lang: Lang,
): string {
  const entry = trustEntryYaml(k.dept, k.by, k.publicKey);
  return lang === 'zh'
    ? `已生成 ${k.dept} ${k.by} 的签名密钥：${k.file}\n指纹：${k.fingerprint}\n请将下面的条目交财政局加入信任文件（keys: 之下）：\n${entry}私钥与口令由本人保管，不要随花名册发送；口令遗失时请吊销该密钥并重新生成。\n`
    : `Made the signing key of ${k.by} (${k.dept}): ${k.file}\nFingerprint: ${k.fingerprint}\nGive this entry to the finance bureau for the trust file (under keys:):\n${entry}Keep the private key and its passphrase to yourself, never with the roster; if the passphrase is lost, revoke the key and make a new one.\n`;
}

/** What `keys show KEYFILE` prints. */
export function renderKeyInfo(
  k: { file: string; dept: string; by: string; publicKey: string; fingerprint: string },
  lang: Lang,
): string {
  return lang === 'zh'
    ? `${k.file}\n部门：${k.dept || '（未写）'}\n持有人：${k.by || '（未写）'}\n指纹：${k.fingerprint}\n公钥：${k.publicKey}\n`
    : `${k.file}\nDepartment: ${k.dept || '(not written)'}\nHolder: ${k.by || '(not written)'}\nFingerprint: ${k.fingerprint}\nPublic key: ${k.publicKey}\n`;
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
      `  ${e.dept}\t${e.by}\t${e.fingerprint}${e.revoked ? (lang === 'zh' ? `\t已于 ${e.revoked} 吊销` : `\trevoked ${e.revoked}`) : ''}`,
  );
  const head =
    lang === 'zh'
      ? `信任文件 ${t.file}（${t.city}），${t.entries.length} 个密钥：`
      : `Trust file ${t.file} (${t.city}), ${t.entries.length} keys:`;
  return `${head}\n${lines.join('\n')}\n`;
}

/** The passphrase prompts. */
export function passphrasePrompts(lang: Lang, file: string): { prompt: string; again: string } {
  return lang === 'zh'
    ? { prompt: `私钥口令（${file}）：`, again: '再输入一次口令：' }
    : { prompt: `Passphrase of ${file}: `, again: 'The passphrase again: ' };
}
