import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { parseHistoryArgs } from './history-args.js';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseHistoryArgs(args, env);

describe('parseHistoryArgs', () => {
  it('takes <resource>/<name> or <resource> <name>, a namespace and a kubeconfig', () => {
    expect(parse(['deployment/web'])).toEqual({ type: 'deployment', name: 'web', kubeconfig: path.join(os.homedir(), '.kube', 'config') });
    expect(parse(['deploy', 'web', '-n', 'shop', '--kubeconfig', '/tmp/k'])).toEqual({ type: 'deploy', name: 'web', namespace: 'shop', kubeconfig: '/tmp/k' });
    expect(parse(['--namespace=shop', 'cm/settings'])).toMatchObject({ type: 'cm', name: 'settings', namespace: 'shop' });
  });

  it('finds the kubeconfig as kubectl does: the flag, else the first file KUBECONFIG lists, else ~/.kube/config', () => {
    expect(parse(['po/a'], { KUBECONFIG: `/a/config${path.delimiter}/b/config` }).kubeconfig).toBe('/a/config');
    expect(parse(['po/a', '--kubeconfig', '/c'], { KUBECONFIG: '/a/config' }).kubeconfig).toBe('/c');
  });

  it('refuses what names no single object with a usage error', () => {
    for (const args of [[], ['deployment'], ['deployment/web', 'extra'], ['a', 'b', 'c'], ['a/b/c'], ['/web'], ['deployment/'], ['deployment/web', 'web'], ['po/a', '-n', '']]) {
      expect(() => parse(args), args.join(' ')).toThrow(UsageError);
    }
    expect(() => parse(['deployment'])).toThrow('name the deployment: kubeledger history deployment/<name>');
    expect(() => parse(['po/a', '--bogus'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
  });
});
