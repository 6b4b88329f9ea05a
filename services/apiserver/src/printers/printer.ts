import type { KubeObject } from '@kubeledger/api';

/** meta.k8s.io/v1 TableColumnDefinition: `priority` 0 columns are the default view, 1 the `-o wide` extras. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

export type TableCell = string | number | boolean;

/** meta.k8s.io/v1 TableRowCondition (upstream sets `Completed` on pods that have finished). */
export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True';
  readonly reason: string;
  readonly message: string;
}

/** What a printer makes of one object: a cell per column, wide columns included (the server always prints wide). */
export interface PrintedRow {
  readonly cells: readonly TableCell[];
  readonly conditions?: readonly TableRowCondition[];
}

/** One resource's server-side printer (upstream's TableHandler: column definitions and a row function). */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /** `now` is the clock ages are measured against (ms since the epoch). */
  row(object: KubeObject, now: number): PrintedRow;
}

/** A column definition; `wide` marks the priority-1 columns kubectl shows only with `-o wide`. */
export function column(name: string, type: TableColumnDefinition['type'], description: string, options: { format?: string; wide?: boolean } = {}): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.wide ? 1 : 0 };
}

/** A printer of objects of type `T` (the kind's generated schema type): objects read back from storage passed validation. */
export function printer<T>(columns: readonly TableColumnDefinition[], row: (object: T, now: number) => PrintedRow | readonly TableCell[]): Printer {
  return {
    columns,
    row: (object, now) => {
      const printed = row(object as T, now);
      return Array.isArray(printed) ? { cells: printed } : (printed as PrintedRow);
    },
  };
}
