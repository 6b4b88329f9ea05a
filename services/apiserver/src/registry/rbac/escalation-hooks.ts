import type { KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { UserInfo } from '../../authentication/user-info.js';
import { checkEscalation, type EscalationDeps } from '../../authorization/rbac/escalation.js';
import type { RbacResource } from '../../authorization/rbac/rbac-types.js';
import type { StoreHooks } from '../generic-store.js';

/** A write made for a request: who asked (the handlers add the authenticated user to the write context). */
export interface RequestWriteContext extends WriteContext {
  readonly user?: UserInfo;
}

const done = async () => {};

/**
 * Upstream's policy-based RBAC storage: a create or update of a Role, ClusterRole or binding is
 * refused (403) when it would grant more than its author holds (checkEscalation). Writes the
 * server makes itself (bootstrap policy) carry no user and are not checked.
 */
export function escalationHooks(resource: RbacResource, deps: EscalationDeps): StoreHooks {
  const check = (object: KubeObject, ctx: WriteContext, old?: KubeObject) => {
    const user = (ctx as RequestWriteContext).user;
    if (!user) return;
    const namespace = object.metadata?.namespace ?? '';
    const refused = checkEscalation({ user, resource, namespace, object, ...(old && { old }) }, deps);
    if (refused) throw refused;
  };
  return {
    async beginCreate(object, ctx) {
      check(object, ctx);
      return done;
    },
    async beginUpdate(object, old, ctx) {
      check(object, ctx, old);
      return done;
    },
  };
}
