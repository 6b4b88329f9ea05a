/**
 * A copy of a JSON value with every object's keys in sorted order, as Go's encoding/json writes a
 * map (objects stored as jsonb come back with their keys reordered). `dropNulls` leaves out members
 * that are `null` (or undefined), as Go leaves out a nil pointer behind `omitempty`.
 */
export function withSortedKeys(value: unknown, options: { readonly dropNulls?: boolean } = {}): unknown {
  if (Array.isArray(value)) return value.map((item) => withSortedKeys(item, options));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined || (options.dropNulls && member === null)) continue;
    out[key] = withSortedKeys(member, options);
  }
  return out;
}
