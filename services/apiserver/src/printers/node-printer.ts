import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS, PRINTER_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Node = z.infer<typeof schemas.core_v1_Node>;

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME (upstream printNode). */
export const nodePrinter = printer<Node>(
  [
    column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
    column('Status', 'string', PRINTER_DOCS.nodeStatus),
    column('Roles', 'string', PRINTER_DOCS.nodeRoles),
    column('Age', 'string', FIELD_DOCS.creationTimestamp),
    column('Version', 'string', FIELD_DOCS.kubeletVersion),
    column('Internal-IP', 'string', FIELD_DOCS.nodeAddresses, { wide: true }),
    column('External-IP', 'string', FIELD_DOCS.nodeAddresses, { wide: true }),
    column('OS-Image', 'string', FIELD_DOCS.osImage, { wide: true }),
    column('Kernel-Version', 'string', FIELD_DOCS.kernelVersion, { wide: true }),
    column('Container-Runtime', 'string', FIELD_DOCS.containerRuntimeVersion, { wide: true }),
  ],
  (node, now) => {
    const info = node.status?.nodeInfo;
    const address = (type: string) => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
    const roles = nodeRoles(node.metadata?.labels ?? {}).join(',');
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      roles || '<none>',
      timeSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address('InternalIP'),
      address('ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
);

/** `Ready`, `NotReady` or `Unknown` (no Ready condition), then `SchedulingDisabled` for a cordoned node. */
function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.findLast((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` label keys and the `kubernetes.io/role` label value, sorted. */
export function nodeRoles(labels: Readonly<Record<string, string>>): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(ROLE_LABEL_PREFIX) && key.length > ROLE_LABEL_PREFIX.length) roles.add(key.slice(ROLE_LABEL_PREFIX.length));
    else if (key === ROLE_LABEL && value) roles.add(value);
  }
  return [...roles].sort();
}
