/**
 * JSON with object keys sorted and `null`/`undefined` members left out: one text per value
 * whatever the key order (stored objects come back from jsonb with their keys reordered) and
 * whether an unset field is absent or `null` (kubectl sends `creationTimestamp: null` in
 * templates). Array order is kept: it is meaningful.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined && record[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
