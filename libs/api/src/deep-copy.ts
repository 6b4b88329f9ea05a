import { klona } from 'klona/json';

/**
 * A deep copy of a JSON value (an object as decoded or stored): what `structuredClone` gives for
 * such values (own `__proto__` keys included), several times faster (klona/json: 2.6 µs against
 * 20 µs for a running pod). Every write copies objects several times, so this is the one copy
 * the project uses outside tests.
 */
export function deepCopy<T>(value: T): T {
  return klona(value);
}
