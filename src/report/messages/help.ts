/**
 * The help of every command and commander's own words, in Chinese and English: one table
 * the CLI applies to the program after the commands have registered (report/help.ts).
 *
 * Keys: `program`; `CMD` (the command's description); `CMD.arg.NAME`; `CMD.opt.--LONG`,
 * else `opt.--LONG` for an option every command shares; `CMD.after` (the text after the
 * options: what it does, exit codes, examples); `help.*` commander's headings and built-in
 * options; `usage.*` usage errors. A new command needs only its entries here (a test fails
 * until every command, argument and option has both languages). `{maxMb}` and
 * `{examplePrefix}` are filled from the code's own constants.
 */
export interface HelpText {
  zh: string;
  en: string;
}

export const HELP_MESSAGES: Record<string, HelpText> = {
  program: {
    zh: '农村干部补贴：补贴标准、奖励补贴（分值法）、践诺奖惩、审批与代发',
    en: 'Subsidies of rural village cadres: 补贴标准, 奖励补贴 (分值法), 践诺奖惩, 审批与代发',
  },

  // Commander's own words.
  'help.Usage:': { zh: '用法：', en: 'Usage:' },
  'help.Arguments:': { zh: '参数：', en: 'Arguments:' },
  'help.Options:': { zh: '选项：', en: 'Options:' },
  'help.Commands:': { zh: '命令：', en: 'Commands:' },
  'help.Global Options:': { zh: '全局选项：', en: 'Global Options:' },
  'help.help': { zh: '显示帮助', en: 'display help for command' },
  'help.version': { zh: '显示版本号', en: 'output the version number' },
  'help.default': { zh: '默认：{value}', en: 'default: {value}' },
  'help.choices': { zh: '可选：{value}', en: 'choices: {value}' },
  'help.helpCommand': { zh: '显示某个命令的帮助', en: 'display help for command' },

  // Usage errors: one line, then how to see the usage.
  'usage.seeHelp': { zh: '运行 {command} --help 查看用法', en: 'Run {command} --help to see the usage' },
  'usage.unknownOption': { zh: '不认识的选项 {token}', en: 'Unknown option {token}' },
  'usage.unknownCommand': { zh: '不认识的命令 {token}', en: 'Unknown command {token}' },
  'usage.missingArgument': { zh: '缺少参数 {token}', en: 'Missing argument {token}' },
  'usage.optionMissingArgument': { zh: '选项 {token} 后面缺少值', en: 'Option {token} needs a value' },
  'usage.missingMandatoryOptionValue': { zh: '必须给出选项 {token}', en: 'Option {token} is required' },
  'usage.invalidArgument': {
    zh: '选项 {token} 的值 {value} 不可用，可用的值：{choices}',
    en: 'Option {token} cannot be {value}; the values it takes: {choices}',
  },
  'usage.excessArguments': {
    zh: '参数太多：应有 {expected} 个，实际 {got} 个',
    en: 'Too many arguments: {expected} expected, {got} given',
  },
  'usage.conflictingOption': {
    zh: '选项 {token} 不能与 {other} 同时使用',
    en: 'Option {token} cannot be used with {other}',
  },
  'usage.didYouMean': { zh: '（是不是 {token}？）', en: ' (did you mean {token}?)' },
  'usage.other': { zh: '命令行有误：{token}', en: 'Usage error: {token}' },

  // Options most commands share.
  'opt.--policy': {
    zh: '政策文件（默认：内置的 rongcheng-2012）',
    en: 'policy file (default: the built-in rongcheng-2012)',
  },
  'opt.--as-of': {
    zh: '测算截止日期（默认：今天与政策年度 12 月 31 日中较早的一天）',
    en: 'the date the run stands at (default: the earlier of today and 31 December of the policy year)',
  },
  'opt.--out': { zh: '输出文件夹（不存在时自动建立）', en: 'where outputs go (created if missing)' },
  'opt.--force': { zh: '覆盖已有的输出文件', en: 'overwrite existing outputs' },
  'opt.--json': { zh: '在标准输出打印一个 JSON 对象', en: 'print one JSON object on stdout' },
  'opt.--quiet': { zh: '只在标准错误输出显示错误', en: 'only errors on stderr' },
  'opt.--lang': {
    zh: '提示语言（默认：CADRE_CALC_LANG，其次 LC_ALL/LC_MESSAGES/LANG，其次系统语言）',
    en: 'message language (default: CADRE_CALC_LANG, else LC_ALL/LC_MESSAGES/LANG, else the system language)',
  },
  'opt.--no-color': { zh: '不用颜色（纯文本）', en: 'plain text' },

  init: {
    zh: '生成填报模板工作簿和一份可修改的政策文件',
    en: 'write an input template workbook and a copy of the policy to edit',
  },
  'init.arg.dir': {
    zh: '写入的文件夹（默认：当前文件夹）',
    en: 'folder to write into (default: the current folder)',
  },
  'init.opt.--force': { zh: '覆盖已有的文件', en: 'overwrite existing files' },
  'init.after': {
    zh: `
在文件夹 DIR（默认当前文件夹）中写出两个文件和一个文件夹：
  村干部补贴-模板.xlsx   填报模板：村庄、干部、承诺台账、考核评分四张表，列齐全，表头冻结，
                         带下拉列表（职务取自政策，经济薄弱村、状态、验收结果、考核期），
                         身份证号、银行卡号、代码列设为文本，每个表头有批注，另有填表说明，
                         每张表两行示例（序号“示例”，村代码 {examplePrefix}…）：validate 和
                         subsidy 跳过示例行并给出警告。删除示例行，或直接改写并去掉“示例”。
  policy.yaml            政策文件副本（默认内置 rongcheng-2012，或 --policy 给出的文件），
                         带注释，修改后用 --policy 传回。
  banks/                 银行代发格式示例（payout --banks DIR/banks）：仅为示例，
                         须按各银行的实际模板修改。
已有文件不会被覆盖，除非加 --force（否则退出码 3）。

示例：
  $ cadre-calc init                       写到当前文件夹
  $ cadre-calc init 2013年补贴             写到 ./2013年补贴（不存在时自动建立）
  $ cadre-calc init . --force              替换以前生成的模板和政策文件`,
    en: `
Writes two files and a folder into DIR (default: the current folder):
  村干部补贴-模板.xlsx   the input template: sheets 村庄, 干部, 承诺台账, 考核评分 with every
                         column, a frozen header row, drop-down lists (职务 from the policy,
                         经济薄弱村, 状态, 验收结果, 考核期), ID, card and code columns as text,
                         a note on every header, a 填表说明 sheet, and two example rows per
                         sheet (序号 示例, village codes {examplePrefix}…): validate and subsidy
                         skip them with a warning. Delete them, or type over them and
                         remove the 示例 marker.
  policy.yaml            a copy of the policy (the built-in rongcheng-2012 unless --policy),
                         with comments, to edit and pass back with --policy.
  banks/                 example bank upload profiles (payout --banks DIR/banks): examples
                         only, to adapt to each bank's real template.
Existing files are not overwritten unless --force is given (exit 3).

Examples:
  $ cadre-calc init                       into the current folder
  $ cadre-calc init 2013年补贴             into ./2013年补贴 (created if missing)
  $ cadre-calc init . --force              replace an earlier template and policy copy`,
  },

  validate: {
    zh: '检查填报工作簿，列出全部问题；不写出任何文件',
    en: 'check input workbooks and list every problem; nothing is written',
  },
  'validate.arg.workbook|dir': {
    zh: '填报工作簿（.xlsx），或存放工作簿的文件夹',
    en: 'input workbooks (.xlsx) or folders of them',
  },
  'validate.after': {
    zh: `
按 subsidy 和 ledger 的方式读取工作簿，列出每个文件中的全部问题：工作表、Excel 行号、
列和怎么改。不写出任何文件。

工作表：每个工作簿都要有 村庄 和 干部；承诺台账 和 考核评分 有则检查（subsidy 和
ledger 需要它们）。给出文件夹时按文件名顺序读取其中的 *.xlsx；Excel 锁定文件（~$*）
跳过并警告，文件夹中的旧版 .xls 是错误（请另存为 .xlsx）。解压后超过 {maxMb} MB 的
工作簿不读取。合计/小计行和模板的示例行（序号“示例”、村代码以 {examplePrefix} 开头）
跳过并警告；其他标了“示例”的行是错误，以免丢掉从示例复制来的真实数据。

退出码：0 没有错误（可能有警告），1 有错误，4 文件无法读取。

示例：
  $ cadre-calc validate 石岛管理区.xlsx
  $ cadre-calc validate 各镇报表/                  文件夹中的每个 .xlsx
  $ cadre-calc validate a.xlsx b.xlsx --json        问题以 JSON 输出
  $ cadre-calc validate 各镇报表/ -q --lang zh      只显示错误，用中文`,
    en: `
Reads the workbooks as subsidy and ledger would and lists every problem it finds, in
every file, with its sheet, Excel row, column and how to fix it. Nothing is written.

Sheets: 村庄 and 干部 must be in every workbook; 承诺台账 and 考核评分 are checked
when present (subsidy and ledger require them). A folder means its *.xlsx files, in
name order; Excel lock files (~$*) are skipped with a warning, and an old .xls in the
folder is an error (save it as .xlsx). Workbooks whose parts add up to more than
{maxMb} MB uncompressed are refused. 合计/小计 rows and the template's example
rows (序号 示例 and a village code starting {examplePrefix}) are skipped with a warning; any other
row marked 示例 is an error, so a real row copied from an example is never dropped.

Exit codes: 0 no errors (warnings may be listed), 1 errors found, 4 a file cannot be read.

Examples:
  $ cadre-calc validate 石岛管理区.xlsx
  $ cadre-calc validate 各镇报表/                  every .xlsx in the folder
  $ cadre-calc validate a.xlsx b.xlsx --json        findings as JSON on stdout
  $ cadre-calc validate 各镇报表/ -q --lang zh      errors only, in Chinese`,
  },

  subsidy: {
    zh: '分档、评分、奖池与分配 → 审批花名册-年度.xlsx 和 公示表-年度.xlsx',
    en: 'tiering, scores, pool and allocation → 审批花名册-YEAR.xlsx and 公示表-YEAR.xlsx',
  },
  'subsidy.arg.workbook|dir': {
    zh: '填报工作簿或其文件夹（一次运行即一个数据集）',
    en: 'input workbooks, or folders of them (one run, one data set)',
  },
  'subsidy.opt.--previous': {
    zh: '上一年度已审批的花名册，用于连续第二年的处理（动员辞职）',
    en: "last year's approved roster, for second-year sanctions (动员辞职)",
  },
  'subsidy.opt.--prepared-by': {
    zh: '制表人姓名（制表人不能审批本花名册）',
    en: 'the preparer (制表人), who may not approve the roster',
  },
  'subsidy.opt.--allow-missing-scores': {
    zh: '没有评分数据的村不计分点（警告），而不是报错',
    en: 'villages with no score data get no points (warning) instead of an error',
  },
  'subsidy.after': {
    zh: `
示例：
  $ cadre-calc subsidy 荣成市-2012.xlsx -o out --prepared-by 张三
  $ cadre-calc subsidy 各镇报表/ --as-of 2012-12-31 --previous 审批花名册-2011.xlsx`,
    en: `
Examples:
  $ cadre-calc subsidy fixtures/sample-city/荣成市-2012.xlsx -o out --prepared-by 张三
  $ cadre-calc subsidy towns/ --as-of 2012-12-31 --previous 审批花名册-2011.xlsx --json > report.json`,
  },

  ledger: {
    zh: '截止日的承诺事项完成情况（按村、按镇街）→ 对不合格或逾期事项出 督办通知单-YYYYMMDD.xlsx',
    en: 'commitment status at the as-of date, per village and town → 督办通知单-YYYYMMDD.xlsx for failed or overdue items',
  },
  'ledger.arg.workbook|dir': {
    zh: '填报工作簿（村庄 和 承诺台账 两张表）或其文件夹',
    en: 'input workbooks (sheets 村庄 and 承诺台账), or folders of them',
  },
  'ledger.after': {
    zh: `
每个验收不合格或逾期未完成的事项出一份督办通知，整改期限为截止日加 supervision.days
（政策）天；通知单落款日期为截止日。没有不合格或逾期事项时不写出文件。

示例：
  $ cadre-calc ledger 石岛管理区-2012.xlsx --as-of 2012-06-30 -o out
  $ cadre-calc ledger 各镇报表/ --as-of 2012-09-30 --json > ledger.json`,
    en: `
Every failed (验收不合格) or overdue (逾期未完成) item gets a notice with a rectification
deadline of the as-of date + supervision.days (policy); the notices are dated the as-of
date. When no item is failed or overdue, no file is written.

Examples:
  $ cadre-calc ledger 石岛管理区-2012.xlsx --as-of 2012-06-30 -o out
  $ cadre-calc ledger towns/ --as-of 2012-09-30 --json > ledger.json`,
  },

  approve: {
    zh: '在花名册中记录一个部门的审批（先审批后发放）',
    en: "record one department's approval in the roster (先审批后发放)",
  },
  'approve.arg.roster.xlsx': { zh: 'subsidy 写出的审批花名册', en: 'the approval roster written by subsidy' },
  'approve.opt.--dept': {
    zh: '审批部门，须是政策 approval.required 中的一个',
    en: "the approving department, one of the policy's approval.required",
  },
  'approve.opt.--by': { zh: '审批人姓名（不能是制表人）', en: 'the approver (may not be the preparer)' },
  'approve.after': {
    zh: `
示例：
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 --by 李四
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 财政局 --by 王五 --json

把审批（部门、姓名、时间、花名册摘要）记入花名册的 校验 表，并原地重写花名册。
以下情况拒绝（退出码 3，不写任何文件）：
  - subsidy 写出后花名册被改动过（摘要不符；指出改动所在的行）；
  - DEPT 不在政策的 approval.required 中，或花名册是按另一份政策做的（用 --policy 给出）；
  - NAME 是花名册的制表人（subsidy --prepared-by）：制表与审批须分人；
  - DEPT 已审批过同一份花名册（摘要相同）：审批不重复记录，也不替换。`,
    en: `
Examples:
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 --by 李四
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 财政局 --by 王五 --json

Records the approval (department, name, time, roster digest) in the roster's 校验 sheet and
rewrites the roster in place. Refused (exit 3, nothing written) when:
  - the roster was edited after subsidy wrote it (its digest differs; the rows where the
    change shows are named);
  - DEPT is not one of the policy's approval.required departments, or the roster was made
    under another policy (give it with --policy);
  - NAME is the roster's preparer (制表人, subsidy --prepared-by): maker-checker;
  - DEPT has already approved this very roster (same digest): an approval is never
    recorded twice nor replaced.`,
  },

  payout: {
    zh: '由已审批的正式花名册生成银行代发文件，每个开户行一份',
    en: 'bank payout rosters, one per bank, from an approved final roster',
  },
  'payout.arg.roster.xlsx': { zh: 'subsidy 写出的审批花名册', en: 'the approval roster written by subsidy' },
  'payout.opt.--batch': {
    zh: 'base（基本补贴）、reward（奖励补贴）或 all（全部）',
    en: 'base (基本补贴), reward (奖励补贴) or all',
  },
  'payout.after': {
    zh: `
示例：
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base -o bank/
        每个开户行一份 银行代发-2012-base-开户行.xlsx：基本补贴，春节前发放
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch reward -o bank/ --json

以下情况拒绝（退出码 3，一次列出全部原因）：subsidy 写出后花名册被改动过；花名册是
预计的；缺少政策要求的某个部门对当前摘要的审批；应发人员没有开户行，或卡号不是 12–19
位数字；同一卡号对应两个身份证号。暂停发放的人员不发放，并列出原因。已有的银行文件
只有加 --force 才覆盖；同一花名册、同一批次总是得到相同的文件和批次号。`,
    en: `
Examples:
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base -o bank/
        one 银行代发-2012-base-BANK.xlsx per bank: 基本补贴, paid before the Spring Festival
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch reward -o bank/ --json

Refuses (exit 3, every reason at once) when the roster was edited after subsidy wrote it,
is provisional (预计), lacks the approval of a department the policy requires for its
current digest, or someone to be paid has no bank or a card that is not 12–19 digits; one
card number under two ID numbers is refused too. Held people (暂停发放) are never paid and
are listed with their reason. An existing bank file is overwritten only with --force; the
same roster and batch always give the same files and the same batch id.`,
  },

  policy: {
    zh: '显示现行政策（默认：内置的 rongcheng-2012）；政策无效时报错',
    en: 'show the policy in force (default: the built-in rongcheng-2012); errors if it is invalid',
  },
  'policy.after': {
    zh: `
示例：
  $ cadre-calc policy                              内置的 rongcheng-2012，以表格显示
  $ cadre-calc policy --policy 荣成市-2013.yaml     检查并显示自己的政策文件
  $ cadre-calc policy --json                       以 JSON 输出（金额单位为分）

政策无效时退出码为 1，列出每个问题所在的行和键路径
（如 roles.主任.ratio、bands[2].amount；列表位置从 0 数起）。`,
    en: `
Examples:
  $ cadre-calc policy                              the built-in rongcheng-2012, as tables
  $ cadre-calc policy --policy 荣成市-2013.yaml     check and show your own policy file
  $ cadre-calc policy --json                       the policy as JSON (amounts in fen)

An invalid policy exits 1 and lists every problem with its line and key path
(e.g. roles.主任.ratio, bands[2].amount; list positions count from 0).`,
  },
};
