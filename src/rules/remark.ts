/**
 * 备注 of a row: the rules' own note and the remark as typed, joined with '；', each said
 * once. A clerk often types what the rules also say (备注 "一肩挑" on a 一肩挑 row): a part
 * whose words another part already holds (spaces and punctuation aside) is left out, so a
 * remark never repeats itself ("一肩挑，按就高原则不重复计发；一肩挑").
 */
export function joinRemarks(...parts: string[]): string {
  const key = (s: string) => s.replace(/[\s\p{P}]/gu, '');
  const kept: string[] = [];
  for (const p of parts) {
    const t = p.trim();
    const k = key(t);
    if (!k) continue;
    const i = kept.findIndex((q) => key(q).includes(k) || k.includes(key(q)));
    if (i < 0) kept.push(t);
    else if (k.length > key(kept[i] as string).length) kept[i] = t;
  }
  return kept.join('；');
}
