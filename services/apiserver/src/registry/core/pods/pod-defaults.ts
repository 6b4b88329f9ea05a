import type { Container, HttpGetAction, PodSpec, Probe } from './pod-types.js';

/** v1.TerminationMessagePathDefault */
const TERMINATION_MESSAGE_PATH = '/dev/termination-log';
/** v1 SetDefaults_*VolumeSource: 0644 */
const DEFAULT_MODE = 0o644;

/**
 * SetDefaults_PodSpec and the container defaults (k8s.io/kubernetes pkg/apis/core/v1/defaults.go)
 * that clients read back: for pods and for the pod templates of workloads. Mutates `spec`.
 */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    for (const source of ['configMap', 'secret', 'projected', 'downwardAPI'] as const) {
      const s = v[source] as { defaultMode?: number } | undefined;
      if (s && typeof s === 'object') s.defaultMode ??= DEFAULT_MODE;
    }
  }
}

/** SetDefaults_Pod: what only pods (not templates) get. */
export function defaultPod(spec: PodSpec): void {
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    // Requests default to limits.
    const limits = c.resources?.limits;
    if (limits && Object.keys(limits).length) c.resources!.requests = { ...limits, ...c.resources!.requests };
  }
}

function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= TERMINATION_MESSAGE_PATH;
  c.terminationMessagePolicy ||= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ||= 'TCP';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  const lifecycle = c['lifecycle'] as { postStart?: { httpGet?: HttpGetAction }; preStop?: { httpGet?: HttpGetAction } } | undefined;
  for (const handler of [lifecycle?.postStart, lifecycle?.preStop]) if (handler?.httpGet) defaultHttpGet(handler.httpGet);
}

/** SetDefaults_HTTPGetAction. */
function defaultHttpGet(action: HttpGetAction): void {
  action.path ||= '/';
  action.scheme ||= 'HTTP';
}

function defaultProbe(p: Probe): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) defaultHttpGet(p.httpGet);
}

/** parsers.ParseImageName's tag: `latest` when the image names neither a tag nor a digest. */
export function imageTag(image: string): string {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return digest ? '' : 'latest';
}
