import { describe, expect, it } from 'vitest';
import { strategyHarness } from '../../testing/strategy-harness.js';
import { configStrategy } from './config-strategy.js';

const configmaps = strategyHarness('', 'configmaps', configStrategy);
const secrets = strategyHarness('', 'secrets', configStrategy);

describe('configmap and secret strategy', () => {
  it('refuses invalid keys with upstream paths and messages', () => {
    expect(configmaps.createError({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'bad key': 'v' } })).toBe(
      "ConfigMap \"c\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key_name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
    expect(configmaps.createError({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' }, binaryData: { k: 'dg==' } })).toBe('ConfigMap "c" is invalid: data[k]: Invalid value: "k": duplicate of key present in binaryData');
    expect(secrets.createError({ kind: 'Secret', metadata: { name: 's' }, data: { '..x': 'dg==' } })).toBe('Secret "s" is invalid: data[..x]: Invalid value: "..x": must not start with \'..\'');
  });

  it('keeps the data of an immutable object, and a secret its type', () => {
    const cm = configmaps.create({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' }, immutable: true });
    expect(configmaps.updateError({ ...cm, data: { k: 'w' } }, cm)).toBe('ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
    expect(configmaps.updateError({ ...cm, immutable: false }, cm)).toBe('ConfigMap "c" is invalid: immutable: Forbidden: field is immutable when `immutable` is set');
    expect(configmaps.updateError({ ...cm, metadata: { ...cm.metadata, labels: { a: 'b' } } }, cm)).toBe('');
    const secret = secrets.create({ kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2' } });
    expect(secret).toMatchObject({ type: 'Opaque', data: { password: Buffer.from('hunter2').toString('base64') } });
    expect(secret['stringData']).toBeUndefined();
    expect(secrets.updateError({ ...secret, type: 'kubernetes.io/tls' }, secret)).toBe('Secret "s" is invalid: type: Invalid value: "kubernetes.io/tls": field is immutable');
  });
});
