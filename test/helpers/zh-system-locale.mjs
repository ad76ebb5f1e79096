// Imported into the real CLI process (NODE_OPTIONS=--import) to imitate a Chinese Windows
// machine: no LANG/LC_* variables, and the runtime's locale (the display language) Chinese.
const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
Intl.DateTimeFormat.prototype.resolvedOptions = function resolvedOptions() {
  return { ...resolved.call(this), locale: 'zh-CN' };
};
