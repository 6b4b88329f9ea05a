import { notAcceptable } from '@kubeledger/api';
import type { MetaApiVersion } from '../printers/partial-object-metadata.js';

/** The media types responses are written in (upstream also writes YAML and protobuf; they join this list with their encoders). */
export const OUTPUT_MEDIA_TYPES = ['application/json'] as const;
export type OutputMediaType = (typeof OUTPUT_MEDIA_TYPES)[number];

/** What a client asked the object to be turned into: `application/json;as=Table;g=meta.k8s.io;v=v1`. */
export interface OutputConversion {
  readonly kind: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  readonly apiVersion: MetaApiVersion;
}

export interface NegotiatedOutput {
  readonly mediaType: OutputMediaType;
  /** Absent: the object itself. */
  readonly convert?: OutputConversion;
}

interface AcceptClause {
  readonly type: string;
  readonly subType: string;
  readonly q: number;
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Upstream's output negotiation (apimachinery runtime/negotiation NegotiateOutputMediaType with
 * the RequestScope's endpoint restrictions): the first Accept clause, in preference order, that
 * names a media type we write and a conversion we make — Table (JSON only) or
 * PartialObjectMetadata(List), in meta.k8s.io v1 or v1beta1. A clause asking for anything else
 * (`as=Table;g=meta.k8s.io;v=v2`, `as=Pod`) is passed over; when none is left the answer is 406.
 * No Accept header means the object as JSON.
 */
export function negotiateOutput(accept: string | undefined): NegotiatedOutput {
  if (!accept) return { mediaType: OUTPUT_MEDIA_TYPES[0] };
  for (const clause of parseAccept(accept)) {
    for (const mediaType of OUTPUT_MEDIA_TYPES) {
      const [type, subType] = mediaType.split('/') as [string, string];
      const matches = (clause.type === type && (clause.subType === subType || clause.subType === '*')) || (clause.type === '*' && clause.subType === '*');
      if (!matches) continue;
      const output = acceptClause(clause, mediaType, subType);
      if (output) return output;
    }
  }
  throw notAcceptable(`only the following media types are accepted: ${OUTPUT_MEDIA_TYPES.join(', ')}`);
}

function acceptClause(clause: AcceptClause, mediaType: OutputMediaType, subType: string): NegotiatedOutput | undefined {
  const as = clause.params.get('as');
  const group = clause.params.get('g');
  const version = clause.params.get('v');
  // `stream` only names the watch framing, which every media type here has.
  const stream = clause.params.get('stream');
  if (stream && stream !== 'watch') return undefined;
  if (as === undefined && group === undefined && version === undefined) return { mediaType };
  if (group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) return undefined;
  const apiVersion: MetaApiVersion = `meta.k8s.io/${version}`;
  switch (as) {
    case 'Table':
      return subType === 'json' || subType === 'yaml' ? { mediaType, convert: { kind: 'Table', apiVersion } } : undefined;
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      return { mediaType, convert: { kind: as, apiVersion } };
    default:
      return undefined;
  }
}

/**
 * The Accept header's clauses as goautoneg.ParseAccept reads them: `type/subtype;k=v;q=0.5`,
 * ordered by q, then concrete types before wildcards (a stable insertion sort, as Go's sort does
 * on short slices, so equal clauses keep the client's order).
 */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...paramParts] = part.trim().split(';');
    const [type = '', subType, ...rest] = range.split('/').map((s) => s.trim());
    if (rest.length || (subType === undefined && type !== '*')) continue;
    let q = 1;
    const params = new Map<string, string>();
    for (const param of paramParts) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const key = param.slice(0, eq).trim();
      if (key === 'q') q = Number.parseFloat(param.slice(eq + 1)) || 0;
      else params.set(key, param.slice(eq + 1).trim());
    }
    clauses.push({ type, subType: subType ?? '*', q, params });
  }
  const less = (a: AcceptClause, b: AcceptClause) => a.q > b.q || (a.type !== '*' && b.type === '*') || (a.subType !== '*' && b.subType === '*');
  for (let i = 1; i < clauses.length; i++) {
    for (let j = i; j > 0 && less(clauses[j]!, clauses[j - 1]!); j--) [clauses[j], clauses[j - 1]] = [clauses[j - 1]!, clauses[j]!];
  }
  return clauses;
}
