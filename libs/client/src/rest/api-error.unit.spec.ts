import { describe, expect, it } from 'vitest';
import { conflict, invalid, notFound, tooManyRequests, FieldErrorTypes } from '@kubeledger/api';
import {
  ApiError,
  isAlreadyExists,
  isApiError,
  isConflict,
  isForbidden,
  isInvalid,
  isNotFound,
  isResourceExpired,
  isTooManyRequests,
  reasonForError,
} from './api-error.js';
import { statusFromResponse } from './status-from-response.js';

const error = (code: number, body: unknown, method = 'GET') => new ApiError(code, statusFromResponse(code, typeof body === 'string' ? body : JSON.stringify(body), method), `${method} /x`);

describe('ApiError from an answer', () => {
  it('carries the Status the apiserver sent: code, reason, message, details', () => {
    const err = error(404, notFound({ group: '', resource: 'configmaps' }, 'missing').status);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'ApiError', status: 404, reason: 'NotFound', message: 'configmaps "missing" not found', request: 'GET /x' });
    expect(err.details).toEqual({ name: 'missing', group: '', kind: 'configmaps' });
    expect(err.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 404 });
    expect(isNotFound(err) && isApiError(err)).toBe(true);
    expect(isConflict(err)).toBe(false);
  });

  it('keeps the causes of an Invalid', () => {
    const status = invalid({ group: '', kind: 'ConfigMap' }, 'bad', [{ type: FieldErrorTypes.invalid, field: 'metadata.name', badValue: 'Bad_Name', detail: 'a lowercase RFC 1123 subdomain' }]).status;
    const err = error(422, status, 'POST');
    expect(isInvalid(err)).toBe(true);
    expect(err.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain', field: 'metadata.name' }]);
  });

  it('tells AlreadyExists from Conflict by reason, as apimachinery does', () => {
    expect(isConflict(error(409, conflict({ group: 'apps', resource: 'deployments' }, 'web').status, 'PUT'))).toBe(true);
    const exists = error(409, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'pods "x" already exists' }, 'POST');
    expect(isAlreadyExists(exists)).toBe(true);
    expect(isConflict(exists)).toBe(false);
  });

  it('reads retryAfterSeconds from the Status details when no header gave it', () => {
    const err = error(429, tooManyRequests('too many requests, please try again later', 1).status);
    expect(isTooManyRequests(err)).toBe(true);
    expect(err.retryAfterSeconds).toBe(1);
  });

  it('makes a Status from the code when the body is not one (client-go’s unstructured response error)', () => {
    const err = error(404, '<html>no</html>');
    expect(err).toMatchObject({ status: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
    expect(err.details?.causes).toEqual([{ reason: 'UnexpectedServerResponse', message: '<html>no</html>' }]);
    expect(error(409, '', 'POST').reason).toBe('AlreadyExists');
    expect(error(409, '', 'PUT').reason).toBe('Conflict');
    expect(error(410, '').reason).toBe('Gone');
    expect(isResourceExpired(error(410, ''))).toBe(true);
    expect(error(502, 'bad gateway')).toMatchObject({ reason: 'InternalError', message: 'an error on the server ("bad gateway") has prevented the request from succeeding' });
    expect(error(418, '')).toMatchObject({ reason: 'Unknown', message: 'the server responded with the status code 418 but did not return more information' });
    expect(error(403, { kind: 'NotAStatus' })).toMatchObject({ reason: 'Forbidden' });
  });

  it('falls back to the code for a Status without a reason, as errors.IsNotFound does', () => {
    const err = error(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, message: 'gone' });
    expect(err.reason).toBe('Unknown');
    expect(isNotFound(err)).toBe(true);
    expect(isForbidden(err)).toBe(false);
  });

  it('recognizes only ApiErrors', () => {
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isNotFound({ name: 'ApiError', status: 404, reason: 'NotFound' })).toBe(false);
    expect(reasonForError(new Error('x'))).toBe('Unknown');
  });
});
