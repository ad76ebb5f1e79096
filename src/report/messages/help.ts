/**
 * The help of every command and commander's own words, in Chinese and English: one table
 * the CLI applies to the program after the commands have registered (report/help.ts).
 *
 * Keys: `program`; `CMD` (the command's description); `CMD.arg.NAME`; `CMD.opt.--LONG`,
 * else `opt.--LONG` for an option every command shares; `CMD.after` (the text after the
 * options: what it does, exit codes, examples); `help.*` commander's headings and built-in
 * options; `usage.*` usage errors. A subcommand's keys start with its path: `keys new`,
 * `keys new.opt.--dept`, `keys new.after`. A new command needs only its entries here (a test fails
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
  'help.[options]': { zh: '[选项]', en: '[options]' },
  'help.[command]': { zh: '[命令]', en: '[command]' },

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
    zh: '生成填报模板工作簿、一份可修改的政策文件和银行代发格式示例（banks/）',
    en: 'write an input template workbook, a copy of the policy to edit and example bank profiles (banks/)',
  },
  'init.arg.dir': {
    zh: '写入的文件夹（默认：当前文件夹）',
    en: 'folder to write into (default: the current folder)',
  },
  'init.opt.--force': { zh: '覆盖已有的文件', en: 'overwrite existing files' },
  'init.after': {
    zh: `
在文件夹 DIR（默认当前文件夹）中写出两个文件和一个文件夹：
  村干部补贴-模板.xlsx   填报模板：村庄、干部、承诺台账、考核评分四张表，列齐
                         全，表头冻结，带下拉列表（职务取自政策，经济薄弱村、状
                         态、验收结果、考核期），身份证号、银行卡号、代码列设为
                         文本，每个表头有批注，另有填表说明，每张表两行示例（序
                         号“示例”，村代码 {examplePrefix}…）：validate 和
                         subsidy 跳过示例行并给出警告。删除示例行，或直接改写并
                         去掉“示例”。
  policy.yaml            政策文件副本（默认内置 rongcheng-2012，或 --policy 给出
                         的文件），带注释，修改后用 --policy 传回。
  banks/                 银行代发格式示例（payout --banks DIR/banks）：仅为示
                         例，须按各银行的实际模板修改。
已有文件不会被覆盖，除非加 --force（否则退出码 3）。

示例：
  $ cadre-calc init                       写到当前文件夹
  $ cadre-calc init 2013年补贴             写到 ./2013年补贴（不存在时自动建立）
  $ cadre-calc init . --force              替换以前生成的模板和政策文件`,
    en: `
Writes two files and a folder into DIR (default: the current folder):
  村干部补贴-模板.xlsx   the input template: sheets 村庄, 干部, 承诺台账, 考核评
                         分 with every column, a frozen header row, drop-down
                         lists (职务 from the policy, 经济薄弱村, 状态,
                         验收结果, 考核期), ID, card and code columns as text, a
                         note on every header, a 填表说明 sheet, and two example
                         rows per sheet (序号 示例, village codes
                         {examplePrefix}…): validate and subsidy skip them with
                         a warning. Delete them, or type over them and remove
                         the 示例 marker.
  policy.yaml            a copy of the policy (the built-in rongcheng-2012
                         unless --policy), with comments, to edit and pass back
                         with --policy.
  banks/                 example bank upload profiles (payout --banks
                         DIR/banks): examples only, to adapt to each bank's real
                         template.
Existing files are not overwritten unless --force is given (exit 3).

Examples:
  $ cadre-calc init                 into the current folder
  $ cadre-calc init 2013年补贴      into ./2013年补贴 (created if missing)
  $ cadre-calc init . --force       replace an earlier template and policy copy`,
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
按 subsidy 和 ledger 的方式读取工作簿，列出每个文件中的全部问题：工作表、Excel
行号、列和怎么改。不写出任何文件。

工作表：每个工作簿都要有 村庄 和 干部；承诺台账 和 考核评分 有则检查（subsidy 和
ledger 需要它们）。给出文件夹时按文件名顺序读取其中的 *.xlsx；Excel 锁定文件
（~$*）跳过并警告，文件夹中的旧版 .xls 是错误（请另存为 .xlsx）。解压后超过
{maxMb} MB 的工作簿不读取。合计/小计行和模板的示例行（序号“示例”、村代码以
{examplePrefix} 开头）跳过并警告；其他标了“示例”的行是错误，以免丢掉从示例复制来
的真实数据。

退出码：0 没有错误（可能有警告），1 有错误，4 文件无法读取。

示例：
  $ cadre-calc validate 石岛管理区.xlsx
  $ cadre-calc validate 各镇报表/                  文件夹中的每个 .xlsx
  $ cadre-calc validate a.xlsx b.xlsx --json        问题以 JSON 输出
  $ cadre-calc validate 各镇报表/ -q --lang zh      只显示错误，用中文`,
    en: `
Reads the workbooks as subsidy and ledger would and lists every problem it
finds, in every file, with its sheet, Excel row, column and how to fix it.
Nothing is written.

Sheets: 村庄 and 干部 must be in every workbook; 承诺台账 and 考核评分 are
checked when present (subsidy and ledger require them). A folder means its
*.xlsx files, in name order; Excel lock files (~$*) are skipped with a warning,
and an old .xls in the folder is an error (save it as .xlsx). Workbooks whose
parts add up to more than {maxMb} MB uncompressed are refused. 合计/小计 rows
and the template's example rows (序号 示例 and a village code starting
{examplePrefix}) are skipped with a warning; any other row marked 示例 is an
error, so a real row copied from an example is never dropped.

Exit codes: 0 no errors (warnings may be listed), 1 errors found, 4 a file
cannot be read.

Examples:
  $ cadre-calc validate 石岛管理区.xlsx
  $ cadre-calc validate 各镇报表/                  every .xlsx in the folder
  $ cadre-calc validate a.xlsx b.xlsx --json        findings as JSON on stdout
  $ cadre-calc validate 各镇报表/ -q --lang zh      errors only, in Chinese`,
  },

  subsidy: {
    zh: '分档、评分、奖池与分配 → 审批花名册-年度.xlsx、公示表-年度.xlsx 和 补贴报告-年度.html',
    en: 'tiering, scores, pool and allocation → 审批花名册-YEAR.xlsx, 公示表-YEAR.xlsx and 补贴报告-YEAR.html',
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
  'subsidy.opt.--key': {
    zh: '制表人的签名密钥（用 keys new --dept 制表 生成）：为花名册的制表记录签名',
    en: "the preparer's signing key (keys new --dept 制表): signs the preparer's line",
  },
  'subsidy.opt.--allow-missing-scores': {
    zh: '没有评分数据的村不计分点（警告），而不是报错',
    en: 'villages with no score data get no points (warning) instead of an error',
  },
  'subsidy.after': {
    zh: `
读取填报工作簿，按政策分档、评分，计算奖励池并分配到人，在 -o 文件夹（默认
./out）写出三个文件：
  审批花名册-年度.xlsx   正式花名册：供组织部、财政局审批（approve）和代发
                         （payout）
  公示表-年度.xlsx       公示用：不含身份证号、银行卡号、开户行和暂停发放原因
  补贴报告-年度.html     图表报告：各镇街应发金额、奖励补贴分布、得分与奖励、奖
                         励池；单个文件，不联网也能打开，可用 A4 纸打印
截止日期早于年末时，花名册标为“预计”，payout 不予代发。填报数据有错误时不写出任
何文件（退出码 1）。已有文件只有加 --force 才覆盖；已记录发放批次的花名册即使加
--force 也不覆盖（改用新的文件夹）。

示例：
  $ cadre-calc subsidy 荣成市-2012.xlsx -o out --prepared-by 张三
  $ cadre-calc subsidy 荣成市-2012.xlsx -o out --prepared-by 张三 \\
      --key keys/制表-张三.key                        制表人签名
  $ cadre-calc subsidy 各镇报表/ --as-of 2012-12-31 \\
      --previous 审批花名册-2011.xlsx`,
    en: `
Reads the input workbooks, tiers and scores them under the policy, computes the
reward pool and allocates it, and writes three files into -o (default ./out):
  审批花名册-YEAR.xlsx   the roster: for 组织部 and 财政局 to approve (approve)
                         and to pay (payout)
  公示表-YEAR.xlsx       the public notice: no ID, card, bank or hold reason
  补贴报告-YEAR.html     the report in pictures: payable per town, the reward
                         distribution, score against reward, the pool; one file
                         that opens without internet and prints on A4
When the as-of date is before the year's end the roster is provisional (预计)
and payout refuses it. With errors in the input nothing is written (exit 1).
Existing outputs are replaced only with --force, and a roster that records an
issued batch never is, even with --force (use a new folder).

Examples:
  $ cadre-calc subsidy fixtures/sample-city/荣成市-2012.xlsx -o out \\
      --prepared-by 张三
  $ cadre-calc subsidy 荣成市-2012.xlsx -o out --prepared-by 张三 \\
      --key keys/制表-张三.key                        the preparer signs
  $ cadre-calc subsidy towns/ --as-of 2012-12-31 \\
      --previous 审批花名册-2011.xlsx --json > report.json`,
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
每个验收不合格或逾期未完成的事项出一份督办通知，整改期限为截止日加
supervision.days（政策）天；通知单落款日期为截止日。没有不合格或逾期事项时不写出
文件。

示例：
  $ cadre-calc ledger 石岛管理区-2012.xlsx --as-of 2012-06-30 -o out
  $ cadre-calc ledger 各镇报表/ --as-of 2012-09-30 --json > ledger.json`,
    en: `
Every failed (验收不合格) or overdue (逾期未完成) item gets a notice with a
rectification deadline of the as-of date + supervision.days (policy); the
notices are dated the as-of date. When no item is failed or overdue, no file is
written.

Examples:
  $ cadre-calc ledger 石岛管理区-2012.xlsx --as-of 2012-06-30 -o out
  $ cadre-calc ledger towns/ --as-of 2012-09-30 --json > ledger.json`,
  },

  approve: {
    zh: '在花名册中记录一个部门的审批（先审批后发放），用本部门的密钥签名',
    en: "record one department's approval in the roster (先审批后发放), signed with its key",
  },
  'approve.arg.roster.xlsx': { zh: 'subsidy 写出的审批花名册', en: 'the approval roster written by subsidy' },
  'approve.opt.--dept': {
    zh: '审批部门，须是政策 approval.required 中的一个',
    en: "the approving department, one of the policy's approval.required",
  },
  'approve.opt.--key': {
    zh: '本部门加密的签名密钥文件（用 keys new 生成）',
    en: "the department's encrypted signing key (keys new)",
  },
  'approve.opt.--by': {
    zh: '审批人姓名（不能是制表人）；用 --key 时默认为密钥的持有人',
    en: 'the approver (may not be the preparer); with --key, defaults to its holder',
  },
  'approve.opt.--trust': {
    zh: '信任文件：同时核验花名册中已有的审批（也可用 CADRE_CALC_TRUST 指定）',
    en: 'the trust file: also judge the approvals already there (also CADRE_CALC_TRUST)',
  },
  'approve.after': {
    zh: `
示例：
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 \\
      --key keys/组织部-李四.key
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 财政局 \\
      --key keys/财政局-王五.key --trust trust.yaml --json
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 --by 李四
        未签名的审批（不使用密钥时；代发时须加 --unsigned）

用本部门的密钥对审批（部门、姓名、时间、花名册摘要、密钥）签名（口令取自
CADRE_CALC_PASSPHRASE，否则在终端输入），记入花名册的 校验 表，并原地重写花名
册。不加 --key 时记为未签名的审批（须给出 --by），payout --trust 不接受未签名的
审批。以下情况拒绝（退出码 3，不写任何文件）：
  - subsidy 写出后花名册被改动过（逐一指出被改动、增加或删除的行及其列），或其中
    某个审批是手工填写、伪造或从别处复制来的；
  - DEPT 不在政策的 approval.required 中，或花名册是按另一份政策做的
    （用 --policy 给出该政策）；
  - NAME 是花名册的制表人（subsidy --prepared-by）：制表与审批须分人；
  - DEPT 已对同一份花名册有有效的签名审批（未签名的审批，或已吊销的密钥签的审
    批，由新的签名审批替换）；
  - 口令打不开密钥（key_passphrase）；
  - 用 --trust 时：密钥不是信任文件中 DEPT 的密钥，或已吊销。`,
    en: `
Examples:
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 \\
      --key keys/组织部-李四.key
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 财政局 \\
      --key keys/财政局-王五.key --trust trust.yaml --json
  $ cadre-calc approve out/审批花名册-2012.xlsx --dept 组织部 --by 李四
        unsigned (no keys in use; payout then needs --unsigned)

Signs the approval (department, name, time, roster digest, key) with the
department's key (passphrase from CADRE_CALC_PASSPHRASE or asked) and records it
in the roster's 校验 sheet, rewriting the roster in place. Without --key the
approval is unsigned (--by is required), and payout --trust does not accept it.
Refused (exit 3, nothing written) when:
  - the roster was edited after subsidy wrote it (every edited, added or removed
    row is named with its column), or an approval in it is typed, forged or
    copied;
  - DEPT is not one of the policy's approval.required departments, or the roster
    was made under another policy (give it with --policy);
  - NAME is the roster's preparer (制表人, subsidy --prepared-by):
    maker-checker;
  - DEPT already holds a valid signed approval of this very roster (an unsigned
    one, or one by a revoked key, is replaced by the new signed one);
  - the passphrase does not open the key (key_passphrase);
  - with --trust: the key is not the trust file's for DEPT, or is revoked.`,
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
  'payout.opt.--banks': {
    zh: '银行格式文件夹（*.yaml，见 spec/banks.md），也可用 CADRE_CALC_BANKS 指定（默认：通用格式 generic）',
    en: 'bank profiles (*.yaml, spec/banks.md); also CADRE_CALC_BANKS (default: generic)',
  },
  'payout.opt.--reissue': {
    zh: '重发已发放过的批次（如银行退回了文件），须同时用 --reason 说明原因',
    en: 'issue a batch again (the bank rejected the file), with --reason',
  },
  'payout.opt.--reason': {
    zh: '重发的原因（记入花名册的发放记录和代发汇总表）',
    en: 'why the batch is issued again (recorded in the roster and the summary)',
  },
  'payout.opt.--register': {
    zh: '发放登记文件（JSON Lines，记录已发放的批次），也可用 CADRE_CALC_REGISTER 指定',
    en: 'a register file of issued batches (JSON lines); also CADRE_CALC_REGISTER',
  },
  'payout.opt.--trust': {
    zh: '各部门密钥的信任文件（也可用 CADRE_CALC_TRUST 指定）',
    en: 'the trust file of department keys (also CADRE_CALC_TRUST)',
  },
  'payout.opt.--unsigned': {
    zh: '凭未签名的审批代发，文件中注明“审批未经签名验证”（不使用密钥时）',
    en: 'pay on unsigned approvals, marked as not verified (no keys in use)',
  },
  'payout.after': {
    zh: `
示例：
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base --trust trust.yaml \\
      -o bank/
        每个开户行一份 银行代发-2012-base-开户行.xlsx：基本补贴，春节前发放
  以下示例的信任文件由 CADRE_CALC_TRUST=trust.yaml 给出：
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch reward -o bank/ --json
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base \\
      --banks 财政局/banks -o bank/
        每个开户行按其网银要求的格式写出（banks/*.yaml：cadre-calc init
        会写出示例），另有 代发汇总表-2012-base.xlsx，供打印、签字和盖章
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base --reissue \\
      --reason "银行退回：卡号错误" -o bank2/

花名册记录每一个已发放的批次（校验 › 发放记录）：同一批次再次发放，或与已发批次
重叠（base 或 reward 之后再发 all，或反之），不论 -o 为何都拒绝；--force 不会重
发；--reissue --reason 以下一个发放序号重发该批次。--register FILE（或
CADRE_CALC_REGISTER）另外保存一份发放登记文件，花名册被复制后再发放也能拦住。

以下情况拒绝（退出码 3，一次列出全部原因）：subsidy 写出后花名册被改动过；花名册
是预计的；政策要求的某个部门对当前摘要没有信任文件认可的签名审批（加 --unsigned
时未签名的审批也可），或各部门的审批人是同一人或制表人；应发人员没有开户行，或卡
号不是 12–19 位数字；同一卡号对应两个身份证号。既不给 --trust 也不加 --unsigned
时不予代发，并说明如何设置密钥。暂停发放的人员不发放，并列出原因。已有的银行文件
只有加 --force 才覆盖；同一花名册、同一批次总是得到相同的批次号。`,
    en: `
Examples:
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base --trust trust.yaml \\
      -o bank/
        one 银行代发-2012-base-BANK.xlsx per bank: 基本补贴, paid before the
        Spring Festival
  The examples below take the trust file from CADRE_CALC_TRUST=trust.yaml:
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch reward -o bank/ --json
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base \\
      --banks 财政局/banks -o bank/
        each bank in its portal's own format (banks/*.yaml: cadre-calc init
        writes examples), plus 代发汇总表-2012-base.xlsx to print, sign and seal
  $ cadre-calc payout out/审批花名册-2012.xlsx --batch base --reissue \\
      --reason "银行退回：卡号错误" -o bank2/

The roster records every issued batch (校验 › 发放记录): the same batch again,
or an overlapping one (all after base or reward, or the reverse), is refused
whatever -o; --force never re-issues; --reissue --reason issues it again with
the next issue number. --register FILE (CADRE_CALC_REGISTER) keeps a register
file that also catches copies of the roster.

Refuses (exit 3, every reason at once) when the roster was edited after subsidy
wrote it, is provisional (预计), lacks, for a department the policy requires, an
approval of its current digest signed with a key the trust file accepts (with
--unsigned, an unsigned one will do), has two departments approved by one person
or by the preparer, or when someone to be paid has no bank or a card that is not
12–19 digits; one card number under two ID numbers is refused too. Without
--trust or --unsigned nothing is paid, and how to set up keys is shown. Held
people (暂停发放) are never paid and are listed with their reason. An existing
bank file is overwritten only with --force; the same roster and batch always
give the same batch id.`,
  },

  policy: {
    zh: '显示现行政策（默认：内置的 rongcheng-2012）；政策无效时报错',
    en: 'show the policy in force (default: the built-in rongcheng-2012); errors if it is invalid',
  },
  'policy.after': {
    zh: `
示例：
  $ cadre-calc policy
        内置的 rongcheng-2012，以表格显示
  $ cadre-calc policy --policy 荣成市-2013.yaml
        检查并显示自己的政策文件
  $ cadre-calc policy --json
        以 JSON 输出（金额单位为分）

政策无效时退出码为 1，列出每个问题所在的行和键路径
（如 roles.主任.ratio、bands[2].amount；列表位置从 0 数起）。`,
    en: `
Examples:
  $ cadre-calc policy
        the built-in rongcheng-2012, as tables
  $ cadre-calc policy --policy 荣成市-2013.yaml
        check and show your own policy file
  $ cadre-calc policy --json
        the policy as JSON (amounts in fen)

An invalid policy exits 1 and lists every problem with its line and key path
(e.g. roles.主任.ratio, bands[2].amount; list positions count from 0).`,
  },

  keys: {
    zh: '各部门的签名密钥（用于审批签名）',
    en: "a department's signing keys (approvals)",
  },
  'keys.after': {
    zh: `
示例：
  $ cadre-calc keys new --dept 财政局 --by 王五
        写出 keys/财政局-王五.key，显示信任条目和指纹
  $ cadre-calc keys show keys/财政局-王五.key
        显示该密钥的指纹（须输入口令）
  $ cadre-calc keys show trust.yaml
        列出信任文件中的各条密钥

口令（至少 12 个字符）取自 CADRE_CALC_PASSPHRASE，否则在终端输入；口令不会被保
存。密钥文件由本人保管，不要放进随花名册发送的输出文件夹。把显示的信任条目交给财
政局，由财政局写入信任文件（payout --trust）。`,
    en: `
Examples:
  $ cadre-calc keys new --dept 财政局 --by 王五
        writes keys/财政局-王五.key, prints the trust entry and the fingerprint
  $ cadre-calc keys show keys/财政局-王五.key
        its fingerprint (asks the passphrase)
  $ cadre-calc keys show trust.yaml
        the keys a trust file lists

The passphrase (at least 12 characters) comes from CADRE_CALC_PASSPHRASE or is
asked on the terminal; it is never stored. Keep the key file to yourself: never
in the output folder that is mailed around. Give the printed trust entry to the
finance bureau (财政局), which keeps the trust file (payout --trust).`,
  },
  'keys new': {
    zh: '为一个部门的一位审批人生成签名密钥',
    en: 'make a signing key for one department and person',
  },
  'keys new.opt.--dept': {
    zh: '密钥代表的部门（如 组织部、财政局；制表人用 制表）',
    en: 'the department the key signs for',
  },
  'keys new.opt.--by': { zh: '密钥持有人的姓名', en: 'the person who holds the key' },
  'keys new.opt.--out': {
    zh: '密钥文件写入的文件夹（不要用随花名册发送的输出文件夹）',
    en: 'where the key file goes (never the output folder)',
  },
  'keys new.opt.--force': {
    zh: '替换已有的密钥文件（旧密钥将无法找回，须在信任文件中吊销）',
    en: 'replace an existing key file (the old key is lost: revoke it)',
  },
  'keys new.after': {
    zh: `
写出 DIR/部门-姓名.key：加密的私钥（仅本人可读），并显示要加入信任文件的条目和密
钥指纹。口令（至少 12 个字符）取自 CADRE_CALC_PASSPHRASE，否则在终端输入两次；既
没有该变量也不在终端上运行时退出码为 2。已有的密钥文件只有加 --force 才替换。

示例：
  $ cadre-calc keys new --dept 财政局 --by 王五  写出 keys/财政局-王五.key
  $ cadre-calc keys new --dept 制表 --by 张三    制表人的密钥（subsidy --key）
  $ cadre-calc keys new --dept 组织部 --by 李四 -o ~/keys --json

密钥文件由本人保管，不要放进随花名册发送的输出文件夹。把显示的信任条目交给财政
局。`,
    en: `
Writes DIR/DEPT-NAME.key: the private key, encrypted (readable by its owner
only), and prints the entry to add to the trust file and the key's fingerprint.
The passphrase (at least 12 characters) comes from CADRE_CALC_PASSPHRASE or is
asked twice on the terminal; with neither, exit 2. An existing key file is
replaced only with --force.

Examples:
  $ cadre-calc keys new --dept 财政局 --by 王五  writes keys/财政局-王五.key
  $ cadre-calc keys new --dept 制表 --by 张三    the preparer's (subsidy --key)
  $ cadre-calc keys new --dept 组织部 --by 李四 -o ~/keys --json

Keep the key file to yourself: never in the output folder that is mailed around.
Give the printed trust entry to the finance bureau (财政局).`,
  },
  'keys show': {
    zh: '显示私钥的指纹，或信任文件中的各条密钥',
    en: "a private key's fingerprint, or the entries of a trust file",
  },
  'keys show.arg.file': { zh: '.key 密钥文件或信任文件', en: 'a .key file or a trust file' },
  'keys show.after': {
    zh: `
示例：
  $ cadre-calc keys show keys/财政局-王五.key
        显示该密钥的部门、持有人和指纹（须输入口令）
  $ cadre-calc keys show trust.yaml
        列出信任文件中的各条密钥及其指纹，已吊销的注明吊销日期

核对指纹即可确认信任文件中的条目就是本人的密钥。`,
    en: `
Examples:
  $ cadre-calc keys show keys/财政局-王五.key
        the key's department, holder and fingerprint (asks the passphrase)
  $ cadre-calc keys show trust.yaml
        the keys a trust file lists, with their fingerprints and revocations

Comparing fingerprints tells whether an entry of the trust file is your key.`,
  },

  diff: {
    zh: '两份 subsidy 写出的花名册之间有哪些变动，原因是什么（花名册变动）',
    en: 'what changed between two rosters written by subsidy, and why (花名册变动)',
  },
  'diff.arg.old-roster': {
    zh: '审批人看过的花名册（审批花名册-年度.xlsx）',
    en: 'the roster the approvers saw (审批花名册-YEAR.xlsx)',
  },
  'diff.arg.new-roster': { zh: '此后重新生成的花名册', en: 'the roster made since' },
  'diff.opt.--all': {
    zh: '只因共享奖励池而奖励补贴变动的人员也逐一列出',
    en: 'list the people whose reward moved only with the shared pool too',
  },
  'diff.opt.--out': {
    zh: '把 花名册变动-YYYYMMDD.xlsx 写入该文件夹（不存在时自动建立）',
    en: 'write 花名册变动-YYYYMMDD.xlsx into this folder (created if missing)',
  },
  'diff.opt.--force': { zh: '覆盖已有的输出文件', en: 'overwrite an existing output' },
  'diff.after': {
    zh: `
两份花名册的人员按 身份证号 + 村代码 + 职务 对应，列出增加、删除和变动的行；变动
的行列出每个改变的字段（旧 → 新）和规则能说明的原因（如“户数 198 → 203：档次
1,500 → 1,900”），以及各镇街和全部合计的新旧对比。奖励池是共享的，一个村的变动会
使每个人的奖励补贴变动几分钱：这类变动只汇总（人数和最大变动），加 --all 才逐人
列出。还说明每份花名册是否已审批、是否签名，以及旧花名册的审批是否仍适用于新花名
册（计入摘要的字段一有变动就不再适用）。-o 写出可打印的 花名册变动-YYYYMMDD.xlsx
（变动明细、汇总）。

退出码：0 比较完成（不论有没有变动），1 某个文件不是 subsidy 写出的花名册。

示例：
  $ cadre-calc diff 审批花名册-2012-旧.xlsx out/审批花名册-2012.xlsx
  $ cadre-calc diff 旧.xlsx 新.xlsx --all -o 变动 --json > diff.json`,
    en: `
People are matched by ID + village code + role. Lists the added, removed and
changed rows; for a changed row every changed field, old → new, and the reason
where the rules make it known (e.g. "户数 198 → 203: 档次 1,500 → 1,900");
totals per town and overall, old → new. The reward pool is shared, so a change
in one village moves everyone's reward by a few fen: those pool-only moves are
summarised (how many, the largest), and listed only with --all. Says whether
each roster is approved and signed, and whether the old one's approvals still
cover the new (never when a digested field changed). -o writes
花名册变动-YYYYMMDD.xlsx (变动明细, 汇总), ready to print.

Exit codes: 0 compared (whether or not rows changed), 1 a file is not a roster
written by subsidy.

Examples:
  $ cadre-calc diff 审批花名册-2012-旧.xlsx out/审批花名册-2012.xlsx
  $ cadre-calc diff old.xlsx new.xlsx --all -o 变动 --json > diff.json`,
  },

  explain: {
    zh: '只凭花名册说明一个人的补贴是怎样算出来的，可打印（补贴说明单）',
    en: "one person's whole chain from the roster alone, printable (补贴说明单)",
  },
  'explain.arg.roster': {
    zh: 'subsidy 写出的花名册（审批花名册-年度.xlsx）',
    en: 'the roster written by subsidy (审批花名册-YEAR.xlsx)',
  },
  'explain.opt.--id': { zh: '该人员的身份证号', en: 'the ID number (身份证号) of the person' },
  'explain.opt.--role': {
    zh: '只说明该人员的这一职务（书记、主任、会计……）',
    en: 'only this role of the person (书记, 主任, 会计 …)',
  },
  'explain.opt.--out': {
    zh: '把 补贴说明单-姓名-身份证号后4位.xlsx 写入该文件夹（不存在时自动建立）',
    en: 'write 补贴说明单-NAME-ID后4位.xlsx into this folder (created if missing)',
  },
  'explain.opt.--force': { zh: '覆盖已有的输出文件', en: 'overwrite an existing output' },
  'explain.after': {
    zh: `
只读花名册（计算明细、汇总、践诺奖惩 三张表），列出该身份证号每一行的完整计算过
程：户数档次 → 补贴标准 → 职务比例 → 任职月数 → 补贴总额 → 奖励提取 → 基本补贴；
村综合得分（Q、H、C）→ 个人综合得分 → 等次 → 积分 → 分值 → 理论奖励 → 奖励补贴；
践诺奖惩；应发金额。不需要 --policy：用到的政策参数在生成花名册时已记入花名册。
-o 写出一页 A4 的补贴说明单：公式代入本人的数字，留签字和日期栏；身份证号只显示
后 4 位（说明单交给本人，可能被传看）。花名册中的数字与计算对不上（被改动过）时
报错，不写出任何文件。

退出码：0 完成，1 花名册不是 subsidy 写出的、被改动过，或其中没有该人员。

示例：
  $ cadre-calc explain out/审批花名册-2012.xlsx --id 371082195207095898
  $ cadre-calc explain out/审批花名册-2012.xlsx --id 371082195207095898 \\
      --role 书记 -o 说明单`,
    en: `
Reads the roster alone (its 计算明细, 汇总 and 践诺奖惩 sheets) and shows every
row of that ID number step by step: household band → standard → ratio → months →
total → reward share → base; village score (Q, H, C) → score → grade → points →
value per point → ideal reward → reward; deposit and sanctions; payable. No
--policy: the policy figures it shows were recorded in the roster when it was
made. -o writes a one-page A4 补贴说明单 with the formulas written out with the
person's numbers and signature and date lines; it shows the last 4 digits of the
ID only (it is handed to the person and may be shown around). A figure of the
roster that its chain does not give (the roster was edited) is an error, and
nothing is written.

Exit codes: 0 done, 1 the roster is not one written by subsidy, was edited, or
does not hold the person.

Examples:
  $ cadre-calc explain out/审批花名册-2012.xlsx --id 371082195207095898
  $ cadre-calc explain out/审批花名册-2012.xlsx --id 371082195207095898 \\
      --role 书记 -o 说明单`,
  },

  compare: {
    zh: '政策测算：同一批填报数据按几份政策分别计算，按镇街、按职务和合计对比',
    en: 'what-if: the same workbooks under several policies, per town, per role and in total',
  },
  'compare.arg.workbook|dir': {
    zh: '填报工作簿或其文件夹（一个数据集）',
    en: 'input workbooks, or folders of them (one data set)',
  },
  'compare.opt.--policy': {
    zh: '参加比较的政策文件，可重复给出：第一份为基准（只给一份时，以内置政策为基准）',
    en: 'a policy to compare; repeat it: the first is the baseline (with one, the built-in default is)',
  },
  'compare.opt.--allow-missing-scores': {
    zh: '没有评分数据的村不计分点（警告），而不是报错',
    en: 'villages with no score data get no points (warning) instead of an error',
  },
  'compare.opt.--out': {
    zh: '把 政策测算-年度.xlsx 和 政策测算-年度.html 写入该文件夹（不存在时自动建立）',
    en: 'write 政策测算-YEAR.xlsx and 政策测算-YEAR.html there (created if missing)',
  },
  'compare.after': {
    zh: `
每份政策都按 subsidy 的规则完整计算（同样的规则和检查，不作近似）。终端显示：各
镇街和全部合计的享受人数、补贴总额、奖励池、应发金额，以及每份政策与基准的差额
（元和 %）；按职务的对比；每份政策的奖励补贴分布（最低、P10、中位数、P90、最高，
低于 500 元和高于 2,000 元的人数）；增加最多和减少最多的各 10 人。-o 写出
政策测算-年度.xlsx（汇总、按镇街、按职务、按人、政策）和 政策测算-年度.html（不
联网也能打开，可打印）。另一城市的政策是错误；另一年度的政策按同一截止日期比较，
并给出警告。不给 --policy 是用法错误（退出码 2）。

示例：
  $ cadre-calc compare 荣成市-2012.xlsx --policy policies/plan-raised-bands.yaml
  $ cadre-calc compare 荣成市-2012.xlsx --policy policies/rongcheng-2012.yaml \\
      --policy policies/plan-inland-weak.yaml \\
      --policy policies/plan-women-directors.yaml -o out`,
    en: `
Every policy is computed exactly as subsidy would (same rules, same findings,
nothing approximated). On the terminal: per town and in total, paid cadres,
补贴总额, reward pool and payable for each policy, with the difference to the
baseline (yuan and %); per role; the reward distribution per policy (min, p10,
median, p90, max, how many under 500 and over 2,000 yuan); the 10 people who
gain most and the 10 who lose most. -o writes 政策测算-YEAR.xlsx (汇总, 按镇街,
按职务, 按人, 政策) and 政策测算-YEAR.html (opens without internet, prints on
A4). A policy of another city is an error; one of another year is compared on
the same as-of date, with a warning. No --policy is a usage error (exit 2).

Examples:
  $ cadre-calc compare fixtures/sample-city/荣成市-2012.xlsx \\
      --policy policies/plan-raised-bands.yaml
  $ cadre-calc compare 荣成市-2012.xlsx --policy policies/rongcheng-2012.yaml \\
      --policy policies/plan-inland-weak.yaml \\
      --policy policies/plan-women-directors.yaml -o out`,
  },
};
