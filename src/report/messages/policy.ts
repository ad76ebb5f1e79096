import type { MessageTemplate } from './template.js';

/**
 * Messages of the policy file (spec/policy.md). {column} is the key path (roles.主任.ratio,
 * bands[2].amount — list positions count from 0), {row} the line in the file, {value} what
 * was typed, {expected} / {expectedZh} what would be valid.
 */
export const POLICY_MESSAGES: Record<string, MessageTemplate> = {
  policy_unreadable: {
    zh: '无法读取政策文件：{file}（{reason}）',
    en: 'Cannot read the policy file {file} ({reason})',
    fixZh: '检查路径是否指向一个文件，以及是否有读取权限。',
    fixEn: 'Check that the path names a file and that you may read it.',
  },
  policy_encoding: {
    zh: '政策文件不是 UTF-8 编码：{file}',
    en: 'The policy file is not UTF-8 text: {file}',
    fixZh: '用记事本或 WPS 另存为“UTF-8”编码后再试。',
    fixEn: 'Save it again with the UTF-8 encoding (e.g. Notepad: Save As → Encoding: UTF-8).',
  },
  policy_too_large: {
    zh: '政策文件展开后超过 {max} 个节点（多见于层层引用的锚点 & 和别名 *），不予读取',
    en: 'The policy file expands to more than {max} nodes (usually anchors & and aliases * nested in each other) and is not read',
    fixZh: '去掉层层嵌套的锚点和别名，直接写出各项取值；可对照内置政策 rongcheng-2012 的写法。',
    fixEn:
      'Remove the nested anchors and aliases and write the values out; compare with the built-in rongcheng-2012.',
  },
  policy_file_too_large: {
    zh: '政策文件太大（超过 {max} 字节），不像是政策文件，不予读取：{file}',
    en: 'The policy file is too large (over {max} bytes) to be a policy and is not read: {file}',
    fixZh: '检查 --policy 给出的文件是否正确；政策文件只有几千字节。',
    fixEn: 'Check the file given with --policy; a policy file is a few kilobytes.',
  },
  policy_text_control: {
    zh: '政策文件 {column} 含有不可见的控制字符 {char}',
    en: 'The policy’s {column} holds the invisible control character {char}',
    fixZh: '删除该项内容后重新输入（不要从网页或其他系统复制粘贴）。',
    fixEn: 'Delete the value and type it again (do not paste it from a web page or another system).',
  },
  policy_notice_number: {
    zh: '{column}“{value}”印在公示表上，但去掉空格、横线和点后含有 15 位或 18 位的身份证号样式数字',
    en: '{column} “{value}” is printed on the public notice, but without its spaces, hyphens and dots it holds a 15- or 18-digit ID-number pattern',
    fixZh: '公示表上不能出现身份证号样式的数字；电话分机请写成“0631-7561234转8012”。',
    fixEn: 'No ID-like number may appear on the notice; write a phone extension as 0631-7561234转8012.',
  },
  policy_yaml_syntax: {
    zh: '政策文件第 {line} 行格式有误：{reason}',
    en: 'The policy file is not valid YAML at line {line}: {reason}',
    fixZh: '检查该行及上一行的缩进、冒号和括号是否成对；可对照内置政策 rongcheng-2012 的写法。',
    fixEn:
      'Check the indentation, colons and brackets of this line and the one before; compare with the built-in rongcheng-2012.',
  },
  policy_duplicate_key: {
    zh: '第 {line} 行的键在同一层重复出现',
    en: 'A key is repeated at the same level (line {line})',
    fixZh: '删去重复的一项，只保留一个值。',
    fixEn: 'Delete the repeated key so that only one value remains.',
  },
  policy_not_mapping: {
    zh: '政策文件应是“键: 值”的表，包含 {expected}',
    en: 'The policy file should be a mapping of keys: {expected}',
    fixZh: '从内置政策复制一份（cadre-calc init 会附带）再修改。',
    fixEn: 'Start from a copy of the built-in policy (cadre-calc init writes one) and edit it.',
  },
  policy_unknown_key: {
    zh: '未知的键 {column}',
    en: 'Unknown key {column}',
    fixZh: '检查拼写；这一层允许的键为：{expected}。拼错的键不会被忽略，以免按错误规则发放。',
    fixEn:
      'Check the spelling; the keys allowed here are: {expected}. A misspelled key is never ignored, so nobody is paid by the wrong rule.',
  },
  policy_missing_key: {
    zh: '缺少键 {column}',
    en: 'Missing key {column}',
    fixZh: '补上 {column}，其值应为{expectedZh}；可参照内置政策 rongcheng-2012。',
    fixEn: 'Add {column}: {expected}; see the built-in rongcheng-2012 for an example.',
  },
  policy_type: {
    zh: '{column} 的值“{value}”类型不对，应为{expectedZh}',
    en: '{column} is “{value}”, which should be {expected}',
    fixZh: '改为{expectedZh}。',
    fixEn: 'Write {expected}.',
  },
  policy_enum: {
    zh: '{column} 的值“{value}”不是可选值',
    en: '{column} is “{value}”, which is not one of the allowed values',
    fixZh: '只能填写：{expected}',
    fixEn: 'Use one of: {expected}',
  },
  policy_empty: {
    zh: '{column} 不能为空',
    en: '{column} must not be empty',
    fixZh: '填写至少一项。',
    fixEn: 'Give at least one entry.',
  },
  policy_number: {
    zh: '{column} 的值“{value}”不是数字，应为{expectedZh}',
    en: '{column} is “{value}”, which is not {expected}',
    fixZh: '只写阿拉伯数字和小数点，如 0.9、1200；不要加单位、逗号、百分号或科学计数法。',
    fixEn:
      'Write digits and a decimal point only, e.g. 0.9 or 1200: no unit, comma, percent sign or exponent.',
  },
  policy_integer: {
    zh: '{column} 的值“{value}”不是整数',
    en: '{column} is “{value}”, which is not a whole number',
    fixZh: '填写不带小数的整数。',
    fixEn: 'Write a whole number without decimals.',
  },
  policy_amount_fen: {
    zh: '{column} 的金额“{value}”元不是整分',
    en: '{column} is {value} yuan, which is not a whole number of fen',
    fixZh: '金额以元为单位，最多两位小数（如 700 或 700.50）。',
    fixEn: 'Amounts are yuan with at most 2 decimals (e.g. 700 or 700.50).',
  },
  policy_out_of_range: {
    zh: '{column} 的值“{value}”超出范围，应满足 {expected}',
    en: '{column} is {value}, outside the range {expected}',
    fixZh: '改为满足 {expected} 的值。',
    fixEn: 'Use a value with {expected}.',
  },
  policy_id_format: {
    zh: '政策编号 {column}“{value}”只能由{expectedZh}组成',
    en: 'The policy {column} “{value}” may only contain {expected}',
    fixZh: '如 rongcheng-2013；编号会写入每个输出文件。',
    fixEn: 'For example rongcheng-2013; the id is written into every output.',
  },
  policy_bands_order: {
    zh: '补贴档次未按户数递增：{column} 为 {value}，应 {expected}',
    en: 'The bands do not increase: {column} is {value}, it should be {expected}',
    fixZh: '按户数从小到大排列档次，户数上限逐档增大，标准不得低于上一档。',
    fixEn:
      'List the bands from small to large villages: each max_households above the last, each amount at least the last.',
  },
  policy_band_unbounded: {
    zh: '档次 {column} 没有户数上限，但它不是最后一档',
    en: 'Band {column} has no max_households but is not the last band',
    fixZh: '只有最后一档不写 max_households；给这一档补上上限，或把它移到最后。',
    fixEn: 'Only the last band goes without max_households: add one here or move this band to the end.',
  },
  policy_band_last_bounded: {
    zh: '最后一档设了户数上限（{column} 为 {value}），户数更多的村将没有标准',
    en: 'The last band stops at {value} households ({column}): a larger village would have no standard',
    fixZh: '删去最后一档的 max_households（最后一档不设上限）。',
    fixEn: 'Remove max_households from the last band (the last band has no upper bound).',
  },
  policy_band_below_share: {
    zh: '{column} 为 {value} 元，低于奖励补贴提取额（应 {expected} 元），基本补贴会成为负数',
    en: '{column} is {value} yuan, below the reward share (should be {expected} yuan): the base subsidy would be negative',
    fixZh: '提高该档标准，或降低 reward.share。',
    fixEn: 'Raise the band or lower reward.share.',
  },
  policy_ratio_above_cap: {
    zh: '{column} 为 {value}，超过该职务的上限（应 {expected}）',
    en: '{column} is {value}, above the role’s cap (should be {expected})',
    fixZh: '比例不得超过上限（如主任不超过书记的 90%，会计不超过 70%）。',
    fixEn: 'A ratio may not exceed its cap (the director at most 90% of the secretary, the accountant 70%).',
  },
  policy_duplicate_role: {
    zh: '职务名“{value}”（{column}）与 {other} 重复',
    en: 'The role name “{value}” ({column}) is already used at {other}',
    fixZh: '每个职务名、别名和不补贴职务只能出现一次，否则无法判断花名册中的职务。',
    fixEn:
      'Every role name, alias and unpaid role may appear only once, or a roster’s role could not be told apart.',
  },
  policy_duplicate_item: {
    zh: '{column} 的“{value}”与 {other} 重复',
    en: '{column} “{value}” repeats {other}',
    fixZh: '删去重复项。',
    fixEn: 'Remove the repeated entry.',
  },
  policy_deposit_role: {
    zh: '保证金 {column} 中的“{value}”不是享受补贴的职务',
    en: 'The deposit {column} is not for a subsidized role',
    fixZh: '保证金只按 roles 中的职务名填写：{expected}',
    fixEn: 'Deposits are by the role names under roles: {expected}',
  },
  policy_weights_zero: {
    zh: '综合得分的权重 {column} 全部为 0',
    en: 'Every score weight in {column} is 0',
    fixZh: '至少一项权重大于 0（默认 季度 0.3、半年 0.5、承诺 0.2）。',
    fixEn: 'Give at least one weight above 0 (default quarterly 0.3, half_year 0.5, commitments 0.2).',
  },
  policy_grade_lines_order: {
    zh: '等次分数线未按 优秀 > 良好 > 合格 递减：{column} 为 {value}，应 {expected}',
    en: 'The grade lines must fall from 优秀 to 良好 to 合格: {column} is {value}, it should be {expected}',
    fixZh: '如 优秀 90、良好 80、合格 60。',
    fixEn: 'For example 优秀 90, 良好 80, 合格 60.',
  },
  policy_grades_order: {
    zh: '等次系数不应随等次降低而升高：{column} 为 {value}，应 {expected}',
    en: 'A lower grade may not have a higher coefficient: {column} is {value}, it should be {expected}',
    fixZh: '如 优秀 1.5、良好 1.2、合格 1.0、不合格 0。',
    fixEn: 'For example 优秀 1.5, 良好 1.2, 合格 1.0, 不合格 0.',
  },
  policy_grades_zero: {
    zh: '按等次分配（method: grades）时 {column} 的系数全部为 0，奖励补贴无法分配',
    en: 'Under method: grades every coefficient of {column} is 0, so no reward can be allocated',
    fixZh: '至少一个等次的系数大于 0。',
    fixEn: 'Give at least one grade a coefficient above 0.',
  },
  policy_uplift_towns: {
    zh: '内陆镇上浮需同时填写系数和镇名，缺少 {column}',
    en: 'The inland-town uplift needs both its factor and its towns: {column} is missing',
    fixZh: '补上 {expected}',
    fixEn: 'Add {expected}',
  },
};
