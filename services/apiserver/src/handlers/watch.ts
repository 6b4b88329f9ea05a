import { internalError, isStatusError, notAcceptable, scopePrefix } from '@kubeledger/api';
import { parseIncludeObject } from '../printers/table-options.js';
import { interpretStorageError } from '../registry/interpret-errors.js';
import { groupVersion } from '../registry/resource-definition.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { WatchEvent } from '../watch/watch-event.js';
import { watchOptions } from '../watch/watch-options.js';
import { Watcher, type WatchSink } from '../watch/watcher.js';
import { trackWatch } from '../metrics/request-metrics.js';
import { query, type HandlerContext } from './handler-context.js';
import { serializeJson } from './json-output.js';
import { negotiateOutput, type NegotiatedOutput } from './negotiate-output.js';
import { transformObject, type OutputQuery } from './transform-output.js';
import { requestSelectors } from './request-selectors.js';

/** A watcher whose unsent output grows past this is too slow: its stream ends and it re-watches (upstream drops such watchers too). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** What the watch handler needs: the replica's watch cache, and how long a watch lasts by default. */
export interface WatchSettings {
  readonly cache: WatchCache;
  /** Upstream's --min-request-timeout (1800): a watch without timeoutSeconds ends after this to twice this many seconds. */
  readonly minRequestTimeoutSeconds: number;
}

/**
 * WATCH: a 200 response of newline-delimited JSON WatchEvents, served by the watch cache. Errors
 * found before the stream starts (bad options, selectors) are ordinary Status responses; a start
 * the cache cannot serve (compacted, too new) is an ERROR event, then the stream ends (as upstream).
 */
export async function handleWatch({ info, store, request, reply, watch }: HandlerContext): Promise<void> {
  const q = query(request);
  const options = watchOptions(q);
  const output = negotiateOutput(request.headers.accept);
  if (output.convert?.kind === 'PartialObjectMetadataList') throw notAcceptable('you requested PartialObjectMetadataList, but a watch streams single objects');
  const render = eventRenderer(output, store.definition, q);
  const { labelSelector, fieldSelector } = requestSelectors(q);
  const matches = store.predicate(labelSelector, fieldSelector);
  const def = store.definition;
  const scope = store.scope(info.namespace);

  reply.hijack();
  const res = reply.raw;
  // `connection: close`: the connection ends with the stream, so a stopping server is not held by
  // idle keep-alive connections of watch clients (they reconnect for their next watch anyway).
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked', connection: 'close' });
  res.flushHeaders();
  const sink: WatchSink = {
    send(event: WatchEvent) {
      res.write(`${serializeJson(render(event))}\n`);
      if (res.writableLength > MAX_BUFFERED_BYTES) queueMicrotask(() => watcher.close());
    },
    close: () => res.end(),
  };
  const watcher = new Watcher({
    filter: { keyPrefix: scopePrefix(scope), matches },
    sink,
    bookmarks: options.allowWatchBookmarks,
    kindObject: { kind: def.kind, apiVersion: groupVersion(def) },
  });
  const seconds = options.timeoutSeconds ?? watch.minRequestTimeoutSeconds * (1 + Math.random());
  const timer = setTimeout(() => watcher.close(), seconds * 1000);
  res.on('close', () => watcher.close());
  // A stopping server ends its watches cleanly; clients watch again from their last revision (elsewhere).
  const unregister = request.server.shutdown.onShutdown(() => watcher.close());
  const untrack = trackWatch(def);
  watcher.onClose(() => {
    clearTimeout(timer);
    unregister();
    untrack();
  });
  try {
    await watch.cache.watch(watcher, options, scope);
  } catch (err) {
    const error = isStatusError(err) ? err : interpretStorageError(err, def, '');
    watcher.close((isStatusError(error) ? error : internalError(error)).status);
  }
}


/**
 * Each object event as the client negotiated it (upstream's watch transform): the object, its
 * PartialObjectMetadata, or a one-row Table whose column definitions only the first event carries
 * (`kubectl get -w`). Bookmarks and errors pass as they are.
 */
function eventRenderer(output: NegotiatedOutput, def: HandlerContext['store']['definition'], q: OutputQuery): (event: WatchEvent) => { type: string; object: unknown } {
  if (!output.convert) return (event) => event;
  parseIncludeObject(q['includeObject']); // a bad one is a 400 before the stream starts
  let first = true;
  return (event) => {
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') return event;
    const object = transformObject(output, def, event.object, q, first);
    first = false;
    return { type: event.type, object };
  };
}
