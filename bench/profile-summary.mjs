// Sums the self time of a V8 .cpuprofile by function and by file:
//   node bench/profile-summary.mjs FILE.cpuprofile [top=25]
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]');
const top = Number(topArg ?? 25);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, 'nm/')
    .replace(/^.*\/(src|dist|bench)\//, '$1/');
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const fns = new Map();
const files = new Map();
const pkgs = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const url = short(cf.url || '(native)');
  add(fns, `${cf.functionName || '(anonymous)'}  ${url}:${cf.lineNumber + 1}`, us);
  add(files, url, us);
  const pkg =
    /^nm\/(@[^/]+\/[^/]+|[^/]+)/.exec(url)?.[1] ??
    (url.startsWith('dist/') ? 'cadre-calc' : url.startsWith('node:') ? 'node' : url);
  add(pkgs, pkg, us);
}
const print = (title, m, n) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
  }
};
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
print('by package', pkgs, 12);
print('by file', files, 15);
print('by function', fns, top);

// Inclusive time of the busiest functions (self + callees), counted once per sample.
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const seen = new Set();
  for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
    const cf = byId.get(id).callFrame;
    const k = `${cf.functionName || '(anonymous)'}  ${short(cf.url || '(native)')}:${cf.lineNumber + 1}`;
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + (deltas[i] ?? 0));
  }
}
print('inclusive, by function', new Map([...incl].filter(([k]) => !k.startsWith('(root)'))), top);
