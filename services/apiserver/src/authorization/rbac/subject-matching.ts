import type { UserInfo } from '../../authentication/user-info.js';
import { goQuote } from './go-quote.js';
import type { Subject } from './rbac-types.js';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The user name a ServiceAccount authenticates as (serviceaccount.MakeUsername). */
export const serviceAccountUsername = (namespace: string, name: string): string => `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;

/**
 * The user name a subject stands for, when it stands for one user: a User's name, or a
 * ServiceAccount's `system:serviceaccount:<ns>:<name>`, its namespace defaulting to the binding's
 * (a ServiceAccount with no namespace in a ClusterRoleBinding stands for nobody).
 */
export function subjectUsername(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return subject.name;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace ? serviceAccountUsername(namespace, subject.name) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a binding's subject is this user (upstream's appliesToUser); `namespace` is the binding's ('' for cluster bindings). */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  const username = subjectUsername(subject, namespace);
  return username !== undefined && username === user.name;
}

/** The first of a binding's subjects that is this user, if any (upstream's appliesTo). */
export const firstApplyingSubject = (user: UserInfo, subjects: readonly Subject[], namespace: string): Subject | undefined =>
  subjects.find((s) => appliesToUser(user, s, namespace));

/** How upstream names a subject in RBAC reasons: `User "alice"`, `ServiceAccount "name/namespace"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  return `${subject.kind} ${goQuote(subject.name)}`;
}
