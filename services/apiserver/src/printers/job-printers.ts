import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS, PRINTER_DOCS } from './column-docs.js';
import { containerCells, formatLabelSelector } from './format-labels.js';
import { humanDuration, timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Job = z.infer<typeof schemas.batch_v1_Job>;
type CronJob = z.infer<typeof schemas.batch_v1_CronJob>;

const NAME = column('Name', 'string', FIELD_DOCS.name, { format: 'name' });
const AGE = column('Age', 'string', FIELD_DOCS.creationTimestamp);
const CONTAINERS = column('Containers', 'string', PRINTER_DOCS.containers, { wide: true });
const IMAGES = column('Images', 'string', PRINTER_DOCS.images, { wide: true });
const SELECTOR = column('Selector', 'string', FIELD_DOCS.jobSelector, { wide: true });

/** Jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR (upstream printJob). */
export const jobPrinter = printer<Job>([NAME, column('Status', 'string', PRINTER_DOCS.jobStatus), column('Completions', 'string', FIELD_DOCS.jobSucceeded), column('Duration', 'string', PRINTER_DOCS.jobDuration), AGE, CONTAINERS, IMAGES, SELECTOR], (job, now) => {
  const succeeded = job.status?.succeeded ?? 0;
  const parallelism = job.spec?.parallelism ?? 0;
  const completions = job.spec?.completions != null ? `${succeeded}/${job.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return [
    job.metadata?.name ?? '',
    jobStatus(job),
    completions,
    Number.isNaN(start) ? '' : humanDuration(end - start),
    timeSince(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ];
});

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in upstream's order of precedence. */
function jobStatus(job: Job): string {
  const has = (type: string) => job.status?.conditions?.find((c) => c.type === type)?.status === 'True';
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR (upstream printCronJob). */
export const cronJobPrinter = printer<CronJob>(
  [
    NAME,
    column('Schedule', 'string', FIELD_DOCS.cronJobSchedule),
    column('Timezone', 'string', FIELD_DOCS.cronJobTimeZone),
    column('Suspend', 'boolean', FIELD_DOCS.cronJobSuspend),
    column('Active', 'integer', FIELD_DOCS.cronJobActive),
    column('Last Schedule', 'string', FIELD_DOCS.cronJobLastScheduleTime),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  (cj, now) => {
    const suspend = cj.spec?.suspend;
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      suspend == null ? '<unset>' : suspend ? 'True' : 'False',
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? timeSince(cj.status.lastScheduleTime, now) : '<none>',
      timeSince(cj.metadata?.creationTimestamp, now),
      ...containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers),
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
);
