import { FieldSet } from './field-set.js';
import { goJson } from './go-json.js';
import { isJsonObject, type JsonObject } from './json-values.js';
import { comparePathElements, FieldsV1Error, parsePathElement, serializePathElement, type PathElement } from './path-element.js';

/** The FieldsV1 trie: each key a serialized path element, each value the trie below it; `".": {}` marks a node that is also a member. */
export type FieldsV1 = { [key: string]: FieldsV1 };

/**
 * Visits one level of the trie in upstream's order: elements sorted, a member that also has
 * children visited once, with both `member` and `below` (the writers put `.` inside it). A merge
 * of the sorted members and children, without building entries: it runs for every node written.
 */
function forEachEntry(set: FieldSet, visit: (element: PathElement, member: boolean, below: FieldSet | undefined) => void): void {
  const members = set.members;
  const children = set.children;
  let i = 0;
  let j = 0;
  while (i < members.length || j < children.length) {
    const c = i >= members.length ? 1 : j >= children.length ? -1 : comparePathElements(members[i]!, children[j]!.element);
    if (c < 0) visit(members[i++]!, true, undefined);
    else if (c > 0) visit(children[j]!.element, false, children[j++]!.set);
    else visit(members[i++]!, true, children[j++]!.set);
  }
}

/** The set as the FieldsV1 object `metadata.managedFields[].fieldsV1` holds (Set.ToJSON). Key order is upstream's. */
export function fieldSetToFieldsV1(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  writeLevel(set, out);
  return out;
}

/** Writes one level of the trie into `out`, each node's level straight into its own object. */
function writeLevel(set: FieldSet, out: FieldsV1): void {
  forEachEntry(set, (element, member, below) => {
    const node: FieldsV1 = {};
    if (below) {
      if (member && !below.isEmpty()) node['.'] = {};
      writeLevel(below, node);
    }
    out[serializePathElement(element)] = node;
  });
}

/** The set as upstream's JSON text, byte for byte (what a Go client receives in `fieldsV1`). */
export function fieldSetToFieldsV1Json(set: FieldSet): string {
  const parts: string[] = [];
  forEachEntry(set, (element, member, below) => {
    let inner = '';
    if (below) {
      const text = fieldSetToFieldsV1Json(below).slice(1, -1);
      inner = member && !below.isEmpty() ? (text ? `".":{},${text}` : '".":{}') : text;
    }
    parts.push(`${goJson(serializePathElement(element))}:{${inner}}`);
  });
  return `{${parts.join(',')}}`;
}

/**
 * Reads a FieldsV1 object (Set.FromJSON): a node whose object is empty or holds `.` is a member;
 * keys with an unknown prefix are dropped. Throws FieldsV1Error on malformed input.
 */
export function fieldSetFromFieldsV1(fields: unknown): FieldSet {
  if (!isJsonObject(fields)) throw new FieldsV1Error('fieldsV1 must be a JSON object');
  const set = new FieldSet();
  readLevel(fields, set);
  return set;
}

/** Fills `into` from one level of the trie; answers whether that level holds nothing but `.` (or nothing at all). */
function readLevel(level: JsonObject, into: FieldSet): boolean {
  let hasChildren = false;
  for (const key of Object.keys(level)) {
    if (key === '.') continue;
    const pe = parsePathElement(key);
    const value = level[key];
    if (!isJsonObject(value)) throw new FieldsV1Error(`value of ${JSON.stringify(key)} must be a JSON object`);
    if (!pe) continue;
    if (Object.keys(value).length === 0) {
      // A leaf (`{}`): a member with nothing below it, which is most of a trie.
      into.insertMember(pe);
      hasChildren = true;
      continue;
    }
    const below = new FieldSet();
    const onlySelf = readLevel(value, below);
    const member = onlySelf || Object.hasOwn(value, '.');
    if (member) into.insertMember(pe);
    into.attach(pe, below);
    hasChildren ||= member || !below.isEmpty();
  }
  return !hasChildren;
}
