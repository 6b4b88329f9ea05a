/**
 * Defaults of associative-list key fields, as the OpenAPI definitions the apiserver builds its
 * schema from declare them (`default` on the property). structured-merge-diff fills a missing key
 * field from its default when it names a list item, which is why a container port applied without
 * a protocol is `k:{"containerPort":80,"protocol":"TCP"}`. The type registry does not carry
 * defaults, so the few that key fields have are listed here (read from the vendored OpenAPI v3).
 */
export const KEY_FIELD_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { containerPort: 0, protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { port: 0, protocol: 'TCP' },
  'io.k8s.api.core.v1.PodResourceClaim': { name: '' },
  'io.k8s.api.core.v1.PodSchedulingGate': { name: '' },
  'io.k8s.api.core.v1.ResourceClaim': { name: '' },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { topologyKey: '', whenUnsatisfiable: '' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Condition': { type: '' },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerCondition': { type: '' },
};
