/**
 * Who made a request, as upstream's user.Info: the name, uid, groups and extra values an
 * authenticator found (x509 CN/O, a static token's row, a ServiceAccount token's claims), or
 * `system:anonymous` in `system:unauthenticated` when none did.
 */
export interface UserInfo {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export const SYSTEM_MASTERS = 'system:masters';
export const SYSTEM_AUTHENTICATED = 'system:authenticated';
export const SYSTEM_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: [SYSTEM_UNAUTHENTICATED] };
