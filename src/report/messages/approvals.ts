import type { MessageTemplate } from './template.js';

const REDO_ZH = '不要手工改花名册：在输入工作簿中更正后重新运行 subsidy，再由各部门重新审批。';
const REDO_EN =
  'Do not edit the roster by hand: correct the input workbook, run subsidy again and have it approved anew.';

/** Messages of the row digests, keys, the trust file and signed approvals (spec/approvals.md). */
export const APPROVAL_MESSAGES: Record<string, MessageTemplate> = {
  // ---- the roster's row digests ---------------------------------------------------------
  roster_row_edited: {
    zh: '花名册第 {row} 行“{header}”（{column} 列）在生成后被改动（现为“{value}”）',
    en: 'Row {row} of the roster, "{header}" (column {column}), was changed after it was made (now "{value}")',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_row_added: {
    zh: '花名册第 {row} 行是生成后加入的',
    en: 'Row {row} of the roster was added after it was made',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_row_removed: {
    zh: '花名册生成时的第 {row} 行已被删除',
    en: 'Row {row} of the roster as it was made has been removed',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_edits_more: {
    zh: '另有 {count} 处改动未逐一列出',
    en: '{count} more edits are not listed one by one',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_manifest_edited: {
    zh: '“校验”表的“{field}”在生成后被改动（现为该表中的值）',
    en: 'The 校验 field "{field}" was changed after the roster was made',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_digests_missing: {
    zh: '花名册缺少隐藏表“{value}”（各行摘要），无法确认各行未被改动',
    en: 'The roster has no hidden sheet "{value}" (its row digests): its rows cannot be verified',
    fixZh:
      '使用本版本 cadre-calc subsidy 生成的原文件，不要删除其中的隐藏表；旧版本生成的花名册须重新生成并审批。',
    fixEn:
      'Use the file this version of cadre-calc subsidy wrote, without deleting its hidden sheet; a roster of an older version must be made and approved again.',
  },
  roster_paid_invalid: {
    zh: '第 {row} 行“{header}”（{column} 列）应为“是”或“否”，现为“{value}”',
    en: 'Row {row}, "{header}" (column {column}) must be 是 or 否, not "{value}"',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },
  roster_ratio_invalid: {
    zh: '第 {row} 行“{header}”（{column} 列）的“{value}”不是比例数字',
    en: 'Row {row}, "{header}" (column {column}): "{value}" is not a ratio',
    fixZh: REDO_ZH,
    fixEn: REDO_EN,
  },

  // ---- keys -------------------------------------------------------------------------------
  passphrase_missing: {
    zh: '没有私钥口令：未设置 {env}，也不是在终端上运行（无法询问）',
    en: 'No passphrase: {env} is not set and there is no terminal to ask on',
    fixZh: '在终端上运行，或设置环境变量 {env}（不要写进脚本文件）。',
    fixEn: 'Run it on a terminal, or set {env} (never in a script file).',
  },
  passphrase_short: {
    zh: '口令太短：至少 {min} 个字符',
    en: 'The passphrase is too short: at least {min} characters',
    fixZh: '用至少 {min} 个字符的口令（可以是一句话）。',
    fixEn: 'Use a passphrase of at least {min} characters (a sentence will do).',
  },
  passphrase_mismatch: {
    zh: '两次输入的口令不一致',
    en: 'The two passphrases differ',
    fixZh: '重新运行并输入两次相同的口令。',
    fixEn: 'Run it again and type the same passphrase twice.',
  },
  keys_dept_empty: {
    zh: '--dept 没有写部门名称',
    en: 'No department was given with --dept',
    fixZh: '写上部门，例如 --dept 财政局。',
    fixEn: 'Give the department, e.g. --dept 财政局.',
  },
  key_passphrase: {
    zh: '无法用所给口令打开私钥：{file}（口令错误或文件损坏），未做任何改动',
    en: 'The private key cannot be opened with the passphrase given: {file} (wrong passphrase or damaged file); nothing was changed',
    fixZh: '核对 CADRE_CALC_PASSPHRASE 或重新输入口令；口令遗失时请吊销该密钥并生成新密钥（见 README）。',
    fixEn:
      'Check CADRE_CALC_PASSPHRASE or type the passphrase again; if it is lost, revoke the key and make a new one (README).',
  },
  key_invalid: {
    zh: '不是 cadre-calc keys new 生成的加密私钥：{file}（{reason}）',
    en: 'Not an encrypted private key made by cadre-calc keys new: {file} ({reason})',
    fixZh: '给出 keys new 生成的 .key 文件。',
    fixEn: 'Give the .key file that keys new wrote.',
  },
  key_exists: {
    zh: '密钥文件已存在：{file}；不会覆盖',
    en: 'The key file exists: {file}; it is not overwritten',
    fixZh: '确需替换时加 --force（旧密钥将无法找回，须在信任文件中吊销）。',
    fixEn:
      'Add --force only if it is to be replaced (the old key is lost and must be revoked in the trust file).',
  },
  key_holder_mismatch: {
    zh: '私钥属于 {expected}，与 {value} 不符',
    en: 'The key belongs to {expected}, not {value}',
    fixZh: '用自己的密钥审批；--by 与 --dept 须与密钥文件所写的一致。',
    fixEn: 'Approve with your own key; --by and --dept must be those written beside the key.',
  },

  // ---- the trust file ---------------------------------------------------------------------
  trust_invalid: {
    zh: '信任文件 {file} 第 {row} 行 {header}：{reasonZh}“{value}”',
    en: 'Trust file {file}, line {row}, {header}: {reason} "{value}"',
    fixZh: '按 README“审批密钥”一节更正信任文件（city、keys 下每项的 dept、by、public_key，可选 revoked）。',
    fixEn:
      'Correct the trust file as README "Approval keys" shows (city; keys with dept, by, public_key, optional revoked).',
  },
  trust_city: {
    zh: '信任文件属于 {value}，花名册属于 {expected}',
    en: 'The trust file is for {value}, the roster for {expected}',
    fixZh: '使用本市财政局保管的信任文件。',
    fixEn: "Use the trust file the city's finance bureau keeps.",
  },

  // ---- approvals ----------------------------------------------------------------------------
  approval_unsigned: {
    zh: '{value} 的审批（{by}，{at}）没有签名',
    en: "{value}'s approval ({by}, {at}) is not signed",
    fixZh:
      '由 {value} 用部门密钥重新审批：cadre-calc approve 花名册 --dept {value} --key 密钥文件；或在未启用密钥时用 payout --unsigned。',
    fixEn:
      'Have {value} approve with its key: cadre-calc approve ROSTER --dept {value} --key KEYFILE; or, where no keys are in use, payout --unsigned.',
  },
  approval_bad_signature: {
    zh: '{value} 的审批（{by}，{at}）签名不符：花名册或审批记录在签名后被改动，或审批是伪造、复制来的',
    en: "{value}'s approval ({by}, {at}) does not verify: the roster or the approval was changed after signing, or it was forged or copied",
    fixZh: '从未被改动的原花名册重新审批；不要复制审批记录。',
    fixEn: 'Approve the unedited roster again; never copy approval rows.',
  },
  approval_untrusted_key: {
    zh: '{value} 的审批（{by}）所用密钥 {key} 不在信任文件中',
    en: "{value}'s approval ({by}) is signed with key {key}, which the trust file does not list",
    fixZh: '由财政局把该密钥的信任条目加入信任文件，或由信任文件所列的人员重新审批。',
    fixEn: 'Have the finance bureau add the key to the trust file, or have a listed key holder approve.',
  },
  approval_key_revoked: {
    zh: '{value} 的审批（{by}）所用密钥 {key} 已于 {revoked} 吊销，不论审批时间一律无效',
    en: "{value}'s approval ({by}) is signed with key {key}, revoked on {revoked}: it never counts",
    fixZh: '由 {value} 用新密钥重新审批。',
    fixEn: 'Have {value} approve again with its new key.',
  },
  approval_wrong_dept: {
    zh: '{value} 的审批所用密钥 {key} 在信任文件中属于 {dept}',
    en: "{value}'s approval is signed with key {key}, which the trust file gives to {dept}",
    fixZh: '每个部门用本部门的密钥审批。',
    fixEn: "Each department approves with its own department's key.",
  },
  approval_same_person: {
    zh: '{value} 代表 {dept} 与 {other} 两个部门审批了同一份花名册（同一人或同一密钥）',
    en: '{value} approved this roster for both {dept} and {other} (one person or one key)',
    fixZh: '各部门须由不同的人、用不同的密钥审批。',
    fixEn: 'Each department must be a different person with a different key.',
  },
  approval_by_preparer: {
    zh: '{value} 是本花名册的制表人，其审批（{dept}）无效',
    en: '{value} prepared this roster; their approval ({dept}) does not count',
    fixZh: '由制表人以外的人审批（审核与制表分离）。',
    fixEn: 'Someone other than the preparer must approve (maker-checker).',
  },
  approval_missing: {
    zh: '{value} 没有有效的审批',
    en: '{value} has no valid approval',
    fixZh: '由 {value} 用部门密钥审批当前花名册后再代发。',
    fixEn: 'Have {value} approve the current roster with its key, then pay.',
  },
  approval_invalid_row: {
    zh: '审批记录第 {row} 行不是有效的审批（{reason}）：“{value}”',
    en: 'Approval row {row} is not a valid approval ({reason}): "{value}"',
    fixZh: '审批记录只能由 cadre-calc approve 写入，不要手工填写。',
    fixEn: 'Approval rows are written by cadre-calc approve only; never type them.',
  },
  approve_signed_twice: {
    zh: '{value} 已有对这份花名册的有效签名审批（{by}，{at}），不重复记录',
    en: '{value} already holds a valid signed approval of this roster ({by}, {at}); nothing recorded twice',
    fixZh: '每个部门对同一份花名册只签一次；密钥丢失时先在信任文件中吊销，再用新密钥审批。',
    fixEn:
      'Each department signs one roster once; if its key was lost, revoke it in the trust file first, then approve with the new key.',
  },
  approve_unsigned_warning: {
    zh: '这是没有签名的审批：payout --trust 不会接受它',
    en: 'This approval is not signed: payout --trust will not accept it',
    fixZh: '启用部门密钥后用 approve --key 审批（见 README“审批密钥”）。',
    fixEn: 'Once department keys are in use, approve with approve --key (README, "Approval keys").',
  },
  payout_no_trust: {
    zh: '没有给出信任文件（--trust 或 CADRE_CALC_TRUST），无法验证审批签名，拒绝代发',
    en: 'No trust file (--trust or CADRE_CALC_TRUST): the approvals cannot be verified, so nothing is paid',
    fixZh:
      '由财政局建立部门密钥与信任文件（cadre-calc keys new，见 README“审批密钥”）后用 --trust 代发；尚未启用密钥时可用 --unsigned（文件中注明审批未经签名验证）。',
    fixEn:
      'Set up department keys and the trust file (cadre-calc keys new, README "Approval keys") and pay with --trust; where no keys are in use yet, --unsigned (the files say the approvals were not verified).',
  },
  payout_trust_unsigned: {
    zh: '--trust 与 --unsigned 不能同时使用',
    en: '--trust and --unsigned cannot be given together',
    fixZh: '已启用密钥时只用 --trust；尚未启用时才用 --unsigned。',
    fixEn: 'With keys in use give --trust only; --unsigned is for when no keys are in use.',
  },
  payout_unsigned_warning: {
    zh: '审批未经签名验证（--unsigned）：银行文件与代发汇总表中已注明',
    en: 'The approvals were not verified by signature (--unsigned): the bank files and the summary say so',
  },
  subsidy_key_dept: {
    zh: '制表签名须用制表人的密钥（部门“制表”），所给密钥属于 {value}',
    en: 'The preparer signs with a key of the department 制表; this key is for {value}',
    fixZh: '用 cadre-calc keys new --dept 制表 --by 制表人 生成的密钥。',
    fixEn: 'Use a key made with cadre-calc keys new --dept 制表 --by PREPARER.',
  },
};
