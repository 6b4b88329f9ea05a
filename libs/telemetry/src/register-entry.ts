import { fileURLToPath } from 'node:url';

/** The tracing entry point (register.ts) as a file path, for `node --import tsx --import <it> <main>`. */
export const REGISTER_ENTRY = fileURLToPath(new URL('./register.ts', import.meta.url));

/** Requests that would only add noise to traces: probes and scrapes. */
export function isQuietPath(url: string): boolean {
  return /^\/(healthz|livez|readyz|metrics)(\/|\?|$)/.test(url);
}
