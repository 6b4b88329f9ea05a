import type { BusConnection } from '../connect.js';
import { BusHeaders } from '../bus-headers.js';
import { readStreamBounds } from '../stream.js';
import { gapSubject } from '../subjects.js';

/** One stored message, as tests inspect it. */
export interface StreamMessage {
  readonly seq: number;
  readonly subject: string;
  /** The `K8s-Rev` header (NaN when absent). */
  readonly revision: number;
  /** True for a gap filler. */
  readonly filler: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Every message the stream holds now, in sequence order (an ordered consumer read to the last sequence). */
export async function readStreamMessages(conn: BusConnection): Promise<StreamMessage[]> {
  const { firstRevision, lastRevision } = await readStreamBounds(conn);
  const out: StreamMessage[] = [];
  if (lastRevision < firstRevision) return out;
  // The filter puts the consumer on the extended create subject, which the apiserver's NATS user may use.
  const consumer = await conn.js.consumers.get(conn.config.stream, { opt_start_seq: firstRevision, filter_subjects: `${conn.config.prefix}.>` });
  try {
    let seen = firstRevision - 1;
    while (seen < lastRevision) {
      const batch = await consumer.fetch({ max_messages: Math.min(1000, lastRevision - seen), expires: 5_000 });
      let got = 0;
      for await (const m of batch) {
        got++;
        seen = m.seq;
        const headers: Record<string, string> = {};
        for (const k of m.headers?.keys() ?? []) headers[k] = m.headers!.get(k);
        out.push({
          seq: m.seq,
          subject: m.subject,
          revision: Number(headers[BusHeaders.revision] ?? NaN),
          filler: m.subject === gapSubject(conn.config.prefix),
          headers,
          body: m.string(),
        });
        if (seen >= lastRevision) break;
      }
      if (got === 0) throw new Error(`readStreamMessages: no message after sequence ${seen} (last ${lastRevision})`);
    }
  } finally {
    await consumer.delete().catch(() => false);
  }
  return out;
}
