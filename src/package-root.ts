/**
 * The package's root folder (package.json, policies/). This module sits one folder below
 * it in every layout the CLI runs from: src/package-root.ts (vitest), dist/package-root.js
 * (tsc's output) and dist/cadre-calc.mjs (the bundle bin/ runs, where every module shares
 * the bundle's URL). Files of the package are found from here, never from a module's own
 * place, which a bundle does not keep.
 */
export const PACKAGE_ROOT: URL = new URL('../', import.meta.url);
