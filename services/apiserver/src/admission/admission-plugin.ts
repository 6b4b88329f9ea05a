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

/** A mutating admission plugin: it may change the object (returning what to store instead) or refuse the request. */
export interface MutatingPlugin {
  readonly name: string;
  handles(operation: Operation): boolean;
  /** The object to go on with: `attributes.object` itself, or a changed copy. */
  admit(attributes: AdmissionAttributes): Promise<KubeObject | undefined>;
}

/** A plugin may mutate, validate, or both (upstream's MutationInterface and ValidationInterface). */
export type AdmissionPlugin = ValidatingPlugin | MutatingPlugin | (ValidatingPlugin & MutatingPlugin);
