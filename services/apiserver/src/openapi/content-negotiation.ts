/** One clause of an Accept or Accept-Encoding header: the value and its weight. */
interface Clause {
  readonly value: string;
  readonly q: number;
}

function clauses(header: string | undefined): Clause[] {
  return (header ?? '')
    .split(',')
    .map((part) => {
      const [value = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.map((p) => /^q=([0-9.]+)$/i.exec(p)).find(Boolean);
      return { value: value.toLowerCase(), q: q ? Number(q[1]) : 1 };
    })
    .filter((c) => c.value !== '');
}

/**
 * Whether the Accept header lets us answer `application/json`. kube-openapi's handlers serve the
 * first acceptable of JSON and their protobuf types; JSON is the one we produce, so a client that
 * accepts only protobuf gets 406 (no Accept at all means anything).
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept?.trim()) return true;
  return clauses(accept).some((c) => c.q > 0 && ['application/json', 'application/*', '*/*'].includes(c.value));
}

/** Whether the client takes a gzip-encoded body (Go's HTTP client asks for it unless told not to). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return clauses(acceptEncoding).some((c) => c.q > 0 && (c.value === 'gzip' || c.value === '*'));
}

/** If-None-Match against our ETag: `*`, or any listed tag, compared weakly (as Go's http.ServeContent does). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
