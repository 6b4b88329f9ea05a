import type { DeploymentSpec, IntOrString } from './deployment-spec.js';

/**
 * intstr.GetScaledValueFromIntOrPercent: a number is itself; `'N%'` is N% of `total`, rounded up
 * or down. Any other string is an error (validation refuses it before it gets here).
 */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: ${JSON.stringify(value)}`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * util.ResolveFenceposts: maxSurge rounds up and maxUnavailable down (so 25% of 3 is a surge of 1
 * and nothing unavailable). When both come to 0, maxUnavailable becomes 1 so the rollout can move
 * (validation forbids both 0 explicitly; rounding down can still get there).
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (spec: DeploymentSpec): boolean => spec.strategy === 'RollingUpdate';

/** util.MaxSurge: 0 for Recreate. */
export function maxSurge(spec: DeploymentSpec): number {
  if (!isRollingUpdate(spec)) return 0;
  return resolveFenceposts(spec.maxSurge, spec.maxUnavailable, spec.replicas).surge;
}

/** util.MaxUnavailable: 0 for Recreate and for 0 replicas, never more than the replicas. */
export function maxUnavailable(spec: DeploymentSpec): number {
  if (!isRollingUpdate(spec) || spec.replicas === 0) return 0;
  return Math.min(resolveFenceposts(spec.maxSurge, spec.maxUnavailable, spec.replicas).unavailable, spec.replicas);
}

/** util.MinAvailable: the available pods a rolling update keeps (0 for Recreate). */
export function minAvailable(spec: DeploymentSpec): number {
  return isRollingUpdate(spec) ? spec.replicas - maxUnavailable(spec) : 0;
}
