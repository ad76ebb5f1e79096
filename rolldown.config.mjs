// The CLI as one ES module (dist/cadre-calc.mjs, what bin/cadre-calc.js runs), bundled from
// tsc's output in dist/ with the dependencies it imports. Node then reads and compiles one
// file instead of some 300 (zod alone is about 150): start-up 0.40 → 0.20 s, which every
// run pays, a clerk's as well as every town's in a year-end script (docs/decisions.md).
// exceljs stays outside: it is required on first use only (src/io/xlsx/exceljs.ts).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'dist/cli.js',
  platform: 'node',
  output: { file: 'dist/cadre-calc.mjs', format: 'esm', sourcemap: true },
});
