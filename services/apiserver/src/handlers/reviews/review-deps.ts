import type { KubeObject } from '@kubeledger/api';
import type { UserInfo } from '../../authentication/user-info.js';
import type { ServiceAccountTokens } from '../../authentication/service-account-tokens.js';
import type { Authorizer } from '../../authorization/authorizer.js';
import type { RulesForResult } from '../../authorization/rbac/rbac-authorizer.js';
import type { TokenExpirationSettings } from './token-expiration.js';

/** What the review APIs and TokenRequest answer from: the server's own authenticators and authorizers. */
export interface ReviewDeps {
  readonly authorizer: Authorizer;
  /** RBAC's rules for a user in a namespace (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): RulesForResult;
  /** Authenticates a bearer token for audiences (TokenReview); undefined when no authenticator accepts it. */
  authenticateToken(token: string, audiences: readonly string[]): Promise<UserInfo | undefined>;
  readonly serviceAccountTokens: ServiceAccountTokens;
  /** How TokenRequest caps and extends expirations (--service-account-max-token-expiration, --service-account-extend-token-expiration). */
  readonly tokenExpiration: TokenExpirationSettings;
  /** Reads an object for TokenRequest (the ServiceAccount, the bound object, the pod's node); undefined when absent. */
  read(resource: 'serviceaccounts' | 'pods' | 'secrets' | 'nodes', namespace: string, name: string): Promise<KubeObject | undefined>;
}
