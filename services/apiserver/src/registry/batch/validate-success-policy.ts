import { FieldErrorTypes, type FieldError } from '@kubeledger/api';
import { invalidValue, required } from '../validation/field-errors.js';
import { validateIndexesFormat } from './validate-indexes.js';

/** Upstream's limits (pkg/apis/batch/validation). */
const MAX_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;

type Obj = Record<string, unknown>;

/**
 * Upstream's `validateSuccessPolicy`: an Indexed Job's policy of 1–20 rules, each with
 * `succeededIndexes` (well formed, below completions) or `succeededCount` (0 to completions, and
 * no more than the indexes the rule names), or both.
 */
export function validateSuccessPolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mode = spec['completionMode'] as string | undefined;
  if (mode !== 'Indexed') errs.push(invalidValue('spec.completionMode', mode ?? null, 'requires indexed completion mode'));
  const policy = (spec['successPolicy'] ?? {}) as { rules?: unknown };
  const rules = Array.isArray(policy.rules) ? (policy.rules as Obj[]) : [];
  const rulesPath = `${path}.rules`;
  if (rules.length === 0) errs.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_RULES) errs.push({ type: FieldErrorTypes.tooMany, field: rulesPath, badValue: rules.length, detail: `must have at most ${MAX_RULES} items` });
  const completions = typeof spec['completions'] === 'number' ? spec['completions'] : 0;
  rules.forEach((rule, i) => errs.push(...validateRule(rule ?? {}, `${rulesPath}[${i}]`, completions)));
  return errs;
}

function validateRule(rule: Obj, path: string, completions: number): FieldError[] {
  const errs: FieldError[] = [];
  const indexes = rule['succeededIndexes'];
  const count = rule['succeededCount'];
  let total = 0;
  if (typeof indexes === 'string') {
    const field = `${path}.succeededIndexes`;
    if (indexes.length > MAX_SUCCEEDED_INDEXES_LENGTH) errs.push({ type: FieldErrorTypes.tooLong, field, badValue: indexes, detail: `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes` });
    const parsed = validateIndexesFormat(indexes, completions);
    if ('error' in parsed) errs.push(invalidValue(field, indexes, `error parsing succeededIndexes: ${parsed.error}`));
    else total = parsed.total;
  }
  if (typeof count === 'number') {
    const field = `${path}.succeededCount`;
    if (count < 0) errs.push(invalidValue(field, count, 'must be greater than or equal to 0'));
    if (count > completions) errs.push(invalidValue(field, count, `must be less than or equal to ${completions} (the number of specified completions)`));
    if (typeof indexes === 'string' && count > total) errs.push(invalidValue(field, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
  }
  if (typeof indexes !== 'string' && typeof count !== 'number') errs.push(required(path, 'at least one of succeededIndexes, succeededCount fields must be specified'));
  return errs;
}
