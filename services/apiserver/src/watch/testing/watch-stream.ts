import type { KubeObject } from '@kubeledger/api';

/** One frame of a watch stream: an object event, a BOOKMARK, or an ERROR carrying a Status. */
export interface WatchFrame {
  readonly type: string;
  readonly object: KubeObject & { code?: number; reason?: string; message?: string };
}

/** A watch response read frame by frame, for tests. */
export interface WatchStream {
  readonly status: number;
  readonly contentType: string | null;
  /** The next frame; rejects after `timeoutMs` or when the stream ended first. */
  next(timeoutMs?: number): Promise<WatchFrame>;
  /** Resolves when the server ends the stream, with the frames it had not been asked for. */
  ended(timeoutMs?: number): Promise<WatchFrame[]>;
  close(): void;
}

/** Opens `GET url` (with `headers`: credentials) and splits the body into newline-delimited JSON frames. */
export async function openWatchStream(url: string, headers: Readonly<Record<string, string>> = {}): Promise<WatchStream> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers });
  const frames: WatchFrame[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          frames.push(JSON.parse(buffered.slice(0, newline)));
          buffered = buffered.slice(newline + 1);
        }
        wake?.();
      }
    } catch {
      // aborted
    }
    done = true;
    wake?.();
  })();
  const until = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; frames so far: ${JSON.stringify(frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async next(timeoutMs = 15_000) {
      await until(() => frames.length > 0 || done, timeoutMs, 'a watch frame');
      const frame = frames.shift();
      if (!frame) throw new Error('the watch stream ended');
      return frame;
    },
    async ended(timeoutMs = 15_000) {
      await until(() => done, timeoutMs, 'the end of the watch stream');
      await reading;
      return frames.splice(0);
    },
    close: () => abort.abort(),
  };
}
