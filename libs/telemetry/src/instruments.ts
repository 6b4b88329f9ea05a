import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';

const SCOPE = 'kubeledger';

/** The tracer for a component (`kubeledger/<component>`); a no-op until an SDK is registered. */
export function tracer(component: string): Tracer {
  return trace.getTracer(`${SCOPE}/${component}`);
}

/** The meter for a component; a no-op until an SDK is registered. */
export function meter(component: string): Meter {
  return metrics.getMeter(`${SCOPE}/${component}`);
}
