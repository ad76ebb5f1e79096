import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../package-root.js';

/**
 * The example bank profiles the package ships in banks/ (spec/banks.md): data like the
 * policy, found from the package's root as the built-in policy is; `cadre-calc init`
 * copies them into DIR/banks/.
 */
export function exampleProfilesDir(): string {
  return fileURLToPath(new URL('banks/', PACKAGE_ROOT));
}
