/**
 * `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource): a number with an optional suffix —
 * binary SI (`Ki` `Mi` `Gi` `Ti` `Pi` `Ei`), decimal SI (`n` `u` `m` `k` `M` `G` `T` `P` `E`) or a
 * decimal exponent (`1e3`, `2E-2`). JSON numbers are quantities too (`cpu: 1`).
 */
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

/** The quantity's value in base units (cores, bytes, …); throws QuantityError when it does not parse. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    return value;
  }
  const m = QUANTITY.exec(value.trim() === value ? value : '');
  if (!m) throw new QuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const suffix = m[2] ?? '';
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix]!;
  return Number(m[1]) * multiplier;
}

/** A CPU quantity in millicores, rounded up as upstream's MilliValue does (`100m` → 100, `0.5` → 500, `1` → 1000). */
export const milliCpu = (value: string | number): number => Math.ceil(Math.round(parseQuantity(value) * 1e9) / 1e6);

/** A memory (or storage, or count) quantity as a whole number, rounded up (`128Mi` → 134217728). */
export const wholeUnits = (value: string | number): number => Math.ceil(Math.round(parseQuantity(value) * 1e3) / 1e3);
