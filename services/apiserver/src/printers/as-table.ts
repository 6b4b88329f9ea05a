import type { KubeObject } from '@kubeledger/api';
import { asPartialObjectMetadata, type MetaApiVersion, type PartialObjectMetadata } from './partial-object-metadata.js';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './printer.js';
import { printerFor } from './printers.js';
import type { IncludeObject } from './table-options.js';

export interface TableRow {
  readonly cells: readonly TableCell[];
  readonly conditions?: readonly TableRowCondition[];
  readonly object: KubeObject | PartialObjectMetadata | null;
}

export interface TableListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** meta.k8s.io Table: what `kubectl get` prints. `columnDefinitions` is null when headers are left out. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: MetaApiVersion;
  readonly metadata: TableListMeta;
  readonly columnDefinitions: readonly TableColumnDefinition[] | null;
  readonly rows: readonly TableRow[];
}

export interface TableOptions {
  /** The Table's apiVersion, and that of the rows' PartialObjectMetadata: the version the client asked for (default meta.k8s.io/v1). */
  readonly apiVersion?: MetaApiVersion;
  /** What each row's `object` carries (default Metadata). */
  readonly includeObject?: IncludeObject;
  /** Whether to send the column definitions (default true; a watch sends them with the first event only). */
  readonly includeHeaders?: boolean;
  /** The clock ages are printed against, ms since the epoch (default now). */
  readonly now?: number;
}

/** The resource a printer is chosen by. */
export interface PrintedResource {
  readonly group: string;
  readonly resource: string;
}

/** A page of a list as a Table: one row per object, the list's resourceVersion and continue token in `metadata`. */
export function listAsTable(resource: PrintedResource, objects: readonly KubeObject[], listMeta: TableListMeta, options: TableOptions = {}): Table {
  const printer = printerFor(resource);
  const apiVersion = options.apiVersion ?? 'meta.k8s.io/v1';
  const includeObject = options.includeObject ?? 'Metadata';
  const now = options.now ?? Date.now();
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMeta,
    columnDefinitions: options.includeHeaders === false ? null : printer.columns,
    rows: objects.map((object) => {
      const { cells, conditions } = printer.row(object, now);
      return { cells, ...(conditions && { conditions }), object: rowObject(object, includeObject, apiVersion) };
    }),
  };
}

/**
 * One object as a one-row Table, as GET and watch events with `as=Table` carry it; `metadata`
 * holds the object's resourceVersion. For `kubectl get -w`, pass `includeHeaders: true` on the
 * first event only.
 */
export function objectAsTable(resource: PrintedResource, object: KubeObject, options: TableOptions = {}): Table {
  const resourceVersion = object.metadata?.resourceVersion;
  return listAsTable(resource, [object], resourceVersion ? { resourceVersion } : {}, options);
}

function rowObject(object: KubeObject, includeObject: IncludeObject, apiVersion: MetaApiVersion): TableRow['object'] {
  switch (includeObject) {
    case 'Object':
      return object;
    case 'Metadata':
      return asPartialObjectMetadata(object, apiVersion);
    case 'None':
      return null;
    default: {
      const never: never = includeObject;
      return never;
    }
  }
}
