import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

const select = (selector: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('match as upstream for every operator', () => {
    const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/version': '3' };
    expect(select('', labels)).toBe(true);
    expect(select('app=web', labels)).toBe(true);
    expect(select('app==web,tier=front', labels)).toBe(true);
    expect(select('app!=web', labels)).toBe(false);
    expect(select('missing!=x', labels)).toBe(true);
    expect(select('tier in (front, back)', labels)).toBe(true);
    expect(select('tier notin (front)', labels)).toBe(false);
    expect(select('app,!missing', labels)).toBe(true);
    expect(select('!app', labels)).toBe(false);
    expect(select('app.kubernetes.io/version>2', labels)).toBe(true);
    expect(select('app.kubernetes.io/version<3', labels)).toBe(false);
    expect(select('app=', { app: '' })).toBe(true);
  });

  it('refuse what upstream refuses', () => {
    for (const bad of ['app=web=x', 'a b', 'tier in front', '-bad=x', 'app=not valid!']) {
      expect(() => parseLabelSelector(bad), bad).toThrow(/unable to parse requirement/);
    }
  });
});

describe('field selectors', () => {
  it('match equality and inequality with escapes', () => {
    const fields = { 'metadata.name': 'a,b', 'metadata.namespace': 'default' };
    expect(matchesFields(parseFieldSelector('metadata.name=a\\,b'), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.namespace!=default'), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector('metadata.namespace==default,metadata.name!=x'), fields)).toBe(true);
    expect(() => parseFieldSelector('metadata.name')).toThrow(/invalid selector/);
  });
});
