import { describe, expect, it } from 'vitest';
import { FieldErrorTypes } from './field-error.js';
import { alreadyExists, conflict, forbidden, genericServerResponse, internalError, invalid, isStatusError, notFound, tooLargeResourceVersion, tooOldResourceVersion } from './status-error.js';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };

describe('Status errors', () => {
  it('name resources as upstream, with the resource in details.kind', () => {
    expect(notFound(pods, 'nope').status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: '', kind: 'pods' }, code: 404,
    });
    expect(notFound(deployments, 'web').message).toBe('deployments.apps "web" not found');
    expect(alreadyExists({ group: '', resource: 'configmaps' }, 'cfg').status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "cfg" already exists' });
    expect(conflict(deployments, 'web').message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(forbidden(pods, '', 'User "bob" cannot list resource "pods" in API group "" in the namespace "default"').message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('aggregate field errors into the Invalid message and causes, with the Kind in details.kind', () => {
    const one = invalid({ group: '', kind: 'Pod' }, 'x', [{ type: FieldErrorTypes.required, field: 'spec.containers[0].image' }]);
    expect(one.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'Pod "x" is invalid: spec.containers[0].image: Required value',
      details: { name: 'x', group: '', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }] },
    });
    const two = invalid({ group: 'apps', kind: 'Deployment' }, 'web', [
      { type: FieldErrorTypes.invalid, field: 'metadata.name', badValue: 'Web', detail: 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters' },
      { type: FieldErrorTypes.notSupported, field: 'spec.strategy.type', badValue: 'Fast', detail: 'supported values: "Recreate", "RollingUpdate"' },
    ]);
    expect(two.message).toBe(
      'Deployment.apps "web" is invalid: [metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, spec.strategy.type: Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate"]',
    );
  });

  it('carry the revision errors clients act on', () => {
    expect(tooOldResourceVersion(123, 456).status).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 123 (456)' });
    expect(tooLargeResourceVersion(100, 50).status).toMatchObject({
      code: 504, reason: 'Timeout', details: { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge' }] },
    });
    expect(internalError(new Error('boom')).message).toBe('Internal error occurred: boom');
  });

  it('are recognised by shape', () => {
    expect(isStatusError(notFound(pods, 'a'))).toBe(true);
    expect(isStatusError(new Error('x'))).toBe(false);
    expect(isStatusError({ name: 'StatusError' })).toBe(false);
  });

  it('turn what a proxied server (a kubelet) answered into the Status NewGenericServerResponse makes, with no verb', () => {
    const podLog = { group: '', resource: 'pods/log' };
    expect(genericServerResponse(403, podLog, 'web', 'Forbidden (user=x, verb=get, resource=nodes, subresource=proxy)').status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Forbidden (user=x, verb=get, resource=nodes, subresource=proxy) ( pods/log web)', reason: 'Forbidden',
      details: { name: 'web', group: '', kind: 'pods/log' }, code: 403,
    });
    expect(genericServerResponse(401, podLog, 'web', 'Unauthorized').message).toBe('the server has asked for the client to provide credentials ( pods/log web)');
    expect(genericServerResponse(404, podLog, 'web', 'pod "web" does not exist')).toMatchObject({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource ( pods/log web)' });
    expect(genericServerResponse(502, podLog, 'web', 'bad gateway')).toMatchObject({ code: 502, reason: 'InternalError', message: 'an error on the server ("bad gateway") has prevented the request from succeeding ( pods/log web)' });
    expect(genericServerResponse(418, podLog, '', 'x').status).toMatchObject({ code: 418, message: 'the server responded with the status code 418 but did not return more information ( pods/log)' });
    expect(genericServerResponse(418, podLog, '', 'x').status.reason).toBeUndefined();
  });
});
