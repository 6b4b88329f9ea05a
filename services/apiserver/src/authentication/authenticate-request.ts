import { AuthenticationError, bearerToken, type Authenticator, type Credentials } from './authenticator.js';
import { ANONYMOUS, SYSTEM_AUTHENTICATED, type UserInfo } from './user-info.js';

/**
 * Upstream's authentication chain: client certificates, then bearer tokens (each token
 * authenticator in turn), then anonymous. Authenticated users get `system:authenticated`.
 * A request with no credentials at all is `system:anonymous`; a presented credential that no
 * authenticator accepts is an AuthenticationError (401), never anonymous.
 */
export function authenticationChain(options: { certificates?: Authenticator; tokens: readonly Authenticator[]; anonymous?: boolean }): (credentials: Credentials) => Promise<UserInfo> {
  return async (credentials) => {
    const fromCertificate = await options.certificates?.(credentials);
    if (fromCertificate) return authenticated(fromCertificate);
    if (bearerToken(credentials) !== undefined) {
      for (const authenticate of options.tokens) {
        const user = await authenticate(credentials);
        if (user) return authenticated(user);
      }
      throw new AuthenticationError('invalid bearer token');
    }
    if (options.anonymous === false) throw new AuthenticationError('no credentials');
    return ANONYMOUS;
  };
}

function authenticated(user: UserInfo): UserInfo {
  return user.groups.includes(SYSTEM_AUTHENTICATED) ? user : { ...user, groups: [...user.groups, SYSTEM_AUTHENTICATED] };
}

/** A bearer-token authenticator over a static token file's table (parseTokenFile). */
export function staticTokenAuthenticator(tokens: ReadonlyMap<string, UserInfo>): Authenticator {
  return async (credentials) => {
    const token = bearerToken(credentials);
    return token === undefined ? undefined : tokens.get(token);
  };
}
