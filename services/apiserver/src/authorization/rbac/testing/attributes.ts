import type { UserInfo } from '../../../authentication/user-info.js';
import type { Attributes } from '../../authorizer.js';

/** A user in `system:authenticated` plus the given groups. */
export const user = (name: string, ...groups: string[]): UserInfo => ({ name, groups: [...groups, 'system:authenticated'] });

/**
 * The attributes of a resource request: `resource` may be `pods/log`; `group` defaults to core.
 * Written `verb pods`, `get pods/log`, as the test tables read.
 */
export function resourceAttributes(
  who: UserInfo,
  verb: string,
  resource: string,
  options: { group?: string; namespace?: string; name?: string; version?: string } = {},
): Attributes {
  const [res, subresource = ''] = resource.split('/');
  return {
    user: who,
    verb,
    isResourceRequest: true,
    path: '',
    apiGroup: options.group ?? '',
    apiVersion: options.version ?? 'v1',
    resource: res!,
    subresource,
    namespace: options.namespace ?? '',
    name: options.name ?? '',
  };
}

/** The attributes of a non-resource request (`get /healthz`). */
export const pathAttributes = (who: UserInfo, verb: string, path: string): Attributes => ({
  user: who,
  verb,
  isResourceRequest: false,
  path,
  apiGroup: '',
  apiVersion: '',
  resource: '',
  subresource: '',
  namespace: '',
  name: '',
});
