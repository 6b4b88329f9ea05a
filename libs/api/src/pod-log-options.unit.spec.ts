import { describe, expect, it } from 'vitest';
import { decodePodLogOptions, podLogQuery, validatePodLogOptions } from './pod-log-options.js';
import { invalid, isStatusError } from './status-error.js';

const decodeError = (query: Record<string, string>) => {
  try {
    decodePodLogOptions(query);
  } catch (err) {
    return isStatusError(err) ? { code: err.code, reason: err.reason, message: err.message } : err;
  }
  return undefined;
};

describe('PodLogOptions from a query', () => {
  it('decodes what kubectl logs sends; booleans as upstream reads them', () => {
    expect(decodePodLogOptions({ container: 'web', follow: 'true', tailLines: '10', timestamps: 'true', sinceSeconds: '3600', limitBytes: '100', previous: 'false' })).toEqual({
      container: 'web', follow: true, previous: false, timestamps: true, sinceSeconds: 3600, tailLines: 10, limitBytes: 100, insecureSkipTLSVerifyBackend: false,
    });
    expect(decodePodLogOptions({})).toEqual({ follow: false, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: false });
    expect(decodePodLogOptions({ follow: '1', previous: 'FALSE', timestamps: '0', insecureSkipTLSVerifyBackend: 'yes' })).toMatchObject({ follow: true, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: true });
    expect(decodePodLogOptions({ tailLines: ['2', '5'] })).toMatchObject({ tailLines: 2 });
    expect(decodePodLogOptions({ sinceTime: '2026-11-24T03:00:00.5+02:00' }).sinceTime).toEqual(new Date('2026-11-24T01:00:00.500Z'));
  });

  it('a number or time that does not parse is a 400', () => {
    expect(decodeError({ tailLines: 'ten' })).toEqual({ code: 400, reason: 'BadRequest', message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
    expect(decodeError({ limitBytes: '1.5' })).toMatchObject({ code: 400 });
    expect(decodeError({ sinceTime: '2026-11-24' })).toMatchObject({ code: 400, message: expect.stringContaining('parsing time "2026-11-24"') });
  });

  it('validates as ValidatePodLogOptions: negative tailLines, limitBytes and sinceSeconds below 1, sinceSeconds with sinceTime', () => {
    expect(validatePodLogOptions(decodePodLogOptions({ tailLines: '0', limitBytes: '1', sinceSeconds: '1' }))).toEqual([]);
    const errors = validatePodLogOptions(decodePodLogOptions({ tailLines: '-1', limitBytes: '0', sinceSeconds: '0' }));
    expect(invalid({ group: '', kind: 'PodLogOptions' }, 'web', errors).message).toBe(
      'PodLogOptions "web" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0, sinceSeconds: Invalid value: 0: must be greater than 0]',
    );
    const both = validatePodLogOptions(decodePodLogOptions({ sinceSeconds: '5', sinceTime: '2026-11-24T01:00:00Z' }));
    expect(invalid({ group: '', kind: 'PodLogOptions' }, 'web', both).message).toBe('PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  });

  it('renders the kubelet query as LogLocation does: only what is set, sorted, sinceTime in whole seconds', () => {
    expect(podLogQuery(decodePodLogOptions({ container: 'web', follow: 'true', timestamps: 'true', tailLines: '1', sinceTime: '2026-11-24T01:00:00.750Z', limitBytes: '9', previous: '1' }))).toBe(
      'follow=true&limitBytes=9&previous=true&sinceTime=2026-11-24T01%3A00%3A00Z&tailLines=1&timestamps=true',
    );
    expect(podLogQuery(decodePodLogOptions({ sinceSeconds: '30' }))).toBe('sinceSeconds=30');
    expect(podLogQuery(decodePodLogOptions({}))).toBe('');
  });
});
