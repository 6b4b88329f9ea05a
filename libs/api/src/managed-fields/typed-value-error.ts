/**
 * An object does not fit its schema in a way that leaves no field path to name (a keyed list item
 * without its keys, duplicate keys in an applied configuration, a set of objects). Upstream reports
 * these as plain errors (500, reason unknown) with messages like `.spec.containers: element 0:
 * associative list with keys has an element that omits all key fields ["name"] ...`.
 */
export class TypedValueError extends Error {
  override readonly name = 'TypedValueError';
}
