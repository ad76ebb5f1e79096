#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// Grow the heap by at most 25% over what the last full collection kept. V8's default lets
// a batch run's heap reach three times its live data before collecting: at 1,048,575 rows
// the peak RSS was 1.8 GiB for about 0.8 GB live; with 25% it is about 1.4 GiB, no slower
// (npm run bench; docs/decisions.md "Scale"). Set before anything large is allocated.
setFlagsFromString('--heap-growing-percent=25');

// The CLI bundled into one module by `npm run build` (rolldown.config.mjs): a quicker start.
const { main } = await import('../dist/cadre-calc.mjs');
main(process.argv);
