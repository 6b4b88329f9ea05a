import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthorized } from '@kubeledger/api';
import { AuthenticationError, type Credentials } from './authenticator.js';
import type { UserInfo } from './user-info.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request is from (after impersonation): set by the authentication hook. */
    user: UserInfo;
    /** The authenticated user when the request impersonates another. */
    impersonator: UserInfo | undefined;
  }
}

/**
 * The authentication hook (upstream's WithAuthentication): every request gets `request.user`, or
 * a 401 Unauthorized Status when the credentials it presents are bad.
 */
export function registerAuthentication(app: FastifyInstance, authenticate: (credentials: Credentials) => Promise<UserInfo>): void {
  app.decorateRequest('user', null as unknown as UserInfo);
  app.decorateRequest('impersonator', undefined);
  app.addHook('onRequest', async (request) => {
    try {
      request.user = await authenticate(credentialsOf(request));
    } catch (err) {
      if (err instanceof AuthenticationError) throw unauthorized();
      throw err;
    }
  });
}

const credentialsOf = (request: FastifyRequest): Credentials => ({ headers: request.headers, socket: request.raw.socket as Credentials['socket'] });
