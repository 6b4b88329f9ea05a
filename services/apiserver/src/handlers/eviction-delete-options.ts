import { badRequest } from '@kubeledger/api';
import type { DeleteOptions, PropagationPolicy } from '../registry/deletion/delete-options.js';

/** meta/v1 DeleteOptions as an Eviction carries them (types already checked by the decoder). */
interface EvictionDeleteOptions {
  gracePeriodSeconds?: number | null;
  preconditions?: { uid?: string | null; resourceVersion?: string | null } | null;
  propagationPolicy?: string | null;
  orphanDependents?: boolean | null;
  dryRun?: string[] | null;
}

/**
 * The delete options of an eviction, with the request's `dryRun` carried in (upstream's
 * propagateDryRun): taken when the eviction names none, refused (400) when both name different ones.
 */
export function evictionDeleteOptions(body: unknown, requestDryRun: readonly string[]): DeleteOptions {
  const o = (body ?? {}) as EvictionDeleteOptions;
  const own = (o.dryRun ?? []).filter((d) => d !== '');
  const requested = requestDryRun.filter((d) => d !== '');
  if (own.length > 0 && requested.length > 0 && JSON.stringify(own) !== JSON.stringify(requested)) {
    throw badRequest(`Non-matching dry-run options in request and content: [${requested.join(' ')}] and [${own.join(' ')}]`);
  }
  const dryRun = own.length > 0 ? own : requested;
  const pre = o.preconditions;
  return {
    ...(typeof o.gracePeriodSeconds === 'number' && { gracePeriodSeconds: o.gracePeriodSeconds }),
    ...(typeof o.propagationPolicy === 'string' && { propagationPolicy: o.propagationPolicy as PropagationPolicy }),
    ...(typeof o.orphanDependents === 'boolean' && { orphanDependents: o.orphanDependents }),
    ...(dryRun.length > 0 && { dryRun }),
    ...(pre && {
      preconditions: {
        ...(typeof pre.uid === 'string' && { uid: pre.uid }),
        ...(typeof pre.resourceVersion === 'string' && { resourceVersion: pre.resourceVersion }),
      },
    }),
  };
}
