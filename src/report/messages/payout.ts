import type { MessageTemplate } from './template.js';

/**
 * Messages of `approve` and `payout` (spec/outputs.md 校验, 银行代发) and of the bank file
 * read-back (src/io/bank-file.ts). {row} is the 花名册 row as Excel shows it; {expected} /
 * {got} are what the roster or the bank file should hold and what it holds.
 */
export const PAYOUT_MESSAGES: Record<string, MessageTemplate> = {
  // ---- the roster as a whole ------------------------------------------------------------
  roster_no_manifest: {
    zh: '这不是 cadre-calc subsidy 生成的审批花名册（缺少“校验”表或其内容无法识别）：{file}',
    en: 'This is not an approval roster written by cadre-calc subsidy (no readable 校验 sheet): {file}',
    fixZh: '给出 cadre-calc subsidy 生成的“审批花名册-年度.xlsx”原文件；不要另存为或复制到新工作簿。',
    fixEn:
      'Give the 审批花名册-YEAR.xlsx that cadre-calc subsidy wrote, not a copy saved into another workbook.',
  },
  roster_not_roster: {
    zh: '该文件的“校验”表表明它是 {got}，不是审批花名册：{file}',
    en: 'The 校验 sheet says this file is a {got}, not an approval roster: {file}',
    fixZh: '给出 cadre-calc subsidy 生成的“审批花名册-年度.xlsx”。',
    fixEn: 'Give the 审批花名册-YEAR.xlsx that cadre-calc subsidy wrote.',
  },
  roster_policy_mismatch: {
    zh: '花名册按政策 {got} 生成，而本次使用的政策是 {expected}',
    en: 'The roster was made under policy {got}, but this run uses policy {expected}',
    fixZh: '用 --policy 给出生成该花名册时所用的政策文件。',
    fixEn: 'Give the policy file the roster was made with (--policy).',
  },
  roster_policy_changed: {
    zh: '政策 {expected} 的内容与生成花名册时不同（SHA-256 应为 {got}，现为 {sha}）',
    en: 'Policy {expected} is not the one the roster was made with (SHA-256 {got} then, {sha} now)',
    fixZh:
      '用 --policy 给出生成该花名册时所用的那份政策文件；若政策确实改变，应重新运行 subsidy 并重新审批。',
    fixEn:
      'Give the very policy file the roster was made with (--policy); if the policy really changed, run subsidy again and approve anew.',
  },
  roster_edited: {
    zh: '花名册在生成后被修改过：数据摘要应为 {expected}，现为 {got}',
    en: 'The roster was edited after it was made: its digest should be {expected} but is {got}',
    fixZh:
      '不能在审批花名册上直接改金额、卡号或停发原因。请在输入工作簿中更正后重新运行 subsidy，再重新审批。下面列出能看出问题的行。',
    fixEn:
      'Amounts, card numbers and holds may not be changed in the roster. Correct the input workbook, run subsidy again and approve anew. The rows where a change shows are listed.',
  },
  roster_no_rows: {
    zh: '花名册“花名册”表中没有任何干部行',
    en: 'The roster has no cadre rows in its 花名册 sheet',
    fixZh: '给出 cadre-calc subsidy 生成的完整花名册。',
    fixEn: 'Give the whole roster as cadre-calc subsidy wrote it.',
  },
  roster_row_payable: {
    zh: '第 {row} 行：基本补贴 {base} + 奖励补贴 {reward} ≠ 应发合计 {value}，该行被改动过',
    en: 'Row {row}: base {base} + reward {reward} ≠ payable {value}; this row was changed',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_row_total: {
    zh: '第 {row} 行：基本补贴 {base} + 奖励提取 {share} ≠ 补贴总额 {value}，该行被改动过',
    en: 'Row {row}: base {base} + reward share {share} ≠ total {value}; this row was changed',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_row_unpaid: {
    zh: '第 {row} 行是不计发的职务，却有金额 {value}，该行被改动过',
    en: 'Row {row} is an unpaid post but shows an amount of {value}; this row was changed',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_row_card: {
    zh: '第 {row} 行银行卡号“{value}”不是 12–19 位数字',
    en: 'Row {row}: card number "{value}" is not 12–19 digits',
    fixZh: '在输入工作簿中按存折或银行卡核对卡号（以文本格式填写），重新运行 subsidy 并重新审批。',
    fixEn:
      "Check the number against the person's card or passbook in the input workbook (as text), run subsidy again and approve anew.",
  },
  roster_row_id: {
    zh: '第 {row} 行身份证号“{value}”校验不通过，该行被改动过',
    en: 'Row {row}: ID number "{value}" fails its check; this row was changed',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_total_row: {
    zh: '合计行的 {header} 为 {value}，而各行相加为 {expected}，合计行或某些行被改动过',
    en: 'The 合计 row shows {value} for {header}, but the rows add up to {expected}; the total or some rows were changed',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_total_missing: {
    zh: '花名册最后一行之后缺少合计行（第 {row} 行应为“合计”）',
    en: 'The 合计 (total) row under the last roster row is missing (row {row} should be 合计)',
    fixZh: '从输入工作簿重新运行 subsidy，不要手工改花名册。',
    fixEn: 'Run subsidy again from the input workbook instead of editing the roster.',
  },
  roster_changed_meanwhile: {
    zh: '在记录审批期间，花名册文件被其他人或程序改动：{file}',
    en: 'The roster file changed while the approval was being recorded: {file}',
    fixZh: '关闭在 Excel/WPS 中打开的花名册，确认无人同时审批后再试。',
    fixEn:
      'Close the roster in Excel/WPS, make sure nobody else is approving it at the same time, and try again.',
  },
  roster_rewrite_check: {
    zh: '写回花名册后的自检失败（{reason}），未改动原文件',
    en: 'The self-check of the rewritten roster failed ({reason}); the file was not changed',
    fixZh: '这是程序缺陷，请把命令和花名册报告给维护人员。',
    fixEn: 'This is a bug: please report the command and the roster to the maintainers.',
  },

  // ---- approve --------------------------------------------------------------------------
  approve_dept_unknown: {
    zh: '“{value}”不是政策要求的审批部门（应为：{expected}）',
    en: '"{value}" is not a department the policy requires to approve (expected one of: {expected})',
    fixZh: '--dept 写成政策 approval.required 中的某个部门名称。',
    fixEn: "Give --dept one of the departments in the policy's approval.required.",
  },
  approve_by_empty: {
    zh: '--by 没有写审批人姓名',
    en: 'No approver name was given with --by',
    fixZh: '写上审批人的姓名，例如 --by 李四。',
    fixEn: "Give the approver's name, e.g. --by 李四.",
  },
  approve_twice: {
    zh: '{value} 已于 {at} 由 {by} 审批过这份花名册（摘要相同），不重复记录',
    en: '{value} already approved this roster (same digest) on {at}, by {by}; nothing recorded twice',
    fixZh: '每个部门对同一份花名册只审批一次；如需改由他人审批，请重新运行 subsidy 生成新花名册。',
    fixEn:
      'Each department approves one roster once; to have someone else approve, run subsidy again for a new roster.',
  },
  approve_maker_checker: {
    zh: '{value} 是本花名册的制表人，不能审批自己制作的花名册',
    en: '{value} prepared this roster (制表人) and may not approve it',
    fixZh: '由制表人以外的人审批（审核与制表分离）。',
    fixEn: 'Someone other than the preparer must approve it (maker-checker).',
  },
  approve_no_preparer: {
    zh: '花名册未记录制表人（subsidy 运行时未加 --prepared-by），无法核对制表与审批是否为同一人',
    en: 'The roster names no preparer (subsidy ran without --prepared-by): maker-checker cannot be verified',
    fixZh: '今后运行 subsidy 时加上 --prepared-by 制表人姓名。',
    fixEn: 'Run subsidy with --prepared-by NAME from now on.',
  },
  approve_same_person: {
    zh: '{value} 已代表 {dept} 审批过这份花名册，又代表另一部门审批',
    en: '{value} already approved this roster for {dept} and now approves it for another department',
    fixZh: '若只是同名，可忽略；否则应由另一部门的人员审批。',
    fixEn:
      'If these are two people with the same name, ignore this; otherwise the other department should approve.',
  },
  approve_provisional: {
    zh: '这是截止 {value} 的预计花名册：审批会被记录，但预计花名册不能用于代发',
    en: 'This is a provisional roster (as of {value}): the approval is recorded, but payout refuses provisional rosters',
    fixZh: '年度结束后用 --as-of 年末日期重新运行 subsidy，并审批最终花名册。',
    fixEn: "After the year's end run subsidy again with the year-end --as-of and approve the final roster.",
  },

  // ---- payout ---------------------------------------------------------------------------
  payout_provisional: {
    zh: '这是截止 {value} 的预计花名册，不能用于代发',
    en: 'This roster is provisional (as of {value}) and cannot be paid',
    fixZh: '年度结束后用 --as-of 年末日期重新运行 subsidy，审批后再代发。',
    fixEn: "After the year's end run subsidy again with the year-end --as-of, have it approved, then pay.",
  },
  payout_approval_missing: {
    zh: '{value} 尚未审批这份花名册',
    en: '{value} has not approved this roster',
    fixZh: '由 {value} 运行 cadre-calc approve 花名册 --dept {value} --by 姓名 后再代发（先审批后发放）。',
    fixEn:
      'Have {value} run cadre-calc approve ROSTER --dept {value} --by NAME first (approve before paying).',
  },
  payout_approval_stale: {
    zh: '{value} 的审批（{by}，{at}）针对的是另一版本的花名册（摘要 {got}），对当前版本无效',
    en: "{value}'s approval ({by}, {at}) was for another version of the roster (digest {got}) and does not cover this one",
    fixZh: '由 {value} 重新审批当前花名册。',
    fixEn: 'Have {value} approve the current roster.',
  },
  payout_bank_missing: {
    zh: '第 {row} 行 {name} 有应发金额，但没有开户行',
    en: 'Row {row}: {name} is to be paid but has no bank (开户行)',
    fixZh: '在输入工作簿中补上开户行，重新运行 subsidy 并重新审批；或填写暂停发放原因。',
    fixEn: 'Add the bank in the input workbook, run subsidy again and approve anew; or give a hold reason.',
  },
  payout_card_invalid: {
    zh: '第 {row} 行 {name} 的银行卡号“{value}”不是 12–19 位数字',
    en: 'Row {row}: the card number "{value}" of {name} is not 12–19 digits',
    fixZh: '在输入工作簿中按存折或银行卡更正卡号（以文本格式填写），重新运行 subsidy 并重新审批。',
    fixEn:
      "Correct the number from the person's card or passbook in the input workbook (as text), run subsidy again and approve anew.",
  },
  payout_card_luhn: {
    zh: '第 {row} 行 {name} 的银行卡号“{value}”未通过 Luhn 校验（存折账号常见，请核对）',
    en: 'Row {row}: the card number "{value}" of {name} fails the Luhn check (common for passbook accounts; check it)',
    fixZh: '对照存折或银行卡核对一遍；若无误可忽略。',
    fixEn: "Compare it with the person's card or passbook; if it is right, ignore this.",
  },
  payout_card_shared: {
    zh: '银行卡号“{value}”同时登记在 {name}（第 {row} 行）和 {others} 名下',
    en: 'Card number "{value}" is registered for {name} (row {row}) and also for {others}',
    fixZh: '一张卡只能属于一个人：核对后在输入工作簿中更正，重新运行 subsidy 并重新审批。',
    fixEn: 'One card belongs to one person: correct the input workbook, run subsidy again and approve anew.',
  },
  payout_person_conflict: {
    zh: '同一身份证号 {value} 的各行（第 {rows} 行）{header}不一致：{got}',
    en: 'The rows of ID {value} (rows {rows}) disagree on {header}: {got}',
    fixZh: '同一人只能有一个姓名、开户行和卡号：在输入工作簿中统一后重新运行 subsidy 并重新审批。',
    fixEn:
      'One person has one name, bank and card: make the rows agree in the input workbook, run subsidy again and approve anew.',
  },
  payout_nothing: {
    zh: '本批次（{value}）没有需要代发的金额，未写出银行文件',
    en: 'Nothing to pay in this batch ({value}); no bank file was written',
    fixZh: '核对批次是否选对（base 基本补贴 / reward 奖励补贴 / all 全部）。',
    fixEn: 'Check the batch (base, reward or all).',
  },
  payout_readback: {
    zh: '银行文件读回核对不符（{what}）：应为 {expected}，读回 {got}；已删除本次写出的全部银行文件',
    en: 'The bank file does not check out when read back ({what}): expected {expected}, read {got}; every bank file of this run was deleted',
    fixZh: '这是程序缺陷或磁盘问题，请把命令和花名册报告给维护人员。',
    fixEn: 'This is a bug or a disk problem: please report the command and the roster to the maintainers.',
  },

  payout_readback_format: {
    zh: '银行文件读回时不是写出时的样子（见下列各项）；已删除本次写出的全部银行文件：{file}',
    en: 'The bank file is not what was written when read back (see below); every bank file of this run was deleted: {file}',
    fixZh: '这是程序缺陷或磁盘问题，请把命令和花名册报告给维护人员。',
    fixEn: 'This is a bug or a disk problem: please report the command and the roster to the maintainers.',
  },

  // ---- the bank file read-back (src/io/bank-file.ts); not_xlsx is the workbook reader's ----
  bank_readback: {
    zh: '银行代发文件读回时，{sheet} 的 {header}“{value}”不是写出时的样子（应为：{expected}）',
    en: 'Read back, {sheet} › {header} holds "{value}", not what was written (expected: {expected})',
    fixZh: '这是程序缺陷或磁盘问题，请把命令和花名册报告给维护人员。',
    fixEn: 'This is a bug or a disk problem: please report the command and the roster to the maintainers.',
  },
  read_failed: {
    zh: '无法读取文件：{file}（{reason}）',
    en: 'Cannot read {file} ({reason})',
    fixZh: '检查文件权限，并关闭在 Excel/WPS 中打开的该文件。',
    fixEn: 'Check the file permissions, and close the file if it is open in Excel/WPS.',
  },
};
