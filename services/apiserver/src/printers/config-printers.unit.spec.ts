import { describe, expect, it } from 'vitest';
import { configMapPrinter, leasePrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './config-printers.js';
import { defaultPrinter } from './default-printer.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoint-printers.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const metadata = { name: 'x', namespace: 'default', creationTimestamp: '2025-03-10T11:59:30.250Z' };

describe('namespace, configmap, secret, serviceaccount, lease and endpoints printers', () => {
  it('namespaces: NAME STATUS AGE', () => {
    expect(namespacePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(namespacePrinter.row({ metadata, status: { phase: 'Terminating' } }, NOW).cells).toEqual(['x', 'Terminating', '29s']);
  });

  it('configmaps count data and binaryData keys; secrets print their type and data count', () => {
    expect(configMapPrinter.row({ metadata, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, NOW).cells).toEqual(['x', 3, '29s']);
    expect(configMapPrinter.row({ metadata }, NOW).cells).toEqual(['x', 0, '29s']);
    expect(secretPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(secretPrinter.row({ metadata, type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } }, NOW).cells).toEqual(['x', 'kubernetes.io/tls', 2, '29s']);
  });

  it('serviceaccounts count secrets; leases print the holder', () => {
    expect(serviceAccountPrinter.row({ metadata, secrets: [{ name: 'token' }] }, NOW).cells).toEqual(['x', 1, '29s']);
    expect(leasePrinter.row({ metadata, spec: { holderIdentity: 'node-1' } }, NOW).cells).toEqual(['x', 'node-1', '29s']);
    expect(leasePrinter.row({ metadata, spec: {} }, NOW).cells).toEqual(['x', '', '29s']);
  });

  it('endpoints list up to three ip:port pairs, then how many more', () => {
    const subsets = [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
      { addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] },
    ];
    expect(endpointsPrinter.row({ metadata, subsets }, NOW).cells).toEqual(['x', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...', '29s']);
    expect(endpointsPrinter.row({ metadata, subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }] }, NOW).cells[1]).toBe('[fd00::1]:8080');
    expect(endpointsPrinter.row({ metadata, subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }, NOW).cells[1]).toBe('10.0.0.9');
    expect(endpointsPrinter.row({ metadata }, NOW).cells[1]).toBe('<none>');
  });

  it('endpointslices print address type, ports and addresses', () => {
    const slice = { metadata, addressType: 'IPv4', ports: [{ port: 80 }, { name: 'dns' }, {}], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] };
    expect(endpointSlicePrinter.row(slice, NOW).cells).toEqual(['x', 'IPv4', '80,dns,*', '10.0.0.1,10.0.0.2', '29s']);
    expect(endpointSlicePrinter.row({ metadata, addressType: 'IPv6' }, NOW).cells.slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});

describe('default table (upstream rest.NewDefaultTableConvertor)', () => {
  it('prints NAME and Created At as an RFC 3339 date in whole seconds', () => {
    expect(defaultPrinter.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(defaultPrinter.row({ metadata }, NOW).cells).toEqual(['x', '2025-03-10T11:59:30Z']);
    expect(defaultPrinter.row({ metadata: { name: 'y' } }, NOW).cells).toEqual(['y', '0001-01-01T00:00:00Z']);
  });
});
