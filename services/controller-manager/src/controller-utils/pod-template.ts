/** A pod template (`spec.template` of a workload) as JSON: what the controllers copy, hash and compare. */
export type PodTemplate = Readonly<Record<string, unknown>>;
