// The CLI as one ES module (dist/cadre-calc.mjs, what bin/cadre-calc.js runs), bundled from
// tsc's output in dist/ with the dependencies it imports. Node then reads and compiles one
// file instead of some 300 (zod alone is about 150): start-up 0.40 → 0.20 s, which every
// run pays, a clerk's as well as every town's in a year-end script (docs/decisions.md).
// exceljs stays outside: it is required on first use only (src/io/xlsx/exceljs.ts).
// ECharts (the HTML report) is bundled, but into its own chunk under dist/chunks/: it is
// imported dynamically, only when a report is written, so no other run parses it; a small
// run draws it in a worker thread (dist/report-worker.mjs, the second entry) meanwhile.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { 'cadre-calc': 'dist/cli.js', 'report-worker': 'dist/io/documents/report-worker.js' },
  platform: 'node',
  output: {
    dir: 'dist',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'chunks/[name]-[hash].mjs',
    format: 'esm',
    sourcemap: true,
  },
});
