import { objectAttributes } from '@kubeledger/telemetry';

/** The span attributes naming the object at a work-queue key (`<namespace>/<name>`). */
export function keyAttributes(key: string) {
  const [namespace, name] = key.split('/');
  return objectAttributes({ namespace, name });
}
