import type { KubeObject } from '@kubeledger/api';
import type { ResourceDefinition } from '../registry/resource-definition.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What admission sees of a request (upstream's admission.Attributes). */
export interface AdmissionAttributes {
  readonly operation: Operation;
  readonly resource: ResourceDefinition;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly object?: KubeObject;
}

/** A validating admission plugin: it may refuse a request (throwing a StatusError), never change it. */
export interface ValidatingPlugin {
  readonly name: string;
  handles(operation: Operation): boolean;
  validate(attributes: AdmissionAttributes): Promise<void>;
}
