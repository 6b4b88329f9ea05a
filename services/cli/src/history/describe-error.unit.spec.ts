import { describe, expect, it } from 'vitest';
import type { Status, StatusReason } from '@kubeledger/api';
import { ApiError, TransportError } from '@kubeledger/client';
import { describeError, type ErrorContext } from './describe-error.js';

const status = (code: number, reason: StatusReason, message: string, name?: string): Status => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message, ...(name && { details: { name, kind: 'deployments', group: 'apps' } }),
});
const ctx: ErrorContext = { kubeconfig: '/home/u/.kube/config', server: 'https://127.0.0.1:6443', target: { resource: 'deployments.apps', name: 'web', namespace: 'default' } };

describe('describeError', () => {
  it('says the apiserver cannot be reached, and where the kubeconfig points', () => {
    const err = new TransportError('ECONNREFUSED', 'GET https://127.0.0.1:6443/api', 3, new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    expect(describeError(err, { kubeconfig: '/k', server: 'https://127.0.0.1:6443' })).toBe(
      'cannot reach the apiserver at https://127.0.0.1:6443 (ECONNREFUSED): check that it is running and that /k points at it',
    );
  });

  it('passes on a refusal with what to ask for', () => {
    const message = 'deployments.apps "web" is forbidden: User "eve" cannot get resource "deployments" in API group "apps" in the namespace "default"';
    expect(describeError(new ApiError(403, status(403, 'Forbidden', message, 'web'), 'GET /kubeledger/history/…'), ctx)).toBe(
      `${message}: the history of an object is for those who may get it; ask an admin for get on deployments.apps (check with kubectl auth can-i get deployments.apps/web -n default)`,
    );
    expect(describeError(new ApiError(401, status(401, 'Unauthorized', 'Unauthorized'), 'GET /api'), { kubeconfig: '/k', server: 'https://x' })).toContain('does not accept the credentials in /k');
  });

  it('tells a missing object from a server without the history endpoint', () => {
    expect(describeError(new ApiError(404, status(404, 'NotFound', 'deployments.apps "web" not found', 'web'), 'GET /kubeledger/history/…'), ctx)).toBe(
      'deployments.apps "web" not found: no revision of it is retained in namespace default; check the name, and the namespace (-n)',
    );
    expect(describeError(new ApiError(404, status(404, 'NotFound', 'the server could not find the requested resource'), 'GET /kubeledger/history/x'), ctx)).toContain('does not serve object history');
  });

  it('blames the kubeconfig when it could not be read', () => {
    expect(describeError(new Error("ENOENT: no such file or directory, open '/k'"), { kubeconfig: '/k' })).toBe(
      "cannot use kubeconfig /k: ENOENT: no such file or directory, open '/k'; pass --kubeconfig <file> or set KUBECONFIG",
    );
  });
});
