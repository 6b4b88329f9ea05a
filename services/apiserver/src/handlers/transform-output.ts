import { notAcceptable, type KubeObject } from '@kubeledger/api';
import { listAsTable, objectAsTable, type TableListMeta } from '../printers/as-table.js';
import { asPartialObjectMetadata } from '../printers/partial-object-metadata.js';
import { parseIncludeObject } from '../printers/table-options.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import type { NegotiatedOutput } from './negotiate-output.js';
import { withRawExtensionsInGoOrder } from './raw-extension-output.js';

/** A list response before conversion: `<Kind>List` with its ListMeta. */
export interface ObjectList {
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: TableListMeta;
  readonly items: readonly KubeObject[];
}

/** The query parameters a conversion reads (`includeObject` for tables). */
export type OutputQuery = Readonly<Record<string, string | undefined>>;

/**
 * One object as the client negotiated it (upstream's transformObject): itself, a one-row Table, or
 * its PartialObjectMetadata. `tableHeaders` false leaves out the column definitions (watch events
 * after the first).
 */
export function transformObject(output: NegotiatedOutput, def: ResourceDefinition, object: KubeObject, query: OutputQuery, tableHeaders = true): unknown {
  const { convert } = output;
  if (!convert) return withRawExtensionsInGoOrder(def, object);
  switch (convert.kind) {
    case 'Table':
      return objectAsTable(def, object, { apiVersion: convert.apiVersion, includeObject: parseIncludeObject(query['includeObject']), includeHeaders: tableHeaders });
    case 'PartialObjectMetadata':
      return asPartialObjectMetadata(object, convert.apiVersion);
    case 'PartialObjectMetadataList':
      throw notAcceptable(`you requested PartialObjectMetadataList, but the requested object is not a list (${goType(def, '')})`);
    default: {
      const never: never = convert.kind;
      return never;
    }
  }
}

/** A list as the client negotiated it: itself, a Table with a row per item, or a PartialObjectMetadataList. */
export function transformList(output: NegotiatedOutput, def: ResourceDefinition, list: ObjectList, query: OutputQuery): unknown {
  const { convert } = output;
  if (!convert) return { ...list, items: list.items.map((item) => withRawExtensionsInGoOrder(def, item)) };
  switch (convert.kind) {
    case 'Table':
      return listAsTable(def, list.items, list.metadata, { apiVersion: convert.apiVersion, includeObject: parseIncludeObject(query['includeObject']) });
    case 'PartialObjectMetadataList':
      return { kind: 'PartialObjectMetadataList', apiVersion: convert.apiVersion, metadata: list.metadata, items: list.items.map((i) => asPartialObjectMetadata(i, convert.apiVersion)) };
    case 'PartialObjectMetadata':
      throw notAcceptable(`you requested PartialObjectMetadata, but the requested object is a list (${goType(def, 'List')})`);
    default: {
      const never: never = convert.kind;
      return never;
    }
  }
}

/** The Go type upstream names in these messages (`*core.Pod`, `*apps.DeploymentList`): the kind's internal package. */
function goType(def: ResourceDefinition, suffix: string): string {
  const pkg = def.group === '' || def.group === 'events.k8s.io' ? 'core' : def.group.split('.')[0];
  return `*${pkg}.${def.kind}${suffix}`;
}
