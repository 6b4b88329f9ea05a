import { readFile } from 'node:fs/promises';

/** The bearer token to send now, if any. */
export type TokenSource = () => Promise<string | undefined>;

export const TOKEN_FILE_REFRESH_MS = 60_000;

/**
 * `tokenFile` re-read at most every minute (client-go's cached file token source: a projected
 * ServiceAccount token is rotated in place), else the static `token`, else none. A file that cannot
 * be read keeps the last token it gave, if any.
 */
export function tokenSource(
  config: { readonly token?: string | undefined; readonly tokenFile?: string | undefined },
  now: () => number = Date.now,
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
): TokenSource {
  const { token, tokenFile } = config;
  if (!tokenFile) return async () => token;
  let cached: { value: string; at: number } | undefined;
  return async () => {
    if (cached && now() - cached.at < TOKEN_FILE_REFRESH_MS) return cached.value;
    try {
      const value = (await read(tokenFile)).trim();
      if (!value) throw new Error(`${tokenFile} is empty`);
      cached = { value, at: now() };
    } catch (err) {
      if (!cached) throw new Error(`cannot read the bearer token file ${tokenFile}: ${(err as Error).message}`, { cause: err });
    }
    return cached.value;
  };
}
