import { Attr, meter } from '@kubeledger/telemetry';
import type { Revision } from '@kubeledger/api';

// The OpenTelemetry types, reached through @kubeledger/telemetry (the bus does not depend on the OTel API directly).
type Meter = ReturnType<typeof meter>;
type ObservableGauge = ReturnType<Meter['createObservableGauge']>;
type Histogram = ReturnType<Meter['createHistogram']>;
type BatchObservableCallback = Parameters<Meter['addBatchObservableCallback']>[0];
type Attributes = Record<string, string>;

export interface RelayGaugeValues {
  readonly leader: boolean;
  readonly publishedRevision: Revision;
  readonly lagRevisions: number;
}

/** The relay's instruments: lag and published revision (observed while leading), publish latency. */
export class RelayMetrics {
  readonly #meter: Meter;
  readonly #attributes: Attributes;
  readonly #lag: ObservableGauge;
  readonly #published: ObservableGauge;
  readonly #latency: Histogram;
  readonly #observe: BatchObservableCallback;
  #observing = false;

  constructor(stream: string, values: () => RelayGaugeValues) {
    this.#meter = meter('relay');
    this.#attributes = { [Attr.stream]: stream };
    this.#lag = this.#meter.createObservableGauge('kubeledger.relay.lag', {
      unit: '{revision}',
      description: 'Revisions read from the event log but not yet acknowledged by the stream',
    });
    this.#published = this.#meter.createObservableGauge('kubeledger.relay.published_revision', {
      unit: '{revision}',
      description: 'Highest revision acknowledged by the stream',
    });
    // The Prometheus exporter adds no unit suffix, so the name carries it; buckets are in seconds.
    this.#latency = this.#meter.createHistogram('kubeledger.relay.publish_latency_seconds', {
      unit: 's',
      description: 'Stream acknowledgement time minus the commit time of the revision',
      advice: { explicitBucketBoundaries: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    });
    this.#observe = (result) => {
      const v = values();
      if (!v.leader) return;
      result.observe(this.#lag, v.lagRevisions, this.#attributes);
      result.observe(this.#published, v.publishedRevision, this.#attributes);
    };
  }

  start(): void {
    if (this.#observing) return;
    this.#meter.addBatchObservableCallback(this.#observe, [this.#lag, this.#published]);
    this.#observing = true;
  }

  stop(): void {
    if (!this.#observing) return;
    this.#meter.removeBatchObservableCallback(this.#observe, [this.#lag, this.#published]);
    this.#observing = false;
  }

  /** Records one publish latency, in seconds. */
  latency(seconds: number): void {
    this.#latency.record(Math.max(0, seconds), this.#attributes);
  }
}
