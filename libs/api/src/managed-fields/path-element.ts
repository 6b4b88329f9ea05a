import { goQuote } from './go-json.js';
import { compareStrings, compareValues, isJsonObject, valuesEqual } from './json-values.js';
import { quickGoJson } from './quick-go-json.js';

/** One field of an associative-list key: `name` = `value`. */
export interface KeyField {
  readonly name: string;
  readonly value: unknown;
}

/**
 * How to step from a value to one of its children (fieldpath.PathElement): a field of a struct or
 * map, the item of an associative list with these key fields (sorted by name), the item of a set
 * with this value, or the item of an atomic list at this index.
 */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

/** A path from the root of an object to one of its fields or items. */
export type FieldPath = readonly PathElement[];

export const fieldElement = (name: string): PathElement => ({ kind: 'field', name });
export const valueElement = (value: unknown): PathElement => ({ kind: 'value', value });
export const indexElement = (index: number): PathElement => ({ kind: 'index', index });

/** A key element from key field names and values (in any order: they are sorted by name, as upstream keeps them). */
export function keyElement(fields: Readonly<Record<string, unknown>> | readonly KeyField[]): PathElement {
  // (Loops and a shared comparator: this runs for every list item walked and every key decoded.)
  const list: KeyField[] = [];
  if (Array.isArray(fields)) for (const field of fields as readonly KeyField[]) list.push(field);
  else for (const name of Object.keys(fields)) list.push({ name, value: (fields as Readonly<Record<string, unknown>>)[name] });
  if (list.length > 1) list.sort(byName);
  return { kind: 'key', fields: list };
}

const byName = (a: KeyField, b: KeyField): number => compareStrings(a.name, b.name);

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const byName = compareStrings(a[i]!.name, b[i]!.name);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[i]!.value, b[i]!.value);
    if (byValue !== 0) return byValue;
  }
}

/** The order of path elements upstream sorts sets by: field names, then keys, then values, then indices. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'key':
      return compareKeys(a.fields, (b as typeof a).fields);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index': {
      const other = (b as typeof a).index;
      return a.index < other ? -1 : a.index > other ? 1 : 0;
    }
  }
}

export function pathElementsEqual(a: PathElement, b: PathElement): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'field':
      return a.name === (b as typeof a).name;
    case 'key': {
      const other = (b as typeof a).fields;
      return a.fields.length === other.length && a.fields.every((f, i) => f.name === other[i]!.name && valuesEqual(f.value, other[i]!.value));
    }
    case 'value':
      return valuesEqual(a.value, (b as typeof a).value);
    case 'index':
      return a.index === (b as typeof a).index;
  }
}

/** value.ToString: how a value prints inside a path (`"web"`, `80`, `true`, `[a,b]`). */
function printValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(printValue).join(',')}]`;
  if (isJsonObject(value)) return Object.entries(value).map(([k, v]) => `${k}=${printValue(v)}`).join('');
  return '{{undefined}}';
}

/** PathElement.String(): `.spec`, `[name="web"]`, `[containerPort=80,protocol="TCP"]`, `[="a"]`, `[0]`. */
export function formatPathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map((f) => `${f.name}=${printValue(f.value)}`).join(',')}]`;
    case 'value':
      return `[=${printValue(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** Path.String(), as conflict messages and causes print field paths: `.spec.template.spec.containers[name="web"].image`. */
export function formatFieldPath(path: FieldPath): string {
  return path.map(formatPathElement).join('');
}

/** The FieldsV1 key of a path element: `f:<name>`, `k:<json of the key fields>`, `v:<json value>`, `i:<index>`. */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key': {
      // Key fields keep their sorted order (not re-sorted by the JSON writer: they already are).
      let out = 'k:{';
      for (let i = 0; i < pe.fields.length; i++) out += `${i > 0 ? ',' : ''}${quickGoJson(pe.fields[i]!.name)}:${quickGoJson(pe.fields[i]!.value)}`;
      return `${out}}`;
    }
    case 'value':
      return `v:${quickGoJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** Why a FieldsV1 key could not be read. */
export class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

/**
 * Reads a FieldsV1 key back into a path element; undefined for an unknown prefix (upstream drops
 * those, for forward compatibility).
 */
export function parsePathElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new FieldsV1Error(`key must be 2 characters long: ${JSON.stringify(text)}`);
  if (text[1] !== ':') throw new FieldsV1Error(`missing colon: ${text}`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f':
      return fieldElement(body);
    case 'v':
      return valueElement(parseJson(body));
    case 'k': {
      const parsed = parseJson(body);
      if (!isJsonObject(parsed)) throw new FieldsV1Error(`key element is not a JSON object: ${text}`);
      return keyElement(parsed);
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new FieldsV1Error(`invalid index: ${text}`);
      return indexElement(Number.parseInt(body, 10));
    }
    default:
      return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FieldsV1Error(`invalid JSON in path element ${JSON.stringify(text)}: ${(err as Error).message}`);
  }
}
