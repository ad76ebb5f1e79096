import type { EventEmitter } from 'node:events';
import { type Argument, type Command, type CommanderError, Help, type Option } from 'commander';
import type { Lang } from './lang.js';
import { textWidth, wrapText } from './layout.js';
import { HELP_MESSAGES } from './messages/help.js';

/** A help text of the table in `lang`, its {placeholders} filled; undefined when the table has no entry. */
export function helpText(
  key: string,
  lang: Lang,
  params: Record<string, string | number> = {},
): string | undefined {
  const t = HELP_MESSAGES[key];
  if (!t) return undefined;
  return t[lang].replace(/\{(\w+)\}/g, (whole, k: string) =>
    params[k] === undefined ? whole : String(params[k]),
  );
}

/**
 * The table keys a command's help takes its words from (tested: every one has both
 * languages), its subcommands' too: a subcommand's keys start with its path, `keys new`,
 * `keys new.opt.--dept`, `keys new.after`, so `new` of one command never takes another's words.
 */
export function helpKeys(cmd: Command, path = cmd.name()): { key: string; fallback?: string }[] {
  const keys: { key: string; fallback?: string }[] = [{ key: path }];
  for (const a of cmd.registeredArguments) keys.push({ key: `${path}.arg.${a.name()}` });
  for (const o of cmd.options)
    if (o.long) keys.push({ key: `${path}.opt.${o.long}`, fallback: `opt.${o.long}` });
  for (const sub of cmd.commands) {
    const subPath = `${path} ${sub.name()}`;
    keys.push(...helpKeys(sub, subPath), { key: `${subPath}.after` });
  }
  return keys;
}

function pick(keys: { key: string; fallback?: string }, lang: Lang, params: Record<string, string | number>) {
  return (
    helpText(keys.key, lang, params) ?? (keys.fallback ? helpText(keys.fallback, lang, params) : undefined)
  );
}

/**
 * Puts the program's help in `lang`, from the one message table (messages/help.ts): every
 * command's description, arguments, options and the text after them, commander's headings
 * and built-in options, laid out for `width` columns by display width (CJK text wraps; it
 * has no spaces to break at). Commander's own error output is silenced: usage errors are
 * reported by the CLI in one line (usageMessage). Entries missing from the table keep the
 * English they were registered with.
 */
export function localizeProgram(
  program: Command,
  lang: Lang,
  width: number,
  params: Record<string, string | number> = {},
): void {
  const apply = (cmd: Command, isRoot: boolean, name: string) => {
    const desc = isRoot ? helpText('program', lang) : helpText(name, lang, params);
    if (desc) cmd.description(desc);
    for (const a of cmd.registeredArguments) {
      const d = helpText(`${name}.arg.${a.name()}`, lang, params);
      if (d) (a as Argument & { description: string }).description = d;
    }
    for (const o of cmd.options) {
      if (!o.long) continue;
      const d =
        o.long === '--version'
          ? helpText('help.version', lang)
          : pick({ key: `${name}.opt.${o.long}`, fallback: `opt.${o.long}` }, lang, params);
      if (d) o.description = d;
    }
    cmd.helpOption('-h, --help', helpText('help.help', lang));
    if (!isRoot && cmd.commands.length) cmd.helpCommand('help [command]', helpText('help.helpCommand', lang));
    const after = isRoot ? undefined : helpText(`${name}.after`, lang, params);
    if (after !== undefined) {
      (cmd as unknown as EventEmitter).removeAllListeners('afterHelp');
      cmd.addHelpText('after', fitPreformatted(after, width));
    }
    cmd.usage(usageWords(cmd.usage(), lang));
    cmd.configureHelp(helpConfig(lang, width));
    cmd.configureOutput({ outputError: () => undefined });
    for (const sub of cmd.commands) apply(sub, false, isRoot ? sub.name() : `${name} ${sub.name()}`);
  };
  apply(program, true, program.name());
  program.helpCommand('help [command]', helpText('help.helpCommand', lang));
}

/** Commander's words in a usage line ([options], [command]) in `lang`; the arguments as they are. */
function usageWords(usage: string, lang: Lang): string {
  return usage
    .replace('[options]', helpText('help.[options]', lang) ?? '[options]')
    .replace('[command]', helpText('help.[command]', lang) ?? '[command]');
}

