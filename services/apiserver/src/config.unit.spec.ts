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
});
