import type { UserInfo } from '../../authentication/user-info.js';
import type { RoleRef, Subject } from './rbac-types.js';
import { subjectUsername } from './subject-matching.js';

/** A RoleBinding or ClusterRoleBinding as the authorizer keeps it. */
export interface BindingEntry {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** The binding's namespace; '' for a ClusterRoleBinding. */
  readonly namespace: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
}

/**
 * Index keys: `u:<user name>` for User and ServiceAccount subjects (a service account is the user
 * `system:serviceaccount:<ns>:<name>`), `g:<group>` for Group subjects. A user's keys are its name
 * and its groups, so finding the bindings that name a user costs a map lookup per key, however
 * many bindings the cluster holds.
 */
export function subjectKeys(binding: BindingEntry): string[] {
  const keys = new Set<string>();
  for (const subject of binding.subjects) {
    if (subject.kind === 'Group') keys.add(`g:${subject.name}`);
    else {
      const username = subjectUsername(subject, binding.namespace);
      if (username !== undefined) keys.add(`u:${username}`);
    }
  }
  return [...keys];
}

export const userKeys = (user: UserInfo): string[] => [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)];

/** Bindings by subject key; entries keep the order they were added in. */
export class BindingIndex {
  readonly #byKey = new Map<string, Set<BindingEntry>>();
  readonly #keysOf = new Map<BindingEntry, readonly string[]>();

  add(binding: BindingEntry): void {
    const keys = subjectKeys(binding);
    this.#keysOf.set(binding, keys);
    for (const key of keys) {
      let set = this.#byKey.get(key);
      if (!set) this.#byKey.set(key, (set = new Set()));
      set.add(binding);
    }
  }

  delete(binding: BindingEntry): void {
    for (const key of this.#keysOf.get(binding) ?? []) {
      const set = this.#byKey.get(key);
      set?.delete(binding);
      if (set?.size === 0) this.#byKey.delete(key);
    }
    this.#keysOf.delete(binding);
  }

  get empty(): boolean {
    return this.#keysOf.size === 0;
  }

  /** The bindings naming any of the keys, each once (a binding may name a user and one of its groups). */
  find(keys: readonly string[]): Set<BindingEntry> {
    const found = new Set<BindingEntry>();
    for (const key of keys) {
      const set = this.#byKey.get(key);
      if (set) for (const binding of set) found.add(binding);
    }
    return found;
  }
}
