import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type PodDisruptionBudget = z.infer<typeof schemas.policy_v1_PodDisruptionBudget>;

/** An IntOrString as intstr's String() prints it; `N/A` when unset. */
const intOrString = (value: number | string | null | undefined): string => (value === undefined || value === null ? 'N/A' : String(value));

/** PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (upstream printPodDisruptionBudget). */
export const podDisruptionBudgetPrinter = printer<PodDisruptionBudget>(
  [
    column('Name', 'string', FIELD_DOCS.name, { format: 'name' }),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    column('Age', 'string', FIELD_DOCS.creationTimestamp),
  ],
  (pdb, now) => [
    pdb.metadata?.name ?? '',
    intOrString(pdb.spec?.minAvailable),
    intOrString(pdb.spec?.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    timeSince(pdb.metadata?.creationTimestamp, now),
  ],
);
