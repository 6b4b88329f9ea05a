import { randomBytes } from 'node:crypto';
import { createCertificateAuthority, createServiceAccountKey, defaultServingHosts, issueServingCertificate, type KeyPair } from '@kubeledger/pki';
import type { AuthenticationOptions } from '../app.js';
import { ServiceAccountTokens } from '../authentication/service-account-tokens.js';
import { SYSTEM_MASTERS, type UserInfo } from '../authentication/user-info.js';

export interface TestAuthentication {
  readonly options: AuthenticationOptions;
  /** A static bearer token of `test-admin` in system:masters. */
  readonly adminToken: string;
  /** `authorization: Bearer <adminToken>`, for injected requests. */
  readonly adminHeaders: Readonly<Record<string, string>>;
  /** Adds a static token for `user`; returns its Authorization header. */
  addUser(user: UserInfo): Readonly<Record<string, string>>;
  /** The test cluster's CA (client certificates it signs authenticate), and a serving certificate from it for 127.0.0.1 and localhost. */
  readonly ca: KeyPair;
  readonly https: { readonly cert: string; readonly key: string; readonly ca: string };
}

/** Authentication for an in-process app under test: a fresh ServiceAccount key and static tokens, an admin among them. */
export async function testAuthentication(): Promise<TestAuthentication> {
  const staticTokens = new Map<string, UserInfo>();
  const addUser = (user: UserInfo) => {
    const token = randomBytes(16).toString('hex');
    staticTokens.set(token, user);
    return { authorization: `Bearer ${token}` };
  };
  const adminHeaders = addUser({ name: 'test-admin', uid: 'test-admin', groups: [SYSTEM_MASTERS] });
  const ca = await createCertificateAuthority('kubeledger-test-ca');
  const serving = await issueServingCertificate(ca, { hosts: defaultServingHosts() });
  return {
    ca,
    https: { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem },
    options: { serviceAccountTokens: await ServiceAccountTokens.fromPem(await createServiceAccountKey()), staticTokens },
    adminToken: adminHeaders.authorization.slice('Bearer '.length),
    adminHeaders,
    addUser,
  };
}
