import type { MessageTemplate } from './template.js';

/**
 * Messages of the workbook reader (spec/workbook.md "Bad input"): files, sheets, headers,
 * cells and the checks across rows. {expected} and the other names in braces are the
 * finding's params; {header}, {value}, {row}, {sheet}, {file} its own fields.
 */
export const WORKBOOK_MESSAGES: Record<string, MessageTemplate> = {
  // ---- files (exit 4) ----
  no_workbooks: {
    zh: '文件夹里没有 .xlsx 工作簿：{file}',
    en: 'The folder holds no .xlsx workbook: {file}',
    fixZh: '把各镇的 .xlsx 工作簿放进这个文件夹，或直接给出工作簿的路径。',
    fixEn: 'Put the towns’ .xlsx workbooks in this folder, or give the workbooks’ paths.',
  },
  xls_old: {
    zh: '这是旧版 Excel 97-2003 文件（.xls），本工具只读 .xlsx：{file}',
    en: 'This is an old Excel 97-2003 file (.xls); only .xlsx is read: {file}',
    fixZh: '在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx），再用新文件；旧文件请移出该文件夹。',
    fixEn:
      'Open it in Excel or WPS and “Save As” Excel Workbook (*.xlsx), then use the new file; move the old one out of the folder.',
  },
  not_xlsx: {
    zh: '这不是 .xlsx 工作簿（内容是 {kind}，只是文件名以 .xlsx 结尾）：{file}',
    en: 'This is not an .xlsx workbook (its content is {kind}; only the name ends in .xlsx): {file}',
    fixZh: '在 Excel 或 WPS 中打开它，“另存为” Excel 工作簿（*.xlsx）；不要只改文件扩展名。',
    fixEn: 'Open it in Excel or WPS and “Save As” Excel Workbook (*.xlsx); renaming the file is not enough.',
  },
  encrypted: {
    zh: '工作簿设置了打开密码（已加密），无法读取：{file}',
    en: 'The workbook is protected by a password (encrypted) and cannot be read: {file}',
    fixZh:
      '在 Excel 中打开，“文件 › 信息 › 保护工作簿 › 用密码进行加密”，清空密码后保存（WPS：文件 › 文档加密）。',
    fixEn:
      'Open it in Excel, File › Info › Protect Workbook › Encrypt with Password, clear the password and save.',
  },
  corrupt: {
    zh: '工作簿已损坏，无法读取（{reason}）：{file}',
    en: 'The workbook is damaged and cannot be read ({reason}): {file}',
    fixZh: '在 Excel 或 WPS 中打开并修复后另存为 .xlsx；打不开时请从原件或备份重新取得文件。',
    fixEn:
      'Open and repair it in Excel or WPS and save as .xlsx; if it does not open, get the file again from its source or a backup.',
  },
  empty_file: {
    zh: '文件是空的（0 字节）：{file}',
    en: 'The file is empty (0 bytes): {file}',
    fixZh: '文件可能没有保存完整或复制中断，请重新保存或重新复制。',
    fixEn: 'It was probably not saved or copied completely: save or copy it again.',
  },
  too_large: {
    zh: '工作簿太大（{size}，上限 {limit}），为避免耗尽内存不予读取：{file}',
    en: 'The workbook is too large ({size}; the limit is {limit}) and is not read, to avoid exhausting memory: {file}',
    fixZh: '删除无关的工作表、图片和空白格式，或按镇分成几个工作簿后一起给出。',
    fixEn:
      'Remove unrelated sheets, pictures and formatted empty cells, or split it into one workbook per town and give them all.',
  },
  sheet_too_large: {
    zh: '工作表“{sheetName}”超出 Excel 的上限（{maxRows} 行、{maxCols} 列）：{file}',
    en: 'Sheet “{sheetName}” is past Excel’s limits ({maxRows} rows, {maxCols} columns): {file}',
    fixZh: '该文件不是 Excel 正常保存的工作簿；请在 Excel 或 WPS 中打开后重新保存，或重新导出。',
    fixEn:
      'Excel itself cannot save such a sheet: open it in Excel or WPS and save it again, or export it again.',
  },
  file_unreadable: {
    zh: '无法读取文件（{reason}）：{file}',
    en: 'Cannot read the file ({reason}): {file}',
    fixZh: '检查文件权限，并关闭在 Excel/WPS 中打开的该文件。',
    fixEn: 'Check the file permissions, and close the file if it is open in Excel/WPS.',
  },
  lock_file_skipped: {
    zh: '已跳过 Excel 锁定文件（有人正在 Excel/WPS 中打开对应的工作簿）：{file}',
    en: 'Skipped an Excel lock file (someone has the workbook open in Excel/WPS): {file}',
    fixZh: '关闭 Excel/WPS 中打开的工作簿后再运行，确认读到的是保存后的内容。',
    fixEn: 'Close the workbook in Excel/WPS and run again, so the saved content is read.',
  },
  duplicate_input: {
    zh: '同一个文件给出了两次，只读一次：{file}',
    en: 'The same file was given twice and is read once: {file}',
    fixZh: '不需要处理；命令行里去掉重复的路径即可。',
    fixEn: 'Nothing to do; drop the repeated path from the command line.',
  },

  // ---- sheets and headers ----
  sheet_missing: {
    zh: '找不到工作表“{sheet}”（可用的名称：{expected}）。工作簿里有：{found}；最接近的是：{closest}',
    en: 'No sheet “{sheet}” (accepted names: {expected}). The workbook has: {found}; the closest is: {closest}',
    fixZh: '把对应的工作表改名为“{sheet}”，或从模板（cadre-calc init）复制该工作表。',
    fixEn: 'Rename the matching sheet to “{sheet}”, or copy the sheet from the template (cadre-calc init).',
  },
  sheet_ambiguous: {
    zh: '有多个工作表都可以当作“{expected}”：{found}；只读第一个',
    en: 'Several sheets could be “{expected}”: {found}; only the first is read',
    fixZh: '只保留一个这样的工作表，把其余的合并进去或改名（例如加“旧”字）。',
    fixEn: 'Keep one such sheet: merge the others into it or rename them (e.g. add “old”).',
  },
  sheet_empty: {
    zh: '工作表“{sheet}”在表头（第 {headerRow} 行）下面没有数据',
    en: 'Sheet “{sheet}” has no data below its header (row {headerRow})',
    fixZh: '确认数据填在这个工作表里、表头下面（模板的示例行不算数据）。',
    fixEn:
      'Check that the data is in this sheet, below the header (the template’s example rows are not data).',
  },
  header_missing: {
    zh: '在前 {scanned} 行找不到表头“{header}”（可用的写法：{expected}）。找到的表头：{found}；最接近的是：{closest}',
    en: 'No header “{header}” in the first {scanned} rows (accepted: {expected}). Headers found: {found}; the closest is: {closest}',
    fixZh: '把对应列的表头改为“{header}”，并让所有必填表头在同一行（前 {scanned} 行内）。',
    fixEn:
      'Rename that column’s header to “{header}”, with every required header on one row within the first {scanned} rows.',
  },
  duplicate_header: {
    zh: '表头“{expected}”出现了两次：只读 {first} 列，{column} 列被忽略',
    en: 'Header “{expected}” appears twice: column {first} is read, column {column} is ignored',
    fixZh: '删除或改名重复的列。',
    fixEn: 'Delete or rename the repeated column.',
  },
  example_row: {
    zh: '模板的示例行，已跳过',
    en: 'An example row of the template, skipped',
    fixZh: '填好真实数据后删除示例行。',
    fixEn: 'Delete the example rows once the real data is in.',
  },
  example_marker: {
    zh: '这一行标着“{value}”（模板示例），但填的是真实数据，已跳过',
    en: 'This row is marked “{value}” (a template example) but holds real data: skipped',
    fixZh: '如果这是真实数据，请删去“{value}”标记（序号改为数字，备注中的“示例行”删掉）；否则删除整行。',
    fixEn:
      'If the data is real, remove the “{value}” marker (a number in 序号, no 示例行 in 备注); otherwise delete the row.',
  },
  total_row: {
    zh: '合计/小计行，不是数据，已跳过',
    en: 'A total (合计/小计) row, not data: skipped',
    fixZh: '不需要处理；本工具自己计算合计。也可以删除该行。',
    fixEn: 'Nothing to do; the tool computes its own totals. You may delete the row.',
  },

  // ---- cells ----
  required_empty: {
    zh: '“{header}”必须填写',
    en: '“{header}” must be filled in',
    fixZh: '填写“{header}”；如果这一行不是数据，请删除整行。',
    fixEn: 'Fill in “{header}”; if the row is not data, delete the whole row.',
  },
  text_control: {
    zh: '“{header}”含有不可见的控制字符 {char}（第 {position} 个字符），写入花名册和公示表时会丢失或改变内容',
    en: '“{header}” holds the invisible control character {char} (character {position}), which would be lost or act differently in the roster and the notice',
    fixZh: '在 Excel 或 WPS 中删除该单元格内容后重新输入（多见于从网页或其他系统复制粘贴），保存后再运行。',
    fixEn:
      'Delete the cell’s content in Excel or WPS and type it again (it usually comes from copying out of a web page or another system), save, and run again.',
  },
  public_text_number: {
    zh: '“{header}”里有一串 15 位以上的数字或本次数据中的身份证号、银行卡号：{value}；这一栏会印在张贴公示的公示表上',
    en: '“{header}” holds a run of 15 or more digits, or an ID or card number of this data: {value}; this column is printed on the public notice',
    fixZh: '姓名、村名、镇街只填文字；身份证号和银行卡号填在各自的列里。',
    fixEn: 'Put only the name in 姓名, 村名 and 镇街; ID and card numbers go in their own columns.',
  },
  bank_name_control: {
    zh: '开户行“{value}”含有换行、制表符或控制字符，不能用作银行代发文件的文件名',
    en: 'The bank “{value}” holds a line break, tab or control character and cannot name the bank’s payout file',
    fixZh: '删除该单元格内容后重新输入银行名称（一行，不含不可见字符），保存后再运行。',
    fixEn:
      'Delete the cell’s content and type the bank’s name again (one line, no invisible characters), save, and run again.',
  },
  bank_name_too_long: {
    zh: '开户行“{value}”太长：银行代发文件名将超过 {max} 字节，无法在 Windows 或 U 盘上保存',
    en: 'The bank “{value}” is too long: its payout file name would pass {max} bytes, which Windows and USB drives cannot store',
    fixZh: '用银行的通用简称（如“荣成农商银行”），同一家银行的所有行写法一致。',
    fixEn: 'Use the bank’s usual short name, spelled the same on every row of that bank.',
  },
  bank_name_clash: {
    zh: '开户行“{value}”与“{other}”（{otherSheet} 第 {otherRow} 行）会生成同一个银行代发文件（斜杠等符号会转为全角，Windows 和 macOS 不区分大小写），其中一家银行的人员将不在任何文件中',
    en: 'The bank “{value}” and “{other}” ({otherSheet} row {otherRow}) come to the same payout file (/ and the like become full-width; Windows and macOS ignore case): one bank’s people would be in no file',
    fixZh: '同一家银行统一成一种写法；确是两家银行的，改用能区分的名称。',
    fixEn: 'Spell one bank the same way on every row; if they are two banks, give them names that differ.',
  },
  text_too_long: {
    zh: '“{header}”有 {length} 个字符，超过 Excel 单元格的上限 32,767，写入输出时会被截断',
    en: '“{header}” has {length} characters, past Excel’s limit of 32,767 for a cell; the outputs would cut it',
    fixZh: '删去多余内容（多见于误粘贴了整页文字），保存后再运行。',
    fixEn: 'Remove the extra text (usually a whole page pasted by mistake), save, and run again.',
  },
  text_formula_like: {
    zh: '“{header}”以 = + - @ 开头：{value}；导出为 CSV 或重新录入时会被当作公式执行',
    en: '“{header}” starts with = + - @: {value}; exported to CSV or retyped, it would run as a formula',
    fixZh: '若非有意，删去开头的符号；确需保留时，在导出的文件中把它当作文本处理。',
    fixEn:
      'Unless meant, remove the leading sign; if it must stay, treat the column as text wherever it is exported.',
  },
  ratio_percent_fraction: {
    zh: '拟定比例“{value}”不到百分之一，不会是实际比例；是否应为 {meant}，或写成 0.9 这样的小数？',
    en: 'The ratio “{value}” is a fraction of one per cent, never a ratio anyone is paid at: did you mean {meant}, or a decimal such as 0.9?',
    fixZh: '写成百分数（如 90%）或小数（如 0.9），不要两者同时使用。',
    fixEn: 'Write it as a percentage (90%) or as a decimal (0.9), not both.',
  },
  cell_error: {
    zh: '“{header}”是错误值 {value}（公式出错）',
    en: '“{header}” holds the error value {value} (a formula failed)',
    fixZh: '修正公式或改为直接填写数值，保存后再运行。',
    fixEn: 'Fix the formula or type the value itself, save, and run again.',
  },
  formula_no_value: {
    zh: '“{header}”是公式 {value}，但文件里没有保存计算结果',
    en: '“{header}” is the formula {value}, but the file holds no calculated result',
    fixZh: '在 Excel 或 WPS 中打开该文件（会自动计算）并保存，或把公式改为数值（复制 › 选择性粘贴 › 数值）。',
    fixEn:
      'Open the file in Excel or WPS (it recalculates) and save it, or replace the formula by its value (Copy › Paste Special › Values).',
  },
  id_as_number: {
    zh: '身份证号被存成了数字：Excel 只保留 15 位有效数字，后几位已经丢失，无法还原',
    en: 'The ID number is stored as a number: Excel keeps only 15 significant digits, so its last digits are lost for good',
    fixZh: "把该列设为“文本”格式，再按身份证原件重新录入（或在号码前加英文单引号 '）。",
    fixEn:
      "Format the column as Text, then re-enter the number from the ID card (or type an apostrophe ' before it).",
  },
  id_15_digit: {
    zh: '这是 15 位的旧身份证号，需要换成 18 位（按规则应为 {converted}）',
    en: 'This is an old 15-digit ID number; it must be converted to 18 digits (by the rule: {converted})',
    fixZh: '核对本人现用身份证，录入 18 位号码（在第 6 位后加“19”，末位为校验码）。',
    fixEn:
      'Check the person’s current ID card and enter the 18-digit number (“19” after the 6th digit, plus the check character).',
  },
  id_format: {
    zh: '身份证号格式不对：应为 {expected} 位（17 位数字加 1 位数字或 X）',
    en: 'Malformed ID number: it must have {expected} characters (17 digits, then a digit or X)',
    fixZh: '按身份证原件重新录入，注意不要多打或漏打数字。',
    fixEn: 'Re-enter it from the ID card, watching for extra or missing digits.',
  },
  id_birth_date: {
    zh: '身份证号中的出生日期 {birth} 不存在或不在 {expected} 年之间',
    en: 'The birth date {birth} inside the ID number does not exist or is not within {expected}',
    fixZh: '按身份证原件核对第 7–14 位（出生年月日）后重新录入。',
    fixEn: 'Check digits 7–14 (the birth date) against the ID card and re-enter it.',
  },
  id_checksum: {
    zh: '身份证号校验码不对（GB 11643）：号码中有数字录错',
    en: 'The ID number fails its check character (GB 11643): a digit is mistyped',
    fixZh: '按身份证原件逐位核对后重新录入；不要只改最后一位。',
    fixEn:
      'Compare it digit by digit with the ID card and re-enter it; do not just change the last character.',
  },
  card_as_number: {
    zh: '银行卡号被存成了数字：Excel 只保留 15 位有效数字，更长的卡号末几位已变成 0',
    en: 'The card number is stored as a number: Excel keeps only 15 significant digits, so longer numbers end in lost zeros',
    fixZh: '把该列设为“文本”格式，再按银行卡或存折重新录入。',
    fixEn: 'Format the column as Text, then re-enter the number from the card or passbook.',
  },
  card_format: {
    zh: '银行卡号应为 {expected} 位数字（只影响代发：计算照常进行，生成代发文件前必须改正）',
    en: 'The card number should be {expected} digits (this only matters for payout: the calculation goes on, fix it before the bank files)',
    fixZh: '按银行卡或存折核对后重新录入，只填数字。',
    fixEn: 'Check it against the card or passbook and re-enter digits only.',
  },
  card_luhn: {
    zh: '银行卡号未通过 Luhn 校验（存折账号常常如此；若是银行卡，可能录错了）',
    en: 'The card number fails the Luhn check (passbook accounts often do; for a bank card it is probably mistyped)',
    fixZh: '若是银行卡，请按卡面核对；存折账号可以不处理。',
    fixEn: 'If it is a bank card, check it against the card; a passbook account may stay as it is.',
  },
  card_shared: {
    zh: '两个不同的人用了同一个银行卡号（另见 {otherFile} › {otherSheet} 第 {otherRow} 行，{otherName}）',
    en: 'Two different people have the same card number (see also {otherFile} › {otherSheet} row {otherRow}, {otherName})',
    fixZh: '核对两人的银行卡号，改正录错的一个。',
    fixEn: 'Check both people’s card numbers and correct the mistyped one.',
  },
  unknown_role: {
    zh: '不认识的职务“{part}”。可用的职务：{expected}',
    en: 'Unknown role “{part}”. Known roles: {expected}',
    fixZh: '改为政策中的职务名称或别名；兼职写成“书记兼主任”。如确需新职务，请修改政策文件。',
    fixEn:
      'Use a role name or alias of the policy; write combined posts as 书记兼主任. A new role needs a policy change.',
  },
  hold_not_reason: {
    zh: '暂停发放一栏写的是“{value}”，按“不暂停”处理（填写了原因才会暂停发放）',
    en: '暂停发放 (hold) says “{value}”, taken as not held (only a reason holds the payment)',
    fixZh: '不暂停的请留空；需要暂停的请写明原因。',
    fixEn: 'Leave it empty when not held; write the reason when the payment must be held.',
  },
  months_range: {
    zh: '任职月数应为 {expected} 的整数',
    en: 'Months served must be a whole number from {expected}',
    fixZh: '填写本年度实际任职的整月数；全年任职可留空（按 12 个月）。',
    fixEn: 'Enter the whole months served this year; leave it empty for a full year (12).',
  },
  ratio_invalid: {
    zh: '拟定比例应为大于 0 的小数（如 0.9 或 90%）',
    en: 'The proposed ratio must be a decimal above 0 (such as 0.9 or 90%)',
    fixZh: '填写小数比例，或留空按政策比例。',
    fixEn: 'Enter a decimal ratio, or leave it empty for the policy’s ratio.',
  },
  ratio_above_cap: {
    zh: '拟定比例 {value} 超过了“{role}”的上限 {cap}',
    en: 'The proposed ratio {value} is above the cap {cap} of “{role}”',
    fixZh: '改为不超过 {cap} 的比例，或留空按政策比例；兼职行请分成两行各填比例。',
    fixEn: 'Enter a ratio of at most {cap}, or leave it empty; split a combined post into one row per post.',
  },
  adjustment_invalid: {
    zh: '个人加减分应在 −100 到 100 之间，最多两位小数',
    en: 'The personal adjustment must be between −100 and 100, with at most 2 decimals',
    fixZh: '填写如 -2.5 或 3 的数；没有加减分请留空。',
    fixEn: 'Enter a number such as -2.5 or 3; leave it empty when there is none.',
  },
  households_invalid: {
    zh: '户数应为不小于 1 的整数',
    en: 'Households must be a whole number of at least 1',
    fixZh: '填写本村总户数（整数，可带“户”字）。',
    fixEn: 'Enter the village’s number of households (a whole number; a trailing 户 is fine).',
  },
  households_implausible: {
    zh: '户数 {value} 超过 5000，请确认没有多打数字',
    en: '{value} households is above 5,000: check for an extra digit',
    fixZh: '核对户数；确实如此可以不处理。',
    fixEn: 'Check the number; if it is right, nothing to do.',
  },
  weak_invalid: {
    zh: '经济薄弱村应填“是”或“否”',
    en: '经济薄弱村 (weak village) must be 是 or 否',
    fixZh: '填写“是”或“否”；留空按“否”。',
    fixEn: 'Enter 是 or 否; empty means 否.',
  },
  date_invalid: {
    zh: '“{header}”不是有效日期（可用写法：{expected}）',
    en: '“{header}” is not a valid date (accepted forms: {expected})',
    fixZh: '按 2012-03-31 的格式填写真实存在的日期，或设为 Excel 日期格式。',
    fixEn: 'Enter a real date like 2012-03-31, or use an Excel date cell.',
  },
  status_invalid: {
    zh: '状态应为：{expected}',
    en: 'The status must be one of: {expected}',
    fixZh: '从下拉列表中选择；留空按“进行中”。',
    fixEn: 'Pick a value from the list; empty means 进行中.',
  },
  result_invalid: {
    zh: '验收结果应为：{expected}，或留空（尚未验收）',
    en: 'The inspection result must be one of: {expected}, or empty (not inspected yet)',
    fixZh: '从下拉列表中选择，尚未验收的留空。',
    fixEn: 'Pick a value from the list; leave it empty until inspected.',
  },
  satisfaction_range: {
    zh: '满意度应为 {expected} 之间的数',
    en: 'Satisfaction must be a number from {expected}',
    fixZh: '填写 0 到 100 的测评分数，没有测评请留空。',
    fixEn: 'Enter a rating from 0 to 100; leave it empty when there was none.',
  },
  period_invalid: {
    zh: '不认识的考核期（可用：{expected}）',
    en: 'Unknown assessment period (accepted: {expected})',
    fixZh: '从下拉列表中选择考核期。',
    fixEn: 'Pick the period from the list.',
  },
  score_not_number: {
    zh: '得分不是数字',
    en: 'The score is not a number',
    fixZh: '只填数字，如 82 或 82.5，不要加“分”等文字。',
    fixEn: 'Enter the number alone, such as 82 or 82.5, without a unit or words.',
  },
  satisfaction_not_number: {
    zh: '满意度不是数字',
    en: 'Satisfaction is not a number',
    fixZh: '只填 0 到 100 的数字，如 92.5，不要加“分”或“%”；没有测评请留空。',
    fixEn:
      'Enter a number from 0 to 100 alone, such as 92.5, without a unit; leave it empty when there was none.',
  },
  score_range: {
    zh: '得分应为 {expected} 之间的数',
    en: 'The score must be a number from {expected}',
    fixZh: '填写百分制得分。',
    fixEn: 'Enter the score out of 100.',
  },

  // ---- across rows and files ----
  duplicate_village: {
    zh: '村代码重复：{otherFile} › {otherSheet} 第 {otherRow} 行已有同一个村',
    en: 'Duplicated village code: {otherFile} › {otherSheet} row {otherRow} already has this village',
    fixZh: '每个村只保留一行；如果两个文件都有这个村，从其中一个文件中删除。',
    fixEn: 'Keep one row per village; if two files both list it, delete it from one of them.',
  },
  unknown_village: {
    zh: '村代码 {value} 不在“村庄”工作表中',
    en: 'Village code {value} is not in the 村庄 (villages) sheet',
    fixZh: '核对村代码，或把该村加入“村庄”工作表。',
    fixEn: 'Check the code, or add the village to the 村庄 sheet.',
  },
  duplicate_cadre: {
    zh: '同一人在同一村的同一职务（{role}）出现了两次：另见 {otherFile} › {otherSheet} 第 {otherRow} 行',
    en: 'The same person in the same post ({role}) of the same village twice: see also {otherFile} › {otherSheet} row {otherRow}',
    fixZh: '删除重复的一行；如果两个文件都有这个人，从其中一个文件中删除。',
    fixEn: 'Delete the repeated row; if two files both list the person, delete it from one of them.',
  },
  id_name_conflict: {
    zh: '同一个身份证号对应了不同的姓名“{name}”和“{otherName}”（另见 {otherFile} › {otherSheet} 第 {otherRow} 行）',
    en: 'One ID number under two names, “{name}” and “{otherName}” (see also {otherFile} › {otherSheet} row {otherRow})',
    fixZh: '按身份证原件核对两人的身份证号和姓名，改正录错的一处。',
    fixEn: 'Check both people’s ID numbers and names against their ID cards and correct the mistyped one.',
  },
  transfer_months: {
    zh: '同一人在 {villages} 任职，月数合计 {total} 个月，超过 12 个月',
    en: 'The same person serves in {villages} for {total} months in all, more than 12',
    fixZh: '调动的干部在各村的任职月数之和不能超过 12；核对每一行的任职月数。',
    fixEn: 'A transferred cadre’s months in all villages add up to 12 at most: check each row’s months.',
  },
  duplicate_item: {
    zh: '同一村的承诺编号重复：另见 {otherFile} › {otherSheet} 第 {otherRow} 行',
    en: 'Duplicated commitment number within the village: see also {otherFile} › {otherSheet} row {otherRow}',
    fixZh: '给每个承诺事项一个本村唯一的编号。',
    fixEn: 'Give every commitment of a village its own number.',
  },
  duplicate_period: {
    zh: '同一村同一考核期有两个得分：另见 {otherFile} › {otherSheet} 第 {otherRow} 行',
    en: 'Two scores for the same village and period: see also {otherFile} › {otherSheet} row {otherRow}',
    fixZh: '每村每个考核期只保留一个得分。',
    fixEn: 'Keep one score per village and period.',
  },
};
