import { describe, expect, it } from 'vitest';
import { FieldSet } from './field-set.js';
import { fieldSetFromFieldsV1, fieldSetToFieldsV1, fieldSetToFieldsV1Json } from './fields-v1.js';
import { fieldElement as f, indexElement as i, keyElement as k, parsePathElement, serializePathElement, valueElement as v } from './path-element.js';

const roundTrip = (json: string) => fieldSetToFieldsV1Json(fieldSetFromFieldsV1(JSON.parse(json)));

describe('path elements in FieldsV1 keys (serialize-pe_test.go)', () => {
  it.each([
    ['i:0', i(0)],
    ['i:1234', i(1234)],
    ['f:', f('')],
    ['f:spec', f('spec')],
    ['f: string-with-spaces   ', f(' string-with-spaces   ')],
    ['k:{"name":"my-container"}', k({ name: 'my-container' })],
    ['k:{"port":"8080","protocol":"TCP"}', k({ protocol: 'TCP', port: '8080' })],
    ['k:{"optionalField":null}', k({ optionalField: null })],
    ['k:{"jsonField":{"A":1,"B":null,"C":"D","E":{"F":"G"}}}', k({ jsonField: { E: { F: 'G' }, C: 'D', B: null, A: 1 } })],
    ['k:{"listField":["1","2","3"]}', k({ listField: ['1', '2', '3'] })],
    ['v:null', v(null)],
    ['v:"some-string"', v('some-string')],
    ['v:1234', v(1234)],
    ['v:{"some":"json"}', v({ some: 'json' })],
    ['k:{"name":"app-🚀"}', k({ name: 'app-🚀' })],
    ['k:{"name":"你好世界"}', k({ name: '你好世界' })],
    ['f:spec-🚀', f('spec-🚀')],
    ['f:spec-\\n', f('spec-\\n')],
  ])('%s', (text, element) => {
    expect(parsePathElement(text)).toEqual(element);
    expect(serializePathElement(element)).toBe(text);
  });

  it('writes values the way Go does (HTML characters escaped) and sorts key fields by name', () => {
    expect(serializePathElement(k({ protocol: 'TCP', containerPort: 80 }))).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(serializePathElement(v('a<b&c>'))).toBe('v:"a\\u003cb\\u0026c\\u003e"');
    expect(parsePathElement('k:{ "protocol":"udp","port":443}')).toEqual(k({ port: 443, protocol: 'udp' }));
  });

  it('ignores unknown element types and rejects malformed ones', () => {
    expect(parsePathElement('x:whatever')).toBeUndefined();
    expect(() => parsePathElement('f')).toThrow(/2 characters/);
    expect(() => parsePathElement('fspec')).toThrow(/missing colon/);
    expect(() => parsePathElement('k:{"name":')).toThrow(/invalid JSON/);
    expect(() => parsePathElement('i:x')).toThrow(/invalid index/);
  });
});

describe('FieldsV1 (serialize_test.go)', () => {
  it.each([
    `{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\\"name\\":\\"first\\"}":{},"k:{\\"name\\":\\"second\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{},"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\\"aa\\"":{},"v:\\"ab\\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}`,
    `{"f:aaa":{"k:{\\"name\\":\\"second\\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\\"port\\":443,\\"protocol\\":\\"udp\\"}":{"k:{\\"port\\":443,\\"protocol\\":\\"tcp\\"}":{}}},"k:{\\"name\\":\\"first\\"}":{}},"i:4":{"v:\\"aa\\"":{"f:aab":{"k:{\\"name\\":\\"second\\"}":{}}}}}`,
    `{"f:spec":{".":{},"f:apps":{".":{},"k:{\\"name\\":\\" app-💻\\"}":{".":{},"f:container":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\\"name\\":\\"port 🔑\\"}":{".":{},"f:containerPort":{},"f:name":{}}}},"f:name":{}}}}}`,
  ])('reproduces golden data byte for byte (%#)', (golden) => {
    expect(roundTrip(golden)).toBe(golden);
  });

  it('normalises the order of non-normalised input: fields, then keys, then values (numbers before strings before booleans), then indices', () => {
    const input = { 'i:2': {}, 'v:true': {}, 'v:"aa"': {}, 'v: 3': {}, 'k:{"name":"first"}': {}, 'f:b': {}, 'f:a': {}, 'i:10': {} };
    expect(fieldSetToFieldsV1Json(fieldSetFromFieldsV1(input))).toBe('{"f:a":{},"f:b":{},"k:{\\"name\\":\\"first\\"}":{},"v:3":{},"v:\\"aa\\"":{},"v:true":{},"i:2":{},"i:10":{}}');
  });

  it('writes `.` for a node that is a member and has children, and nothing for a node that only has children', () => {
    const set = FieldSet.of([f('metadata'), f('labels')], [f('metadata'), f('labels'), f('app')], [f('spec'), f('replicas')]);
    expect(fieldSetToFieldsV1(set)).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    expect(Object.keys(fieldSetToFieldsV1(set)['f:metadata']!['f:labels']!)).toEqual(['.', 'f:app']);
    expect(fieldSetToFieldsV1Json(set)).toBe('{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}');
  });

  it('reads `{}` and `{".":{}}` as members, drops unknown element types, and reads an empty set from `{}`', () => {
    const set = fieldSetFromFieldsV1({ 'f:a': {}, 'f:b': { '.': {}, 'f:c': {} }, 'f:d': { 'f:e': {} }, 'x:future': {}, 'f:g': { 'x:future': {} } });
    expect(set.has([f('a')])).toBe(true);
    expect(set.has([f('b')])).toBe(true);
    expect(set.has([f('b'), f('c')])).toBe(true);
    expect(set.has([f('d')])).toBe(false);
    expect(set.has([f('d'), f('e')])).toBe(true);
    expect(set.has([f('g')])).toBe(true);
    expect(set.size).toBe(5);
    expect(fieldSetFromFieldsV1({}).isEmpty()).toBe(true);
    expect(() => fieldSetFromFieldsV1({ 'f:a': 1 })).toThrow();
  });
});
