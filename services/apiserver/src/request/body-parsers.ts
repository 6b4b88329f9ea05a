import type { FastifyInstance, FastifyRequest } from 'fastify';
import YAML from 'yaml';
import { badRequest, decodeKubernetesProtobuf, isProtobufDecodeError, type ExpectedKind, type StatusError } from '@kubeledger/api';
import { groupVersion } from '../registry/resource-definition.js';
import { findResource } from '../registry/resources.js';
import { requestInfoOf } from './request-info-of.js';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
export const YAML_MEDIA_TYPE = 'application/yaml';

/**
 * Request bodies in Kubernetes protobuf and in YAML become the object a JSON body would be, so the
 * handlers (decodeObject, fieldValidation, DeleteOptions) never see the difference. A body is
 * decoded for the verbs that read one — create and update (as the resource's or subresource's
 * kind) and delete (as DeleteOptions); other verbs get it undecoded and decide (patch answers 415).
 * The app's body limit applies before decoding (413).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // JSON as Fastify parses it (refusing `__proto__` keys), except that an empty body is no body:
  // clients send `Content-Type: application/json` with nothing on DELETE (@kubernetes/client-node).
  // A body without `__proto__` anywhere in its text cannot carry that key: plain JSON.parse is enough.
  const secure = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (text.includes('__proto__')) return secure(request, text, done);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser(PROTOBUF, { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const expected = expectedKind(request);
    if (!expected || (bytes.length === 0 && expected.kind === 'DeleteOptions')) return done(null, expected ? undefined : bytes);
    try {
      done(null, decodeKubernetesProtobuf(bytes, expected));
    } catch (err) {
      if (!isProtobufDecodeError(err)) return done(err as Error, undefined);
      const failure = err.kind
        ? badRequest(`${err.kind.kind} in version "${err.kind.version}" cannot be handled as a ${expected.kind}: ${err.message}`)
        : unrecognized(expected, err.message, bytes);
      done(failure, undefined);
    }
  });
  app.addContentTypeParser(YAML_MEDIA_TYPE, { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const expected = expectedKind(request);
    if (!expected || text.trim() === '') return done(null, expected ? undefined : text);
    try {
      done(null, parseYamlDocument(text));
    } catch (err) {
      done(unrecognized(expected, `error converting YAML to JSON: ${(err as Error).message}`, Buffer.from(text)), undefined);
    }
  });
}

/** What a create, update or delete body must be, from the URL; undefined for other verbs and unknown resources. */
function expectedKind(request: FastifyRequest): ExpectedKind | undefined {
  const info = requestInfoOf(request);
  const def = info.isResourceRequest ? findResource(info.apiGroup, info.apiVersion, info.resource) : undefined;
  if (!def) return undefined;
  switch (info.verb) {
    case 'delete':
    case 'deletecollection':
      return { apiVersion: groupVersion(def), kind: 'DeleteOptions' };
    case 'create':
    case 'update': {
      if (!info.subresource) return { apiVersion: groupVersion(def), kind: def.kind };
      const sub = def.subresources?.find((s) => s.name === info.subresource);
      return sub && { apiVersion: groupVersion(sub.kind), kind: sub.kind.kind };
    }
    default:
      return undefined;
  }
}

/**
 * The first YAML document as JSON, resolved as upstream's YAML decoder (go-yaml v2) resolves plain
 * scalars: YAML 1.1 booleans (`yes`, `on`) and octal, merge keys, and timestamps left as strings.
 * A repeated key keeps its last value, as a JSON body's does.
 */
export function parseYamlDocument(text: string): unknown {
  const [doc] = YAML.parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    prettyErrors: true,
    // go-yaml v2 resolves no timestamps, binary, sets, ordered maps or sexagesimal numbers implicitly.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || (!/timestamp|binary|omap|pairs|set$/.test(t.tag) && t.format !== 'TIME')),
  });
  const error = doc?.errors.find((e) => !e.message.startsWith('Map keys must be unique'));
  if (error) {
    const line = error.linePos?.start.line;
    throw new Error(`yaml: ${line ? `line ${line}: ` : ''}${error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}`);
  }
  return doc?.toJSON();
}

/** Upstream's transformDecodeError when the body names no kind: the error and the body's first 30 bytes. */
function unrecognized(expected: ExpectedKind, message: string, body: Buffer): StatusError {
  const head = body.subarray(0, 30);
  const summary = body.length === 0 ? '<empty>' : body[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return badRequest(`the object provided is unrecognized (must be of type ${expected.kind}): ${message} (${summary}${body.length > 30 ? ' ...' : ''})`);
}
