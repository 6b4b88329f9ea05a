import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS, PRINTER_DOCS } from './column-docs.js';
import { containerCells, formatLabelSelector, formatLabels, labelSelectorString } from './format-labels.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Deployment = z.infer<typeof schemas.apps_v1_Deployment>;
type ReplicaSet = z.infer<typeof schemas.apps_v1_ReplicaSet>;
type DaemonSet = z.infer<typeof schemas.apps_v1_DaemonSet>;
type StatefulSet = z.infer<typeof schemas.apps_v1_StatefulSet>;

const NAME = column('Name', 'string', FIELD_DOCS.name, { format: 'name' });
const AGE = column('Age', 'string', FIELD_DOCS.creationTimestamp);
const CONTAINERS = column('Containers', 'string', PRINTER_DOCS.containers, { wide: true });
const IMAGES = column('Images', 'string', PRINTER_DOCS.images, { wide: true });

/** Deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR (upstream printDeployment). */
export const deploymentPrinter = printer<Deployment>(
  [
    NAME,
    column('Ready', 'string', PRINTER_DOCS.readyPods),
    column('Up-to-date', 'string', FIELD_DOCS.deploymentUpdatedReplicas),
    column('Available', 'string', FIELD_DOCS.deploymentAvailableReplicas),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', FIELD_DOCS.deploymentSelector, { wide: true }),
  ],
  (d, now) => [
    d.metadata?.name ?? '',
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    timeSince(d.metadata?.creationTimestamp, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    labelSelectorString(d.spec?.selector) ?? '<invalid>',
  ],
);

/** ReplicaSets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR (upstream printReplicaSet). */
export const replicaSetPrinter = printer<ReplicaSet>(
  [
    NAME,
    column('Desired', 'integer', FIELD_DOCS.replicaSetReplicas),
    column('Current', 'integer', FIELD_DOCS.replicaSetStatusReplicas),
    column('Ready', 'integer', FIELD_DOCS.replicaSetReadyReplicas),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', FIELD_DOCS.replicaSetSelector, { wide: true }),
  ],
  (rs, now) => [
    rs.metadata?.name ?? '',
    rs.spec?.replicas ?? 0,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    timeSince(rs.metadata?.creationTimestamp, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ],
);

/** DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR (upstream printDaemonSet). */
export const daemonSetPrinter = printer<DaemonSet>(
  [
    NAME,
    column('Desired', 'integer', FIELD_DOCS.daemonSetDesired),
    column('Current', 'integer', FIELD_DOCS.daemonSetCurrent),
    column('Ready', 'integer', FIELD_DOCS.daemonSetReady),
    column('Up-to-date', 'integer', FIELD_DOCS.daemonSetUpdated),
    column('Available', 'integer', FIELD_DOCS.daemonSetAvailable),
    column('Node Selector', 'string', FIELD_DOCS.nodeSelector),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', FIELD_DOCS.daemonSetSelector, { wide: true }),
  ],
  (ds, now) => [
    ds.metadata?.name ?? '',
    ds.status?.desiredNumberScheduled ?? 0,
    ds.status?.currentNumberScheduled ?? 0,
    ds.status?.numberReady ?? 0,
    ds.status?.updatedNumberScheduled ?? 0,
    ds.status?.numberAvailable ?? 0,
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    timeSince(ds.metadata?.creationTimestamp, now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ],
);

/** StatefulSets: NAME READY AGE, wide CONTAINERS IMAGES (upstream printStatefulSet). */
export const statefulSetPrinter = printer<StatefulSet>([NAME, column('Ready', 'string', PRINTER_DOCS.readyPods), AGE, CONTAINERS, IMAGES], (sts, now) => [
  sts.metadata?.name ?? '',
  `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
  timeSince(sts.metadata?.creationTimestamp, now),
  ...containerCells(sts.spec?.template?.spec?.containers),
]);
