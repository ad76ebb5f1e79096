import type { MessageTemplate } from './template.js';

/**
 * Messages of bank profiles, the values of profile files, the summary for signing and the
 * payout register (spec/banks.md). {path} is a profile's key path, {name} / {id} the person.
 */
export const BANKS_MESSAGES: Record<string, MessageTemplate> = {
  // ---- profiles -------------------------------------------------------------------------
  bank_profile_yaml: {
    zh: '银行格式文件第 {line} 行 YAML 语法错误：{reason}',
    en: 'Bank profile line {line}: YAML syntax error: {reason}',
    fixZh: '按 YAML 语法改正该行（缩进用空格，冒号后加空格）。',
    fixEn: 'Correct the line (indent with spaces, a space after each colon).',
  },
  bank_profile_encoding: {
    zh: '银行格式文件不是 UTF-8 文本：{file}',
    en: 'The bank profile is not UTF-8 text: {file}',
    fixZh: '用文本编辑器另存为 UTF-8。',
    fixEn: 'Save it as UTF-8 in a text editor.',
  },
  bank_profile_unknown_key: {
    zh: '银行格式文件中有未知的键 {path}',
    en: 'Unknown key {path} in the bank profile',
    fixZh: '可用的键：{expected}。检查拼写。',
    fixEn: 'Allowed keys: {expected}. Check the spelling.',
  },
  bank_profile_missing: {
    zh: '银行格式文件缺少 {path}',
    en: 'The bank profile lacks {path}',
    fixZh: '补上 {path}（见 spec/banks.md 或 cadre-calc init 生成的示例）。',
    fixEn: 'Add {path} (see the examples cadre-calc init writes into banks/).',
  },
  bank_profile_type: {
    zh: '银行格式文件 {path} 的类型不对',
    en: 'The bank profile has the wrong kind of value at {path}',
    fixZh: '应为：{expected}。',
    fixEn: 'Expected: {expected}.',
  },
  bank_profile_enum: {
    zh: '银行格式文件 {path} 的值“{value}”不可用',
    en: 'The bank profile value "{value}" at {path} is not one of the allowed ones',
    fixZh: '可选：{expected}。',
    fixEn: 'One of: {expected}.',
  },
  bank_profile_id: {
    zh: '银行格式编号 {path}“{value}”不可用',
    en: 'The bank profile id "{value}" ({path}) cannot be used',
    fixZh: '应为：{expected}。',
    fixEn: 'Expected: {expected}.',
  },
  bank_profile_duplicate: {
    zh: '银行格式文件 {path} 重复',
    en: 'The bank profile repeats {path}',
    fixZh: '删除重复项（{expected}）。',
    fixEn: 'Remove the repeated item ({expected}).',
  },
  bank_profile_text_only: {
    zh: '{path} 只适用于文本格式（format: text）',
    en: '{path} applies to text profiles only (format: text)',
    fixZh: '删除该键，或改为 format: text。',
    fixEn: 'Remove the key, or use format: text.',
  },
  bank_profile_xlsx_only: {
    zh: '{path} 只适用于 xlsx 格式（format: xlsx）',
    en: '{path} applies to xlsx profiles only (format: xlsx)',
    fixZh: '删除该键，或改为 format: xlsx。',
    fixEn: 'Remove the key, or use format: xlsx.',
  },
  bank_profile_delimiter: {
    zh: '分隔符 {path}“{value}”不可用：须为一个字符，不能是字母、数字、小数点、引号或换行',
    en: 'Delimiter {path} "{value}" cannot be used: one character, not a letter, digit, dot, quote or line break',
    fixZh: '常用：{expected}。',
    fixEn: 'Common ones: {expected}.',
  },
  bank_profile_integer: {
    zh: '{path} 应为整数（{expected}），现为“{value}”',
    en: '{path} must be a whole number ({expected}), not "{value}"',
    fixZh: '填写整数。',
    fixEn: 'Give a whole number.',
  },
  bank_profile_column_key: {
    zh: '{path} 只适用于 {expected} 的列',
    en: '{path} applies only to a column with {expected}',
    fixZh: '删除该键。',
    fixEn: 'Remove the key.',
  },
  bank_profile_column_needed: {
    zh: '银行格式文件的 columns 中缺少 {expected} 列',
    en: 'The bank profile has no {expected} column',
    fixZh: '在 columns 中加上一列 field: {expected}。',
    fixEn: 'Add a column with field: {expected}.',
  },
  bank_profile_file_name: {
    zh: '文件名模式 {path}“{value}”不可用',
    en: 'The file name pattern {path} "{value}" cannot be used',
    fixZh:
      '须含 {batch}，只用占位符 {bank} {year} {batch} {date} {profile}，不含斜杠，并以正确的扩展名结尾，如 {expected}。',
    fixEn:
      'It must hold {batch}, use only {bank} {year} {batch} {date} {profile}, no slash, and end in the right extension, e.g. {expected}.',
  },
  bank_profile_sheet: {
    zh: '工作表名 {path}“{value}”不可用',
    en: 'The sheet name {path} "{value}" cannot be used',
    fixZh: '应为：{expected}，且不含 [ ] : * ? / \\。',
    fixEn: 'Expected: {expected}, without [ ] : * ? / \\.',
  },
  bank_profiles_none: {
    zh: '银行格式文件夹中没有 *.yaml 文件：{file}',
    en: 'No *.yaml bank profile in the folder {file}',
    fixZh: '用 cadre-calc init 生成示例（banks/ 下），按本地银行的要求修改后放入该文件夹。',
    fixEn: 'cadre-calc init writes examples into banks/: adapt them to your banks and put them there.',
  },
  bank_profile_same_id: {
    zh: '两个银行格式文件使用同一编号“{value}”（另一个：{other}）',
    en: 'Two bank profiles use the same id "{value}" (the other: {other})',
    fixZh: '给每个格式文件不同的 id。',
    fixEn: 'Give each profile its own id.',
  },
  bank_profile_same_bank: {
    zh: '开户行“{value}”同时出现在两个银行格式文件中（另一个：{other}）',
    en: 'The bank spelling "{value}" is matched by two profiles (the other: {other})',
    fixZh: '每种开户行写法只能归一个格式文件：从其中一个的 match 中删去。',
    fixEn: 'Each spelling may belong to one profile only: remove it from one match list.',
  },

  // ---- values of a profile's file ---------------------------------------------------------
  bank_value_delimiter: {
    zh: '{name}（{id}）的“{header}”含有分隔符“{delimiter}”：{value}',
    en: '{name} ({id}): {header} contains the delimiter "{delimiter}": {value}',
    fixZh: '银行格式 {profile} 不能表达该值：换用其他分隔符，或在输入工作簿中更正后重新运行 subsidy 并审批。',
    fixEn:
      'Profile {profile} cannot hold this value: choose another delimiter, or correct the input, run subsidy and approve again.',
  },
  bank_value_line_break: {
    zh: '{name}（{id}）的“{header}”含有换行符',
    en: '{name} ({id}): {header} contains a line break',
    fixZh: '在输入工作簿中删去换行，重新运行 subsidy 并审批。',
    fixEn: 'Remove the line break in the input, run subsidy and approve again.',
  },
  bank_value_formula: {
    zh: '{name}（{id}）的“{header}”以 = + - @ 开头，会被电子表格当作公式：{value}',
    en: '{name} ({id}): {header} starts with = + - @ and would be taken for a formula: {value}',
    fixZh: '在输入工作簿中更正该值（或银行格式 {profile} 的常量），重新运行。',
    fixEn: 'Correct the value in the input (or the constant of profile {profile}) and run again.',
  },
  bank_value_too_long: {
    zh: '{name}（{id}）的“{header}”有 {got} 个字，超过银行格式 {profile} 允许的 {max} 个：{value}',
    en: '{name} ({id}): {header} has {got} characters, past the {max} profile {profile} allows: {value}',
    fixZh: '核对银行的实际限制并修改 max_chars；不会自动截断。',
    fixEn: "Check the bank's real limit and change max_chars; nothing is ever cut short.",
  },
  bank_value_encoding: {
    zh: '{name}（{id}）的“{header}”中有 {encoding} 编码无法表示的字：{value}',
    en: '{name} ({id}): {header} holds a character that {encoding} cannot represent: {value}',
    fixZh: '改用能表示该字的编码（如 gb18030 或 utf-8），或按银行要求处理该生僻字后重新生成。',
    fixEn:
      'Use an encoding that holds it (gb18030, utf-8), or handle the rare character as the bank requires.',
  },
  bank_value_more: {
    zh: '“{header}”另有 {more} 处同类问题（{kind}）未逐一列出',
    en: '{more} more problems of the same kind ({kind}) in {header}, not listed one by one',
    fixZh: '改正上面列出的问题后再运行，会列出其余的。',
    fixEn: 'Correct those listed and run again to see the rest.',
  },
  payout_bank_generic: {
    zh: '开户行“{bank}”没有匹配的银行格式，按通用格式（generic）写出',
    en: 'No bank profile matches "{bank}": written in the generic layout',
    fixZh: '若该行的网银不接受通用格式，在其银行格式文件的 match 中加上这种写法。',
    fixEn:
      "If that bank's portal does not take the generic layout, add this spelling to its profile's match.",
  },
  payout_file_name_clash: {
    zh: '开户行“{value}”与“{other}”的银行文件同名（不区分大小写）：{file}',
    en: 'The bank files of "{value}" and "{other}" would have the same name (ignoring case): {file}',
    fixZh: '修改银行格式的 file_name（如加入 {profile}），或统一开户行写法。',
    fixEn: "Change a profile's file_name (e.g. add {profile}), or spell the bank one way.",
  },

  // ---- the payout register ----------------------------------------------------------------
  payout_already_issued: {
    zh: '批次 {batch} 已于 {at} 发放（第 {issue} 次，文件：{files}），不能再发放 {asked}',
    en: 'Batch {batch} was already issued at {at} (issue {issue}, files: {files}); {asked} cannot be issued again',
    fixZh:
      '同一花名册的同一批次（或重叠的批次：all 与 base/reward）只能发放一次；--force 不会重发。若银行退回了文件，用 --reissue --reason "原因" 重发同一批次。',
    fixEn:
      'A batch (or an overlapping one: all with base/reward) is issued once per roster; --force never re-issues. If the bank rejected the file, issue the same batch again with --reissue --reason "why".',
  },
  payout_reissue_nothing: {
    zh: '批次 {batch} 尚未发放过，无需重发',
    en: 'Batch {batch} was never issued: there is nothing to issue again',
    fixZh: '去掉 --reissue 和 --reason，按正常发放。',
    fixEn: 'Leave out --reissue and --reason for a first issue.',
  },
  payout_reissue_reason: {
    zh: '--reissue 需要用 --reason 说明重发原因',
    en: '--reissue needs --reason saying why the batch is issued again',
    fixZh: '例如：--reissue --reason "银行退回：卡号错误"',
    fixEn: 'For example: --reissue --reason "银行退回：卡号错误"',
  },
  payout_reason_alone: {
    zh: '--reason 只能与 --reissue 一起使用',
    en: '--reason goes only with --reissue',
    fixZh: '重发时写 --reissue --reason "原因"；首次发放不需要原因。',
    fixEn: 'Write --reissue --reason "why" for a reissue; a first issue needs no reason.',
  },
  register_file_line: {
    zh: '发放登记文件第 {line} 行不是 cadre-calc 写入的记录',
    en: 'Line {line} of the register file is not a record cadre-calc wrote',
    fixZh: '登记文件只能追加，不能手工修改；从备份恢复该文件。',
    fixEn: 'The register file is append-only and never edited by hand; restore it from a backup.',
  },
  roster_has_register: {
    zh: '花名册 {file} 已记录发放批次（{value}），不能被替换，即使使用 --force',
    en: 'The roster {file} records issued payout batches ({value}) and is never replaced, even with --force',
    fixZh: '更正后的花名册请写到新的文件夹（-o 新文件夹），重新审批后再发放。',
    fixEn: 'Write the corrected roster into another folder (-o), approve it anew, then pay.',
  },
};
