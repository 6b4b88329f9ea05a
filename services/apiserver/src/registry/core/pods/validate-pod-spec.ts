import { isDNS1123Label, isDNS1123Subdomain, type FieldError } from '@kubeledger/api';
import { validateLabels } from '../../validation/label-selector.js';
import { duplicate, inclusiveRange, invalidValue, isValidPortName, isValidPortNum, notSupported, required } from '../../validation/field-errors.js';
import type { Container, PodSpec } from './pod-types.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MAX_INT32 = 2147483647;

/**
 * ValidatePodSpec (pkg/apis/core/validation), the rules clients meet most: volumes, containers
 * (names, images, ports, policies), restart and DNS policies, node and service account names.
 * `path` is `spec` for pods, `spec.template.spec` for workloads.
 */
export function validatePodSpec(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    const at = `${path}.volumes[${i}].name`;
    if (!v.name) errs.push(required(at));
    else {
      for (const msg of isDNS1123Label(v.name)) errs.push(invalidValue(at, v.name, msg));
      if (volumes.has(v.name)) errs.push(duplicate(at, v.name));
      volumes.add(v.name);
    }
  });
  const names = new Set<string>();
  const containers = spec.containers ?? [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  containers.forEach((c, i) => errs.push(...validateContainer(c, `${path}.containers[${i}]`, names)));
  (spec.initContainers ?? []).forEach((c, i) => errs.push(...validateContainer(c, `${path}.initContainers[${i}]`, names)));
  errs.push(...policy(spec.restartPolicy, `${path}.restartPolicy`, RESTART_POLICIES));
  errs.push(...policy(spec.dnsPolicy, `${path}.dnsPolicy`, DNS_POLICIES));
  errs.push(...validateLabels((spec['nodeSelector'] as Record<string, string> | undefined) ?? {}, `${path}.nodeSelector`));
  if (spec.serviceAccountName) {
    for (const msg of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(invalidValue(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  }
  if (spec.nodeName) {
    for (const msg of isDNS1123Subdomain(spec.nodeName)) errs.push(invalidValue(`${path}.nodeName`, spec.nodeName, msg));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) errs.push(invalidValue(`${path}.activeDeadlineSeconds`, deadline, inclusiveRange(1, MAX_INT32)));
  return errs;
}

/** validateContainerCommon plus name uniqueness across init and regular containers. */
function validateContainer(c: Container, at: string, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${at}.name`));
  else {
    for (const msg of isDNS1123Label(c.name)) errs.push(invalidValue(`${at}.name`, c.name, msg));
  }
  if (!c.image) errs.push(required(`${at}.image`));
  if (c.terminationMessagePolicy === undefined || c.terminationMessagePolicy === '') errs.push(required(`${at}.terminationMessagePolicy`, "must be 'File' or 'FallbackToLogsOnError'"));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) errs.push(notSupported(`${at}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(c, `${at}.ports`));
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) errs.push(required(`${at}.env[${i}].name`));
  });
  errs.push(...policy(c.imagePullPolicy, `${at}.imagePullPolicy`, PULL_POLICIES));
  if (c.name) {
    if (names.has(c.name)) errs.push(duplicate(`${at}.name`, c.name));
    names.add(c.name);
  }
  return errs;
}

function validateContainerPorts(c: Container, at: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const port = `${at}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      for (const msg of msgs) errs.push(invalidValue(`${port}.name`, p.name, msg));
      if (msgs.length === 0 && names.has(p.name)) errs.push(duplicate(`${port}.name`, p.name));
      names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${port}.containerPort`));
    else for (const msg of isValidPortNum(p.containerPort)) errs.push(invalidValue(`${port}.containerPort`, p.containerPort, msg));
    if (p.hostPort) for (const msg of isValidPortNum(p.hostPort)) errs.push(invalidValue(`${port}.hostPort`, p.hostPort, msg));
    if (!p.protocol) errs.push(required(`${port}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${port}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

/** An enum field: required, then one of `supported`. */
function policy(value: string | undefined, at: string, supported: readonly string[]): FieldError[] {
  if (value === undefined || value === '') return [required(at)];
  return supported.includes(value) ? [] : [notSupported(at, value, supported)];
}
