import type { FastifyRequest } from 'fastify';
import { FieldErrorTypes, invalid, type FieldError } from '@kubeledger/api';

/** What a write request asks of the store beside its body: CreateOptions, UpdateOptions and PatchOptions. */
export interface WriteOptions {
  /** `dryRun=All`: everything but the write. */
  readonly dryRun: boolean;
  /** Who owns the fields this write sets: `fieldManager`, else the User-Agent's product (upstream's managerOrUserAgent). */
  readonly fieldManager: string;
  /** `force=true` on an apply patch: take the fields other managers own. */
  readonly force: boolean;
}

export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The options of a create, update or patch from the query, validated as upstream's
 * ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions do (422 naming the options
 * kind in meta.k8s.io). `apply` marks an apply patch: it needs a fieldManager and alone may force.
 */
export function writeOptions(request: FastifyRequest, kind: WriteOptionsKind, apply = false): WriteOptions {
  const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1 || request.url.length));
  const dryRun = query.getAll('dryRun').filter((d) => d !== '');
  const manager = query.get('fieldManager') ?? '';
  const force = query.get('force');
  const errors: FieldError[] = [];
  if (dryRun.some((d) => d !== 'All')) {
    errors.push({ type: FieldErrorTypes.notSupported, field: 'dryRun', badValue: dryRun, detail: 'supported values: "All"' });
  }
  if (manager.length > FIELD_MANAGER_MAX_LENGTH) {
    errors.push({ type: FieldErrorTypes.tooLong, field: 'fieldManager', detail: `may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  }
  if ([...manager].some((c) => !isPrintable(c))) errors.push({ type: FieldErrorTypes.invalid, field: 'fieldManager', badValue: manager, detail: 'invalid characters' });
  if (kind === 'PatchOptions' && !apply && force !== null) {
    errors.push({ type: FieldErrorTypes.forbidden, field: 'force', detail: 'may not be specified for non-apply patch' });
  }
  if (apply && manager === '') errors.push({ type: FieldErrorTypes.required, field: 'fieldManager', detail: 'is required for apply patch' });
  if (errors.length > 0) throw invalid({ group: 'meta.k8s.io', kind }, '', errors);
  return { dryRun: dryRun.length > 0, fieldManager: manager || managerFromUserAgent(request.headers['user-agent'] ?? ''), force: force === 'true' };
}

/** The product part of a User-Agent (`kubectl/v1.35.0 (linux/amd64) …` → `kubectl`), non-printable characters quoted. */
export function managerFromUserAgent(userAgent: string): string {
  return [...userAgent.split('/')[0]!].map((c) => (isPrintable(c) ? c : JSON.stringify(c).slice(1, -1))).join('');
}

const isPrintable = (c: string): boolean => /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c);