/**
 * Text laid out by hand (examples, lists) kept as it is where it fits; a line wider than
 * the terminal is wrapped under its own indentation (two more for the continuation).
 */
export function fitPreformatted(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (textWidth(line) <= width) return [line];
      const lead = /^ */.exec(line)?.[0].length ?? 0;
      const more = Math.min(lead + 2, Math.floor(width / 2));
      const [first = '', ...rest] = wrapText(line.slice(lead), Math.max(1, width - more));
      return [' '.repeat(lead) + first, ...rest.map((l) => ' '.repeat(more) + l)];
    })
    .join('\n');
}

function helpConfig(lang: Lang, width: number): Partial<Help> {
  const extra = (choices: readonly string[] | undefined, def: unknown, show: boolean, defDesc?: string) => {
    const parts: string[] = [];
    if (choices) parts.push(helpText('help.choices', lang, { value: choices.join(', ') }) as string);
    if (def !== undefined && show)
      parts.push(helpText('help.default', lang, { value: defDesc ?? String(def) }) as string);
    if (!parts.length) return '';
    return lang === 'zh' ? `（${parts.join('；')}）` : ` (${parts.join(', ')})`;
  };
  return {
    helpWidth: width,
    minWidthToWrap: 16,
    displayWidth: (s: string) => textWidth(s),
    boxWrap: (s: string, w: number) => wrapText(s, w).join('\n'),
    styleTitle: (s: string) => helpText(`help.${s}`, lang) ?? s,
    // a command's line in a list of commands (`new [options]`), commander's words in `lang`
    subcommandTerm: (c: Command) => usageWords(Help.prototype.subcommandTerm.call(new Help(), c), lang),
    optionDescription: (o: Option) =>
      `${o.description}${extra(o.argChoices, o.defaultValue, o.required || o.optional, o.defaultValueDescription)}`,
    argumentDescription: (a: Argument) =>
      `${a.description}${extra(a.argChoices, a.defaultValue, true, a.defaultValueDescription)}`,
  };
}

/** The command a usage error belongs to: the first word of argv that names a command. */
export function commandOf(program: Command, args: readonly string[]): string {
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const hit = args.find((a) => names.has(a));
  return hit ? `cadre-calc ${hit}` : 'cadre-calc';
}

/**
 * A commander usage error in `lang`, one line: commander writes English only, so its
 * message is read by its code and the names it quotes (commander 14.0.3's wording, pinned;
 * test/cli/usage.test.ts covers every code).
 */
export function usageMessage(e: CommanderError, lang: Lang): string {
  const m = e.message.replace(/^error:\s*/, '');
  const q = [...m.matchAll(/'([^']*)'/g)].map((x) => x[1] ?? '');
  const mean = /Did you mean (.+?)\?/.exec(m)?.[1];
  const tail = mean ? (helpText('usage.didYouMean', lang, { token: mean }) ?? '') : '';
  const t = (key: string, params: Record<string, string>) => helpText(key, lang, params) ?? m;
  switch (e.code) {
    case 'commander.unknownOption':
      return t('usage.unknownOption', { token: q[0] ?? '' }) + tail;
    case 'commander.unknownCommand':
      return t('usage.unknownCommand', { token: q[0] ?? '' }) + tail;
    case 'commander.missingArgument':
      return t('usage.missingArgument', { token: q[0] ?? '' });
    case 'commander.optionMissingArgument':
      return t('usage.optionMissingArgument', { token: q[0] ?? '' });
    case 'commander.missingMandatoryOptionValue':
      return t('usage.missingMandatoryOptionValue', { token: q[0] ?? '' });
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.+)\.$/.exec(m)?.[1] ?? '';
      return t('usage.invalidArgument', { token: q[0] ?? '', value: q[1] ?? '', choices });
    }
    case 'commander.excessArguments': {
      const got = /but got (\d+)/.exec(m)?.[1] ?? '';
      const expected = /Expected (\d+)/.exec(m)?.[1] ?? '';
      return t('usage.excessArguments', { expected, got });
    }
    case 'commander.conflictingOption':
      return t('usage.conflictingOption', { token: q[0] ?? '', other: q[1] ?? '' });
    default:
      return t('usage.other', { token: m });
  }
}
