import { describe, expect, it } from 'vitest';
import { evictionDeleteOptions } from './eviction-delete-options.js';

describe('an eviction\'s delete options', () => {
  it('carries the request dryRun in unless the eviction names its own, and refuses two different ones', () => {
    expect(evictionDeleteOptions(undefined, ['All'])).toEqual({ dryRun: ['All'] });
    expect(evictionDeleteOptions({ dryRun: ['All'], gracePeriodSeconds: 0 }, [])).toEqual({ dryRun: ['All'], gracePeriodSeconds: 0 });
    expect(evictionDeleteOptions({ dryRun: ['All'] }, ['All'])).toEqual({ dryRun: ['All'] });
    expect(() => evictionDeleteOptions({ dryRun: ['All'] }, ['Some'])).toThrow('Non-matching dry-run options in request and content: [Some] and [All]');
  });

  it('keeps the preconditions, grace period and propagation policy', () => {
    expect(evictionDeleteOptions({ preconditions: { uid: 'u', resourceVersion: null }, propagationPolicy: 'Foreground', orphanDependents: null }, [])).toEqual({ preconditions: { uid: 'u' }, propagationPolicy: 'Foreground' });
  });
});
