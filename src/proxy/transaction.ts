// Turns "what is programmed" and "what should be" into one `nft -f -` script, applied atomically:
// new chains and sets first, then rewritten chains, then map elements, and last the chains and sets
// nothing refers to any more. A chain whose rules did not change is not mentioned at all.
import { ELEMENT_TABLES, FAMILY, TABLE, skeleton, type Ruleset } from './ruleset.ts';

const T = `${FAMILY} ${TABLE}`;

export function emptyRuleset(): Ruleset {
  return { chains: new Map(), sets: new Map(), elements: new Map(ELEMENT_TABLES.map((t) => [t, new Map()])) };
}

const sameRules = (a: readonly string[] | undefined, b: readonly string[]) => a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);

/** Only the differences between `prev` (what the kernel holds) and `next`; '' when there are none. */
export function partialScript(prev: Ruleset, next: Ruleset): string {
  const out: string[] = [];
  for (const [name, decl] of next.sets) if (!prev.sets.has(name)) out.push(`add set ${T} ${name} ${decl}`);
  for (const name of next.chains.keys()) if (!prev.chains.has(name)) out.push(`add chain ${T} ${name}`);
  for (const [name, rules] of next.chains) {
    const old = prev.chains.get(name);
    if (sameRules(old, rules)) continue;
    if (old) out.push(`flush chain ${T} ${name}`);
    for (const rule of rules) out.push(`add rule ${T} ${name} ${rule}`);
  }
  for (const table of ELEMENT_TABLES) {
    const before = prev.elements.get(table)!;
    const after = next.elements.get(table)!;
    const elem = (k: string, v: string) => (v ? `${k} : ${v}` : k);
    for (const [k, v] of before) if (after.get(k) !== v) out.push(`delete element ${T} ${table} { ${k} }`);
    for (const [k, v] of after) if (before.get(k) !== v) out.push(`add element ${T} ${table} { ${elem(k, v)} }`);
  }
  const staleChains = [...prev.chains.keys()].filter((n) => !next.chains.has(n));
  // Flush all before deleting any: stale chains may jump to one another.
  for (const name of staleChains) out.push(`flush chain ${T} ${name}`);
  for (const name of staleChains) out.push(`delete chain ${T} ${name}`);
  for (const name of prev.sets.keys()) if (!next.sets.has(name)) out.push(`delete set ${T} ${name}`);
  return out.length ? out.join('\n') + '\n' : '';
}

/** Replaces the whole table (add-then-delete, so a missing table is not an error). */
export function fullScript(next: Ruleset): string {
  return `add table ${T}\ndelete table ${T}\n${skeleton()}${partialScript(emptyRuleset(), next)}`;
}

/** Removes the table; harmless when it is already gone. */
export function deleteScript(): string {
  return `add table ${T}\ndelete table ${T}\n`;
}
