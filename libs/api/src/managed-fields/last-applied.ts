import type { KubeObject } from '../kube-object.js';
import { compareObjects } from './compare-objects.js';
import type { FieldSet } from './field-set.js';
import { fieldSetOf } from './field-set-of.js';
import { goJson } from './go-json.js';
import { withGoZeroShape } from './go-zero-shape.js';
import { isJsonObject } from './json-values.js';
import type { UpdaterContext } from './updater.js';

/** The annotation client-side `kubectl apply` keeps its last applied configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manager whose applies keep the annotation in step (upstream hard-codes kubectl's default). */
export const KUBECTL_MANAGER = 'kubectl';

/** TotalAnnotationSizeLimitB: annotations may hold 256 KiB, keys and values counted in UTF-8 bytes. */
const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

function annotationsOf(object: KubeObject): Record<string, unknown> | undefined {
  const annotations = object.metadata?.['annotations'];
  return isJsonObject(annotations) ? annotations : undefined;
}

/** The object's last-applied annotation, when it has a non-empty one. */
export function lastAppliedOf(object: KubeObject): string | undefined {
  const value = annotationsOf(object)?.[LAST_APPLIED_ANNOTATION];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * What server-side apply by kubectl writes into the annotation (buildLastApplied): the applied
 * configuration without the annotation, as Go's JSON encoder writes it (sorted keys, newline).
 */
export function buildLastApplied(applied: KubeObject): string {
  const metadata = applied.metadata;
  if (metadata && isJsonObject(metadata['annotations'])) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = metadata['annotations'];
    return `${goJson({ ...applied, metadata: { ...metadata, annotations: rest } })}\n`;
  }
  return `${goJson(applied)}\n`;
}

/** A copy of the object with the annotation set (SetLastApplied): left out when annotations would exceed their size limit. */
export function withLastApplied(object: KubeObject, value: string): KubeObject {
  const annotations: Record<string, unknown> = { ...annotationsOf(object), [LAST_APPLIED_ANNOTATION]: value };
  const size = Object.entries(annotations).reduce((n, [k, v]) => n + utf8Length(k) + utf8Length(typeof v === 'string' ? v : ''), 0);
  if (size > ANNOTATIONS_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/**
 * The fields kubectl's client-side apply owned (lastAppliedManager): those the last-applied
 * annotation sets and the live object still has with the same value. A server-side apply by
 * kubectl may take these from other managers without force, which is how objects move from
 * client-side to server-side apply. Undefined without a usable annotation (of another version).
 */
export function clientSideAppliedFields(ctx: UpdaterContext, live: KubeObject): FieldSet | undefined {
  const annotation = lastAppliedOf(live);
  if (!annotation) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  if (!isJsonObject(lastApplied) || lastApplied['apiVersion'] !== ctx.apiVersion) return undefined;
  try {
    const set = fieldSetOf(lastApplied, ctx.type, ctx.registry);
    const c = compareObjects(lastApplied, withGoZeroShape(live, ctx.type, ctx.registry), ctx.type, ctx.registry);
    return set.difference(c.modified).difference(c.added).difference(c.removed);
  } catch {
    return undefined;
  }
}
