import { parseSettings } from './parse-settings.js';
import { z } from 'zod';

/** What a replicated component needs to campaign for its Lease (kube-scheduler's and kube-controller-manager's --leader-elect-* flags). */
export interface LeaderElectionSettings {
  /** This replica's holderIdentity; the component makes one (upstream's `<hostname>_<uuid>`) when unset. */
  readonly identity?: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

/**
 * A component's leader-election settings from the environment, each variable named
 * `<prefix>_…`: `_LEADER_ELECT` (`true`: work only while holding the Lease; default false →
 * undefined), `_IDENTITY` (this replica's holderIdentity),
 * and in seconds `_LEASE_DURATION_SECONDS` (15), `_RENEW_DEADLINE_SECONDS` (10),
 * `_RETRY_PERIOD_SECONDS` (2) — upstream's defaults. Throws a settings error listing every problem.
 */
export function leaderElectionSettings(prefix: string, env: Readonly<Record<string, string | undefined>> = process.env): LeaderElectionSettings | undefined {
  const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
  const e = parseSettings(
    z.object({
      [`${prefix}_LEADER_ELECT`]: z.enum(['true', 'false']).default('false'),
      [`${prefix}_IDENTITY`]: z.string().min(1).optional(),
      [`${prefix}_LEASE_DURATION_SECONDS`]: seconds(15),
      [`${prefix}_RENEW_DEADLINE_SECONDS`]: seconds(10),
      [`${prefix}_RETRY_PERIOD_SECONDS`]: seconds(2),
    }),
    env,
  ) as Record<string, string | number | undefined>;
  if (e[`${prefix}_LEADER_ELECT`] !== 'true') return undefined;
  return Object.freeze({
    ...(e[`${prefix}_IDENTITY`] !== undefined && { identity: e[`${prefix}_IDENTITY`] as string }),
    leaseDurationMs: Number(e[`${prefix}_LEASE_DURATION_SECONDS`]) * 1000,
    renewDeadlineMs: Number(e[`${prefix}_RENEW_DEADLINE_SECONDS`]) * 1000,
    retryPeriodMs: Number(e[`${prefix}_RETRY_PERIOD_SECONDS`]) * 1000,
  });
}
