import type { KubeObject } from '@kubeledger/api';
import type { PropagationPolicy } from '@kubeledger/client';
import type { AbsentOwnerCache } from './absent-owner-cache.js';
import type { DependencyGraph, ObjectIdentity } from './dependency-graph.js';
import type { GcResource } from './gc-resources.js';

/** What the garbage collector's steps read: the graph and informers, and the apiserver to confirm. */
export interface GcReadDeps {
  readonly graph: DependencyGraph;
  /** The watched resource an owner reference's apiVersion and kind name (GcResourceMap.forKind); undefined: not served. */
  readonly resourceForKind: (apiVersion: string, kind: string) => GcResource | undefined;
  /** The informer's copy of an object (`namespace` '' for a cluster-scoped one); undefined: not cached. */
  readonly getCached: (resource: GcResource, namespace: string, name: string) => KubeObject | undefined;
  /** GET from the apiserver; undefined on 404. */
  readonly getLive: (resource: GcResource, namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly absentOwners: AbsentOwnerCache;
  readonly log: (message: string) => void;
}

/** The garbage collector's writes, and how it tells their errors apart. */
export interface GcWriteDeps {
  /** DELETE with the identity's uid as precondition (409 when the object was replaced) and `policy`. */
  readonly deleteObject: (identity: ObjectIdentity, policy: PropagationPolicy) => Promise<void>;
  /** PATCH (`strategic` for owner references, `merge` for finalizers). */
  readonly patchObject: (identity: ObjectIdentity, patch: Record<string, unknown>, type: 'strategic' | 'merge') => Promise<void>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isConflict: (err: unknown) => boolean;
}

/** Queues an object (by uid) for {@link attemptToDelete}. */
export interface GcQueueDeps {
  readonly enqueueDelete: (uid: string) => void;
}

export type GcDeps = GcReadDeps & GcWriteDeps & GcQueueDeps;
