import type { schemas } from '@kubeledger/api';
import type { z } from 'zod';
import { FIELD_DOCS, PRINTER_DOCS } from './column-docs.js';
import { timeSince } from './human-duration.js';
import { column, printer } from './printer.js';

type Namespace = z.infer<typeof schemas.core_v1_Namespace>;
type ConfigMap = z.infer<typeof schemas.core_v1_ConfigMap>;
type Secret = z.infer<typeof schemas.core_v1_Secret>;
type ServiceAccount = z.infer<typeof schemas.core_v1_ServiceAccount>;
type Lease = z.infer<typeof schemas.coordination_v1_Lease>;

const NAME = column('Name', 'string', FIELD_DOCS.name, { format: 'name' });
const AGE = column('Age', 'string', FIELD_DOCS.creationTimestamp);
const count = (o: object | null | undefined): number => Object.keys(o ?? {}).length;

/** Namespaces: NAME STATUS AGE. */
export const namespacePrinter = printer<Namespace>([NAME, column('Status', 'string', PRINTER_DOCS.namespaceStatus), AGE], (ns, now) => [
  ns.metadata?.name ?? '',
  ns.status?.phase ?? '',
  timeSince(ns.metadata?.creationTimestamp, now),
]);

/** ConfigMaps: NAME DATA AGE (DATA counts data and binaryData keys). */
export const configMapPrinter = printer<ConfigMap>([NAME, column('Data', 'string', FIELD_DOCS.configMapData), AGE], (cm, now) => [
  cm.metadata?.name ?? '',
  count(cm.data) + count(cm.binaryData),
  timeSince(cm.metadata?.creationTimestamp, now),
]);

/** Secrets: NAME TYPE DATA AGE. */
export const secretPrinter = printer<Secret>([NAME, column('Type', 'string', FIELD_DOCS.secretType), column('Data', 'string', FIELD_DOCS.secretData), AGE], (secret, now) => [
  secret.metadata?.name ?? '',
  secret.type ?? '',
  count(secret.data),
  timeSince(secret.metadata?.creationTimestamp, now),
]);

/** ServiceAccounts: NAME SECRETS AGE. */
export const serviceAccountPrinter = printer<ServiceAccount>([NAME, column('Secrets', 'string', FIELD_DOCS.serviceAccountSecrets), AGE], (sa, now) => [
  sa.metadata?.name ?? '',
  (sa.secrets ?? []).length,
  timeSince(sa.metadata?.creationTimestamp, now),
]);

/** Leases: NAME HOLDER AGE. */
export const leasePrinter = printer<Lease>([NAME, column('Holder', 'string', FIELD_DOCS.leaseHolderIdentity), AGE], (lease, now) => [
  lease.metadata?.name ?? '',
  lease.spec?.holderIdentity ?? '',
  timeSince(lease.metadata?.creationTimestamp, now),
]);
