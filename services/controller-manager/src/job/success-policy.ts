import { parseIndexes } from './completion-indexes.js';

/** batch/v1 SuccessPolicy: an Indexed Job succeeds once any rule is met. */
export interface SuccessPolicy {
  readonly rules?: readonly { readonly succeededIndexes?: string; readonly succeededCount?: number }[];
}

/**
 * Upstream's `matchSuccessPolicy`: the first rule the succeeded indexes meet — all of its
 * `succeededIndexes` (or `succeededCount` of them), or `succeededCount` indexes of any — as the
 * `SuccessCriteriaMet` condition's message (`Matched rules at index N`); undefined when none is met.
 */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeededIndexes: readonly number[]): string | undefined {
  if (!policy || succeededIndexes.length === 0) return undefined;
  const succeeded = new Set(succeededIndexes);
  for (const [i, rule] of (policy.rules ?? []).entries()) {
    let met = false;
    if (rule.succeededIndexes !== undefined) {
      const wanted = parseIndexes(rule.succeededIndexes, completions);
      if (wanted.length === 0) continue; // a rule that does not parse matches nothing
      const done = wanted.filter((ix) => succeeded.has(ix)).length;
      met = rule.succeededCount === undefined ? done === wanted.length : done >= rule.succeededCount;
    } else if (rule.succeededCount !== undefined) met = succeeded.size >= rule.succeededCount;
    if (met) return `Matched rules at index ${i}`;
  }
  return undefined;
}
