import { type Command, Option } from 'commander';

/** Options of spec/cli.md shared by the commands that read or write. */
export interface CommonOpts {
  policy?: string;
  asOf?: string;
  json?: boolean;
  quiet?: boolean;
  lang?: string;
  color?: boolean;
  out?: string;
  force?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('-o, --out <dir>', 'where outputs go (created if missing)', './out')
    .option('--force', 'overwrite existing outputs');
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON object on stdout')
    .option('-q, --quiet', 'only errors on stderr')
    .addOption(new Option('--lang <lang>', 'message language').choices(['zh', 'en']))
    .option('--no-color', 'plain text');
}

export function addPolicyOption(cmd: Command): Command {
  return cmd.option('--policy <file>', 'policy file (default: the built-in rongcheng-2012)');
}

export function addAsOfOption(cmd: Command): Command {
  return cmd.option(
    '--as-of <date>',
    'the date the run stands at (default: the earlier of today and 31 December of the policy year)',
  );
}
