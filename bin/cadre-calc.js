#!/usr/bin/env node
// The CLI bundled into one module by `npm run build` (rolldown.config.mjs): a quicker start.
const { main } = await import('../dist/cadre-calc.mjs');
main(process.argv);
