import { configMapPrinter, leasePrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './config-printers.js';
import { controllerRevisionPrinter } from './controller-revision-printer.js';
import { defaultPrinter } from './default-printer.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoint-printers.js';
import { coreEventPrinter, eventsEventPrinter } from './event-printer.js';
import { cronJobPrinter, jobPrinter } from './job-printers.js';
import { nodePrinter } from './node-printer.js';
import type { Printer } from './printer.js';
import { podPrinter } from './pod-printer.js';
import { podDisruptionBudgetPrinter } from './policy-printers.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';
import { servicePrinter } from './service-printer.js';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workload-printers.js';

/** Upstream's printers by group and resource (printers are per kind, not per version): `<group>/<resource>`. */
const PRINTERS: Readonly<Record<string, Printer>> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/events': coreEventPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'events.k8s.io/events': eventsEventPrinter,
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  // Roles and ClusterRoles have no printer upstream: the default table (NAME, CREATED AT).
  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingPrinter,
};

/** The printer of a resource; resources upstream has no printer for get the default table (NAME, Created At). */
export function printerFor(resource: { readonly group: string; readonly resource: string }): Printer {
  return PRINTERS[`${resource.group}/${resource.resource}`] ?? defaultPrinter;
}
