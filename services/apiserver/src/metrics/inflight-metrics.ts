import { meter } from '@kubeledger/telemetry';
import type { RequestKind } from '../limits/inflight-limiter.js';

export interface InflightSource {
  /** The most requests of the kind in flight since the previous call. */
  takeWatermark(kind: RequestKind): number;
}

/**
 * `apiserver_current_inflight_requests` {request_kind}: as upstream, the most requests of each kind
 * in flight over the period — here the period since the previous scrape, not a fixed second.
 * Returns the function that stops observing (the app calls it when it closes).
 */
export function observeInflightRequests(source: InflightSource): () => void {
  const gauge = meter('apiserver').createObservableGauge('apiserver_current_inflight_requests', {
    description: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
  });
  const observe = (result: { observe(value: number, attributes: Record<string, string>): void }) => {
    for (const kind of ['readOnly', 'mutating'] as const) result.observe(source.takeWatermark(kind), { request_kind: kind });
  };
  gauge.addCallback(observe);
  return () => gauge.removeCallback(observe);
}
