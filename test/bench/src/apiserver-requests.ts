import type { HttpClient } from './http-client.js';
import { round } from './stats.js';

/** Requests the apiserver served, per verb and resource (`POST pods/binding`), read from its /metrics. */
export interface RequestCounts {
  /** apiserver_request_duration_seconds' _count and _sum. */
  readonly served: ReadonlyMap<string, { readonly count: number; readonly seconds: number }>;
  /** apiserver_request_total of the answers that were not 2xx, per request and code. */
  readonly failed: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface RequestRow {
  /** `VERB resource[/subresource]` */
  readonly request: string;
  readonly count: number;
  readonly meanMs: number;
  /** Answers other than 2xx, per code. */
  readonly failed: Readonly<Record<string, number>>;
}

const SAMPLE = /^(apiserver_request_duration_seconds_sum|apiserver_request_duration_seconds_count|apiserver_request_total)\{([^}]*)\} (\S+)/;

/** Reads the apiserver's request metrics (watches excluded). */
export async function scrapeRequestCounts(client: HttpClient): Promise<RequestCounts> {
  const res = await client.request('GET', '/metrics', undefined, { accept: 'text/plain' });
  if (res.status !== 200) throw new Error(`GET /metrics: HTTP ${res.status}`);
  const served = new Map<string, { count: number; seconds: number }>();
  const failed = new Map<string, Map<string, number>>();
  for (const text of res.body.toString().split('\n')) {
    const m = SAMPLE.exec(text);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]));
    if (labels['verb'] === 'WATCH' || !labels['resource']) continue;
    const key = `${labels['verb']} ${labels['resource']}${labels['subresource'] ? `/${labels['subresource']}` : ''}`;
    const value = Number(m[3]);
    if (m[1] === 'apiserver_request_total') {
      const code = labels['code'] ?? '';
      if (code.startsWith('2')) continue;
      const codes = failed.get(key) ?? new Map<string, number>();
      codes.set(code, (codes.get(code) ?? 0) + value);
      failed.set(key, codes);
      continue;
    }
    const entry = served.get(key) ?? { count: 0, seconds: 0 };
    if (m[1]!.endsWith('_count')) entry.count += value;
    else entry.seconds += value;
    served.set(key, entry);
  }
  return { served, failed };
}

/** What was served between two scrapes, busiest first. */
export function requestsBetween(before: RequestCounts, after: RequestCounts): RequestRow[] {
  const rows: RequestRow[] = [];
  for (const [request, { count, seconds }] of after.served) {
    const earlier = before.served.get(request) ?? { count: 0, seconds: 0 };
    const n = count - earlier.count;
    if (n <= 0) continue;
    const failed: Record<string, number> = {};
    for (const [code, total] of after.failed.get(request) ?? []) {
      const delta = total - (before.failed.get(request)?.get(code) ?? 0);
      if (delta > 0) failed[code] = delta;
    }
    rows.push({ request, count: n, meanMs: round(((seconds - earlier.seconds) / n) * 1000, 1), failed });
  }
  return rows.sort((a, b) => b.count - a.count);
}
