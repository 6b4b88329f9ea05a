import { badRequest } from '@kubeledger/api';
import type { FastifyRequest } from 'fastify';
import { validateDeleteOptions, type DeleteOptions, type PropagationPolicy } from '../registry/deletion/delete-options.js';

/** API versions a DeleteOptions body may name (upstream accepts meta.k8s.io/v1 and every group version's own). */
const KIND = 'DeleteOptions';

/**
 * The DeleteOptions of a delete or deletecollection request: from the body when there is one,
 * otherwise from the query (gracePeriodSeconds, propagationPolicy, orphanDependents, dryRun), as
 * upstream's delete handler reads them; then validated (422 on DeleteOptions.meta.k8s.io).
 */
export function deleteOptionsFrom(request: FastifyRequest): DeleteOptions {
  const body = request.body;
  const options = body === undefined || body === null || body === '' ? fromQuery(request.query as Record<string, string | string[] | undefined>) : fromBody(body);
  validateDeleteOptions(options);
  return options;
}

function fromBody(body: unknown): DeleteOptions {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(`the body of a delete request must be ${KIND}`);
  const b = body as Record<string, unknown>;
  if (b['kind'] !== undefined && b['kind'] !== KIND) throw badRequest(`decoded object cannot be converted to ${KIND}`);
  const fail = (field: string, want: string) => badRequest(`${KIND} in version "v1" cannot be handled as a ${KIND}: ${field}: expected ${want}`);
  const grace = b['gracePeriodSeconds'];
  if (grace !== undefined && grace !== null && !Number.isSafeInteger(grace)) throw fail('gracePeriodSeconds', 'an integer');
  const policy = b['propagationPolicy'];
  if (policy !== undefined && policy !== null && typeof policy !== 'string') throw fail('propagationPolicy', 'a string');
  const orphan = b['orphanDependents'];
  if (orphan !== undefined && orphan !== null && typeof orphan !== 'boolean') throw fail('orphanDependents', 'a boolean');
  const dryRun = b['dryRun'];
  if (dryRun !== undefined && dryRun !== null && !(Array.isArray(dryRun) && dryRun.every((d) => typeof d === 'string'))) throw fail('dryRun', 'an array of strings');
  const pre = b['preconditions'];
  if (pre !== undefined && pre !== null && (typeof pre !== 'object' || Array.isArray(pre))) throw fail('preconditions', 'an object');
  const { uid, resourceVersion } = (pre ?? {}) as Record<string, unknown>;
  for (const [field, value] of [['uid', uid], ['resourceVersion', resourceVersion]] as const) {
    if (value !== undefined && value !== null && typeof value !== 'string') throw fail(`preconditions.${field}`, 'a string');
  }
  const preconditions = {
    ...(typeof uid === 'string' && { uid }),
    ...(typeof resourceVersion === 'string' && { resourceVersion }),
  };
  return {
    ...(typeof grace === 'number' && { gracePeriodSeconds: grace }),
    ...(typeof policy === 'string' && { propagationPolicy: policy as PropagationPolicy }),
    ...(typeof orphan === 'boolean' && { orphanDependents: orphan }),
    ...(Array.isArray(dryRun) && dryRun.length > 0 && { dryRun: dryRun as string[] }),
    ...(pre !== undefined && pre !== null && { preconditions }),
  };
}

function fromQuery(q: Record<string, string | string[] | undefined>): DeleteOptions {
  const one = (name: string): string | undefined => {
    const v = q[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const grace = one('gracePeriodSeconds');
  if (grace !== undefined && !/^-?\d+$/.test(grace)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(grace)}: invalid syntax`);
  const orphan = one('orphanDependents');
  if (orphan !== undefined && !['true', 'false', '1', '0'].includes(orphan)) throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(orphan)}: invalid syntax`);
  const policy = one('propagationPolicy');
  const dryRun = [q['dryRun'] ?? []].flat().filter((d) => d !== '');
  return {
    ...(grace !== undefined && { gracePeriodSeconds: Number(grace) }),
    ...(policy !== undefined && policy !== '' && { propagationPolicy: policy as PropagationPolicy }),
    ...(orphan !== undefined && { orphanDependents: orphan === 'true' || orphan === '1' }),
    ...(dryRun.length > 0 && { dryRun }),
  };
}
