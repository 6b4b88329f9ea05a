/** The parts of core/v1 PodSpec the registry reads and defaults (the full shape is the generated schema's). */
export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  [field: string]: unknown;
}

/** core/v1 HTTPGetAction (probes and lifecycle handlers). */
export interface HttpGetAction {
  path?: string;
  scheme?: string;
  [field: string]: unknown;
}

export interface Probe {
  httpGet?: HttpGetAction;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  [field: string]: unknown;
}

export interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  ports?: ContainerPort[];
  env?: Array<{ name?: string; [field: string]: unknown }>;
  resources?: { limits?: Record<string, string>; requests?: Record<string, string>; [field: string]: unknown };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  [field: string]: unknown;
}

export interface Volume {
  name?: string;
  [field: string]: unknown;
}

export interface PodSpec {
  volumes?: Volume[];
  initContainers?: Container[];
  containers?: Container[];
  restartPolicy?: string;
  dnsPolicy?: string;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  nodeName?: string;
  serviceAccountName?: string;
  schedulerName?: string;
  securityContext?: Record<string, unknown>;
  enableServiceLinks?: boolean;
  tolerations?: unknown[];
  schedulingGates?: unknown[];
  [field: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; [field: string]: unknown };
  spec?: PodSpec;
}
