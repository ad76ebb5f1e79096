// Preloaded into every measured child (`node --import ./bench/report-rss.mjs …`): at exit,
// the process prints its own peak resident set size (getrusage ru_maxrss, in KiB) on stderr,
// on a line of its own that bench/run.mjs looks for. Nothing in the tool itself changes.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_RSS ${process.resourceUsage().maxRSS}\n`);
});
