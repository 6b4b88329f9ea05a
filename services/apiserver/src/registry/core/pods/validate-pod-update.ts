import type { FieldError } from '@kubeledger/api';
import { forbidden, sameValue } from '../../validation/field-errors.js';
import type { Container, PodSpec } from './pod-types.js';

/** What ValidatePodUpdate lets an update of a pod's spec change, in upstream's words. */
const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

/**
 * ValidatePodUpdate's spec rule: the new spec, with the fields an update may change taken from the
 * old one, must equal the old spec (so spec.nodeName, once set, stays). Upstream appends a Go diff
 * of the two specs to the message; we name the fields that differ instead.
 */
export function validatePodSpecUpdate(spec: PodSpec, old: PodSpec): FieldError[] {
  const errs: FieldError[] = [];
  if ((spec.containers ?? []).length !== (old.containers ?? []).length) errs.push(forbidden('spec.containers', 'pod updates may not add or remove containers'));
  if ((spec.initContainers ?? []).length !== (old.initContainers ?? []).length) errs.push(forbidden('spec.initContainers', 'pod updates may not add or remove containers'));
  if (errs.length) return errs;

  const deadlineOk = old.activeDeadlineSeconds === undefined ? true : spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= old.activeDeadlineSeconds;
  const oldTolerations = old.tolerations ?? [];
  const tolerationsOk = oldTolerations.every((t) => (spec.tolerations ?? []).some((n) => sameValue(n, t)));
  const munged: PodSpec = {
    ...spec,
    containers: withImages(spec.containers, old.containers),
    ...(spec.initContainers && { initContainers: withImages(spec.initContainers, old.initContainers) }),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: tolerationsOk ? old.tolerations : spec.tolerations,
    schedulingGates: old.schedulingGates,
  };
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  if (!deadlineOk) munged.activeDeadlineSeconds = spec.activeDeadlineSeconds;
  const changed = Object.keys({ ...munged, ...old }).filter((k) => !sameValue(munged[k], old[k])).sort();
  if (changed.length) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE}\n  changed: ${changed.map((k) => `spec.${k}`).join(', ')}`));
  }
  return errs;
}

const withImages = (now: Container[] | undefined, before: Container[] | undefined): Container[] | undefined =>
  now?.map((c, i) => ({ ...c, image: before?.[i]?.image }));
