import type { KubeObject } from '@kubeledger/api';
import { FIELD_DOCS } from './column-docs.js';
import { column, type Printer } from './printer.js';

/**
 * Upstream's default table convertor (rest.NewDefaultTableConvertor), for resources without a
 * printer: NAME and `Created At`, a date cell in RFC 3339 UTC that kubectl shows as an age.
 */
export const defaultPrinter: Printer = {
  columns: [column('Name', 'string', FIELD_DOCS.name, { format: 'name' }), column('Created At', 'date', FIELD_DOCS.creationTimestamp)],
  row: (object: KubeObject) => ({ cells: [object.metadata?.name ?? '', createdAt(object.metadata?.['creationTimestamp'])] }),
};

/** Go's time.RFC3339 of the UTC time, whole seconds; the zero time when unset, as upstream prints it. */
function createdAt(timestamp: unknown): string {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return Number.isNaN(at) ? '0001-01-01T00:00:00Z' : new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
