/** A decoded JSON object (what `JSON.parse` gives for `{...}`). */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rank of a value's type in structured-merge-diff's total order: numbers, strings, booleans, lists, maps, null. */
function typeRank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  if (isJsonObject(value)) return 4;
  return 5;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Compares strings by UTF-16 code units like Go compares by bytes for the common (BMP, non-surrogate) case. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * structured-merge-diff's total order of values (value.Compare): numbers (ints and floats compared
 * numerically) before strings before booleans (false first) before lists (lexically) before maps
 * (by sorted keys, then values) before null.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return sign(ra - rb);
  switch (ra) {
    case 0:
      return sign((a as number) - (b as number));
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as readonly unknown[];
      const lb = b as readonly unknown[];
      for (let i = 0; ; i++) {
        if (i >= la.length && i >= lb.length) return 0;
        if (i >= la.length) return -1;
        if (i >= lb.length) return 1;
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
    }
    case 4:
      return compareMaps(a as JsonObject, b as JsonObject);
    default:
      return 0;
  }
}

/** value.MapCompare: walks the union of keys in lexical order; the side that runs out of keys first, or lacks a key the other has, sorts first. */
function compareMaps(a: JsonObject, b: JsonObject): number {
  const aKeys = definedKeys(a);
  const bKeys = definedKeys(b);
  if (aKeys.length === 0 && bKeys.length === 0) return 0;
  const keys = [...new Set([...aKeys, ...bKeys])].sort(compareStrings);
  for (let i = 0; i < keys.length; i++) {
    if (i === aKeys.length) return -1;
    if (i === bKeys.length) return 1;
    const key = keys[i]!;
    const av = a[key];
    const bv = b[key];
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    const c = compareValues(av, bv);
    if (c !== 0) return c;
  }
  return 0;
}

/** The keys of an object whose values are not `undefined` (absent in JSON). */
function definedKeys(object: JsonObject): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

/**
 * Deep equality of JSON values (value.Equals): key order does not matter, list order does. (Loops,
 * not closures: the field manager compares every leaf of every object it is given.)
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    let defined = 0;
    for (const key of Object.keys(a)) {
      if (a[key] === undefined) continue;
      defined++;
      if (b[key] === undefined || !valuesEqual(a[key], b[key])) return false;
    }
    return defined === countDefined(b);
  }
  return false;
}

/** How many keys of an object have a value that is not `undefined`. */
function countDefined(object: JsonObject): number {
  let n = 0;
  for (const key of Object.keys(object)) if (object[key] !== undefined) n++;
  return n;
}

/** A deep copy of a JSON value (absent object entries dropped). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = cloneJson(v);
    return out as T;
  }
  return value;
}
