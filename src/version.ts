import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from './package-root.js';

/** The tool's version, from package.json (written into every output's 校验 sheet). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }
).version;

/** Where an internal error is to be reported. */
export const REPORT_TO = 'https://github.com/cadre-calc/cadre-calc/issues';
