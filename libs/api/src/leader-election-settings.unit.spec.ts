import { describe, expect, it } from 'vitest';
import { leaderElectionSettings } from './leader-election-settings.js';

describe('leaderElectionSettings', () => {
  it('is off unless <prefix>_LEADER_ELECT is true', () => {
    expect(leaderElectionSettings('X', {})).toBeUndefined();
    expect(leaderElectionSettings('X', { X_LEADER_ELECT: 'false', X_IDENTITY: 'a' })).toBeUndefined();
  });

  it('reads the identity and the durations in seconds, with upstream defaults', () => {
    expect(leaderElectionSettings('X', { X_LEADER_ELECT: 'true', X_IDENTITY: 'host_1', X_LEASE_DURATION_SECONDS: '3' })).toEqual({
      identity: 'host_1',
      leaseDurationMs: 3000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2000,
    });
    expect(leaderElectionSettings('X', { X_LEADER_ELECT: 'true' })?.identity).toBeUndefined();
  });

  it('names each bad variable', () => {
    expect(() => leaderElectionSettings('X', { X_LEADER_ELECT: 'yes', X_RETRY_PERIOD_SECONDS: '-1' })).toThrow(/X_LEADER_ELECT[\s\S]*X_RETRY_PERIOD_SECONDS/);
  });
});
