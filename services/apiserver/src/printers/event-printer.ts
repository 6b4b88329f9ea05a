import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer, type Printer } from './printer.js';

type CoreEvent = z.infer<typeof schemas.core_v1_Event>;
type EventsEvent = z.infer<typeof schemas.events_v1_Event>;

/** The fields the event printer reads, as upstream's internal Event has them (both API versions convert to it). */
interface PrintedEvent {
  readonly name: string;
  readonly creationTimestamp?: string | null;
  readonly type?: string | null;
  readonly reason?: string | null;
  readonly message?: string | null;
  readonly kind?: string | null;
  readonly objectName?: string | null;
  readonly fieldPath?: string | null;
  readonly component?: string | null;
  readonly host?: string | null;
  readonly reportingController?: string | null;
  readonly reportingInstance?: string | null;
  readonly firstTimestamp?: string | null;
  readonly lastTimestamp?: string | null;
  readonly eventTime?: string | null;
  readonly count?: number | null;
  readonly series?: { readonly count?: number | null; readonly lastObservedTime?: string | null } | null;
}

const COLUMNS = [
  column('Last Seen', 'string', FIELD_DOCS.eventLastTimestamp),
  column('Type', 'string', FIELD_DOCS.eventType),
  column('Reason', 'string', FIELD_DOCS.eventReason),
  column('Object', 'string', FIELD_DOCS.eventInvolvedObject),
  column('Subobject', 'string', FIELD_DOCS.objectReferenceFieldPath, { wide: true }),
  column('Source', 'string', FIELD_DOCS.eventSource, { wide: true }),
  column('Message', 'string', FIELD_DOCS.eventMessage),
  column('First Seen', 'string', FIELD_DOCS.eventFirstTimestamp, { wide: true }),
  column('Count', 'string', FIELD_DOCS.eventCount, { wide: true }),
  column('Name', 'string', FIELD_DOCS.name, { format: 'name', wide: true }),
];

/** LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME (upstream printEvent). */
function printEvent(e: PrintedEvent, now: number): (string | number)[] {
  const firstSeen = e.firstTimestamp ? timeSince(e.firstTimestamp, now) : timeSince(e.eventTime, now);
  let lastSeen = e.lastTimestamp ? timeSince(e.lastTimestamp, now) : firstSeen;
  let count = e.count ?? 0;
  if (e.series) {
    lastSeen = timeSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events carry no count in the new API
  }
  const kind = (e.kind ?? '').toLowerCase();
  const component = e.component || e.reportingController || '';
  const instance = e.host || e.reportingInstance || '';
  return [
    lastSeen,
    e.type ?? '',
    e.reason ?? '',
    e.objectName ? `${kind}/${e.objectName}` : kind,
    e.fieldPath ?? '',
    instance ? `${component}, ${instance}` : component,
    (e.message ?? '').trim(),
    firstSeen,
    count,
    e.name,
  ];
}

/** core/v1 Events. */
export const coreEventPrinter: Printer = printer<CoreEvent>(COLUMNS, (e, now) =>
  printEvent(
    {
      name: e.metadata?.name ?? '',
      type: e.type,
      reason: e.reason,
      message: e.message,
      kind: e.involvedObject?.kind,
      objectName: e.involvedObject?.name,
      fieldPath: e.involvedObject?.fieldPath,
      component: e.source?.component,
      host: e.source?.host,
      reportingController: e.reportingComponent,
      reportingInstance: e.reportingInstance,
      firstTimestamp: e.firstTimestamp,
      lastTimestamp: e.lastTimestamp,
      eventTime: e.eventTime,
      count: e.count,
      series: e.series,
    },
    now,
  ),
);

/** events.k8s.io/v1 Events, read as upstream converts them to the internal Event (regarding → involvedObject, note → message, deprecated* → the old fields). */
export const eventsEventPrinter: Printer = printer<EventsEvent>(COLUMNS, (e, now) =>
  printEvent(
    {
      name: e.metadata?.name ?? '',
      type: e.type,
      reason: e.reason,
      message: e.note,
      kind: e.regarding?.kind,
      objectName: e.regarding?.name,
      fieldPath: e.regarding?.fieldPath,
      component: e.deprecatedSource?.component,
      host: e.deprecatedSource?.host,
      reportingController: e.reportingController,
      reportingInstance: e.reportingInstance,
      firstTimestamp: e.deprecatedFirstTimestamp,
      lastTimestamp: e.deprecatedLastTimestamp,
      eventTime: e.eventTime,
      count: e.deprecatedCount,
      series: e.series,
    },
    now,
  ),
);
