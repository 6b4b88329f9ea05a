import { SelectorParseError } from './label-selector.js';

/** One requirement of a field selector: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** Parses a field selector; "" selects everything. Values may escape `,`, `=` and `\` with `\`. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') return [];
  const out: FieldRequirement[] = [];
  for (const term of selector.split(/(?<!\\),/)) {
    const m = /^\s*([^!=\s]+)\s*(!=|==|=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw new SelectorParseError(`invalid selector: '${selector}'; can't understand '${term}'`);
    out.push({ field: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.replace(/\\(.)/g, '$1') });
  }
  return out;
}

/** Whether the object's field values (as `fieldsOf` gives them) satisfy every requirement. */
export function matchesFields(requirements: readonly FieldRequirement[], fields: Readonly<Record<string, string>>): boolean {
  return requirements.every((r) => ((fields[r.field] ?? '') === r.value) === (r.op === '='));
}
