import { FieldSet } from './field-set.js';
import { fieldSetFromFieldsV1, fieldSetToFieldsV1, type FieldsV1 } from './fields-v1.js';
import { compareStrings, isJsonObject } from './json-values.js';
import { quickGoJson } from './quick-go-json.js';

/** One entry of `metadata.managedFields` (metav1.ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Who owns a set of fields: the identity part of an entry (no fields, no time; no apiVersion for appliers). */
export interface ManagerIdentity {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion?: string;
  readonly subresource?: string;
}

/** The fields one manager owns, at the API version it wrote them in. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Decoded managedFields: the sets keyed by manager identifier, and the time each entry carries. */
export interface Managed {
  readonly fields: Map<string, VersionedSet>;
  readonly times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

/**
 * The key managers are told apart by (BuildManagerIdentifier): the entry without fields and time,
 * and without apiVersion for an applier (so its entry follows it across versions), as Go's
 * json.Marshal writes it: `{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1"}`.
 * An Apply and an Update entry of one manager are therefore two owners.
 */
export function managerIdentifier(identity: ManagerIdentity): string {
  const parts: string[] = [];
  if (identity.manager) parts.push(`"manager":${quickGoJson(identity.manager)}`);
  parts.push(`"operation":${quickGoJson(identity.operation)}`);
  if (identity.operation !== 'Apply' && identity.apiVersion) parts.push(`"apiVersion":${quickGoJson(identity.apiVersion)}`);
  if (identity.subresource) parts.push(`"subresource":${quickGoJson(identity.subresource)}`);
  return `{${parts.join(',')}}`;
}

const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The identity a manager identifier stands for. */
export function parseManagerIdentifier(identifier: string): ManagerIdentity {
  const parsed: unknown = JSON.parse(identifier);
  const o = isJsonObject(parsed) ? parsed : {};
  const apiVersion = textOf(o['apiVersion']);
  const subresource = textOf(o['subresource']);
  return {
    manager: textOf(o['manager']) ?? '',
    operation: o['operation'] === 'Apply' ? 'Apply' : 'Update',
    ...(apiVersion && { apiVersion }),
    ...(subresource && { subresource }),
  };
}

/** Why managedFields could not be decoded. */
export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

/**
 * Decodes `metadata.managedFields` (DecodeManagedFields): each entry must have an operation of
 * Apply or Update, an apiVersion, and fieldsType FieldsV1. Throws ManagedFieldsError otherwise.
 */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('managedFields must be a list');
  entries.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry)) throw new ManagedFieldsError(`managed fields entry ${i} must be an object`);
    const { operation, apiVersion, fieldsType, fieldsV1, manager, subresource, time } = entry;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion.length < 1) throw new ManagedFieldsError('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = fieldsV1 === undefined || fieldsV1 === null ? new FieldSet() : fieldSetFromFieldsV1(fieldsV1);
    } catch (err) {
      throw new ManagedFieldsError(`error decoding versioned set from entry ${i}: ${(err as Error).message}`);
    }
    const id = managerIdentifier({
      manager: typeof manager === 'string' ? manager : '',
      operation,
      apiVersion,
      ...(typeof subresource === 'string' && subresource && { subresource }),
    });
    managed.fields.set(id, { set, apiVersion, applied: operation === 'Apply' });
    managed.times.set(id, typeof time === 'string' && time ? time : undefined);
  });
  return managed;
}

/** Seconds since the epoch of an entry's time (0 without one), which is all upstream sorts by. */
export function timeSeconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/**
 * Encodes managed fields back into entries (encodeManagedFields), sorted as upstream sorts them:
 * Apply before Update, then older before newer (to the second, no time counting as oldest), then
 * by manager, apiVersion and subresource. Undefined when there are none (the field is dropped).
 */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, versioned] of managed.fields) {
    const identity = parseManagerIdentifier(id);
    const time = managed.times.get(id);
    const fieldsV1: FieldsV1 = fieldSetToFieldsV1(versioned.set);
    entries.push({
      manager: identity.manager,
      operation: versioned.applied ? 'Apply' : identity.operation,
      apiVersion: versioned.apiVersion,
      ...(time !== undefined && { time }),
      fieldsType: 'FieldsV1',
      fieldsV1,
      ...(identity.subresource && { subresource: identity.subresource }),
    });
  }
  return entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      timeSeconds(p.time) - timeSeconds(q.time) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
}
