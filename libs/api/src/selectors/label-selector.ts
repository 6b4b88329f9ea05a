import { isQualifiedName, isValidLabelValue } from '../validation/labels.js';

/** One requirement of a label selector (k8s.io/apimachinery/pkg/labels). */
export type LabelRequirement =
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | '!' }
  | { readonly key: string; readonly op: 'gt' | 'lt'; readonly value: number };

export class SelectorParseError extends Error {
  override readonly name = 'SelectorParseError';
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const FORMS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => LabelRequirement]> = [
  [new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`), (m) => ({ key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) })],
  [new RegExp(`^(${KEY})\\s*(!=|==|=)\\s*(${VALUE})$`), (m) => ({ key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] })],
  [new RegExp(`^(${KEY})\\s*(>|<)\\s*(-?\\d+)$`), (m) => ({ key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', value: Number(m[3]) })],
  [new RegExp(`^!\\s*(${KEY})$`), (m) => ({ key: m[1]!, op: '!' })],
  [new RegExp(`^(${KEY})$`), (m) => ({ key: m[1]!, op: 'exists' })],
];

/** Splits on commas outside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((t) => t.trim());
}

/** Parses a label selector; "" selects everything. Throws SelectorParseError with what is wrong. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return terms(selector).map((term) => {
    for (const [re, build] of FORMS) {
      const m = re.exec(term);
      if (!m) continue;
      const requirement = build(m);
      const keyErrors = isQualifiedName(requirement.key);
      if (keyErrors.length) throw new SelectorParseError(`unable to parse requirement: invalid label key "${requirement.key}": ${keyErrors.join('; ')}`);
      if ('values' in requirement) {
        for (const value of requirement.values) {
          const valueErrors = isValidLabelValue(value);
          if (valueErrors.length) throw new SelectorParseError(`unable to parse requirement: invalid label value: "${value}": at key: "${requirement.key}": ${valueErrors.join('; ')}`);
        }
      }
      return requirement;
    }
    throw new SelectorParseError(`unable to parse requirement: found '${term}', expected: key, !key, key=value, key!=value, key in (values), key notin (values), key>N or key<N`);
  });
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>> = {}): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'in':
        return has && r.values.includes(value!);
      case 'notin':
        return !has || !r.values.includes(value!);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        return r.op === 'gt' ? Number(value) > r.value : Number(value) < r.value;
      }
      default: {
        const never: never = r;
        return never;
      }
    }
  });
}
