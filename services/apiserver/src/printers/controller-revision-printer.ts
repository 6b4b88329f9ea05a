import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type ControllerRevision = z.infer<typeof schemas.apps_v1_ControllerRevision>;

/** The controller cell: `<kind>.<group>/<name>` lower-cased kind and group, as upstream's formatResourceName; `<none>` without a controller. */
function controllerOf(rev: ControllerRevision): string {
  const ref = rev.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

/** ControllerRevisions: NAME CONTROLLER REVISION AGE (upstream printControllerRevision). */
export const controllerRevisionPrinter = printer<ControllerRevision>(
  [
    column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    column('Age', 'string', FIELD_DOCS.creationTimestamp),
  ],
  (rev, now) => [rev.metadata?.name ?? '', controllerOf(rev), Number(rev.revision ?? 0), timeSince(rev.metadata?.creationTimestamp, now)],
);
