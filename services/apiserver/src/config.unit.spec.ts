import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('apiserver settings', () => {
  it('runs every admission plugin unless told otherwise', () => {
    expect(loadConfig({}).disabledAdmissionPlugins).toEqual([]);
    expect(loadConfig({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount, NamespaceLifecycle' }).disabledAdmissionPlugins).toEqual(['ServiceAccount', 'NamespaceLifecycle']);
  });

  it('refuses an admission plugin it does not know, as --disable-admission-plugins', () => {
    expect(() => loadConfig({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount,AlwaysPullImages' })).toThrow(/KUBELEDGER_DISABLE_ADMISSION_PLUGINS/);
  });

  it('caps TokenRequest expirations only when told (1 h to 2^32 s), and extends projected tokens unless told not to', () => {
    expect(loadConfig({}).tokenExpiration).toEqual({ extendExpiration: true });
    expect(loadConfig({ KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: '7200', KUBELEDGER_SERVICE_ACCOUNT_EXTEND_TOKEN_EXPIRATION: 'false' }).tokenExpiration).toEqual({
      maxExpirationSeconds: 7200,
      extendExpiration: false,
    });
    expect(() => loadConfig({ KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: '600' })).toThrow(/KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: between 3600/);
    expect(() => loadConfig({ KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION: String(2 ** 32 + 1) })).toThrow(/KUBELEDGER_SERVICE_ACCOUNT_MAX_TOKEN_EXPIRATION/);
    expect(() => loadConfig({ KUBELEDGER_SERVICE_ACCOUNT_EXTEND_TOKEN_EXPIRATION: 'yes' })).toThrow(/KUBELEDGER_SERVICE_ACCOUNT_EXTEND_TOKEN_EXPIRATION/);
  });
});
