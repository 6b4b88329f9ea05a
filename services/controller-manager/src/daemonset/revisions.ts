import type { KubeObject } from '@kubeledger/api';
import { newControllerRef } from '../controller-utils/controller-ref.js';
import { canonicalJson } from '../controller-utils/canonical-json.js';
import { goTypedTemplate } from '../controller-utils/go-typed-template.js';
import { podTemplateHash } from '../controller-utils/pod-template-hash.js';
import { DAEMONSET_KIND, daemonSetSpec, daemonSetStatusOf, REVISION_HASH_LABEL } from './daemonset-spec.js';

/** The DaemonSet's template as the JSON it is. */
const templateJson = (ds: KubeObject) => daemonSetSpec(ds).template as Readonly<Record<string, unknown>>;

/** A ControllerRevision's `revision` (0 when unset). */
export const revisionOf = (rev: KubeObject): number => Number(rev['revision'] ?? 0);

/** controller.ComputeHash of the DaemonSet's template and collision count: its current revision's hash. */
export function revisionHash(ds: KubeObject): string {
  return podTemplateHash(templateJson(ds), daemonSetStatusOf(ds).collisionCount);
}

/**
 * Upstream's `getPatch`: what a revision stores, the strategic merge patch that puts the
 * DaemonSet's template back — `{"spec":{"template":{"$patch":"replace",…}}}`, which
 * `kubectl rollout undo` applies and `rollout history --revision` shows. The template as Go
 * marshals it ({@link goTypedTemplate}: keys sorted, value zeros left out, `resources: {}`), so
 * its JSON is byte for byte the patch kubectl computes from the live DaemonSet — `rollout undo`
 * to the current revision is skipped — once the apiserver writes it back with Go's key order
 * (jsonb reorders keys; the apiserver sorts a ControllerRevision's `data` on output, and writes
 * strings with Go's escapes — `<`, `>`, `&`, U+2028, U+2029 — as it writes every response).
 */
export function revisionData(ds: KubeObject): Record<string, unknown> {
  return { spec: { template: { $patch: 'replace', ...goTypedTemplate(templateJson(ds)) } } };
}

/**
 * Upstream's `Match`: whether the revision stores the DaemonSet's template. Upstream compares the
 * patch bytes; here both templates as Go marshals them ({@link goTypedTemplate}), so key order,
 * how the template was read and revisions stored before `data` took Go's form do not matter.
 */
export function revisionMatches(ds: KubeObject, rev: KubeObject): boolean {
  const data = (rev['data'] ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const stored = data.spec?.template;
  if (!stored || typeof stored !== 'object') return false;
  const { $patch: _replace, ...template } = stored;
  return canonicalJson(goTypedTemplate(template)) === canonicalJson(goTypedTemplate(templateJson(ds)));
}

/**
 * Upstream's `snapshot` object: the ControllerRevision `<ds>-<hash>` with the template's labels
 * plus the hash, the DaemonSet's annotations (the change-cause `rollout history` shows), owned by
 * the DaemonSet.
 */
export function newRevision(ds: KubeObject, hash: string, revision: number): KubeObject {
  const annotations = ds.metadata?.['annotations'] as Record<string, string> | undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata?.name ?? ''}-${hash}`,
      namespace: ds.metadata?.namespace,
      labels: { ...daemonSetSpec(ds).template.metadata?.labels, [REVISION_HASH_LABEL]: hash },
      ...(annotations && Object.keys(annotations).length > 0 && { annotations: { ...annotations } }),
      ownerReferences: [newControllerRef(ds, DAEMONSET_KIND)],
    },
    data: revisionData(ds),
    revision,
  };
}

/** The current revision and the old ones among the DaemonSet's revisions (upstream's `constructHistory` split). */
export function splitRevisions(ds: KubeObject, revisions: readonly KubeObject[]): { readonly current: KubeObject[]; readonly old: KubeObject[] } {
  const current: KubeObject[] = [];
  const old: KubeObject[] = [];
  for (const rev of revisions) (revisionMatches(ds, rev) ? current : old).push(rev);
  return { current, old };
}

/** The revision number the current one must have: one past every old one (upstream's `maxRevision(old) + 1`). */
export const nextRevisionNumber = (old: readonly KubeObject[]): number => Math.max(0, ...old.map(revisionOf)) + 1;

/**
 * Upstream's `cleanupHistory`: of the old revisions beyond `revisionHistoryLimit`, the oldest
 * ones (lowest revision first) that no live pod still runs (by hash) are deleted.
 */
export function revisionsToDelete(ds: KubeObject, old: readonly KubeObject[], pods: readonly KubeObject[]): KubeObject[] {
  let toKill = old.length - daemonSetSpec(ds).revisionHistoryLimit;
  if (toKill <= 0) return [];
  const live = new Set(pods.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL]).filter((h): h is string => Boolean(h)));
  const victims: KubeObject[] = [];
  for (const rev of [...old].sort((a, b) => revisionOf(a) - revisionOf(b))) {
    if (toKill <= 0) break;
    if (live.has(rev.metadata?.labels?.[REVISION_HASH_LABEL] ?? '')) continue;
    victims.push(rev);
    toKill--;
  }
  return victims;
}
