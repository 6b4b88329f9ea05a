import { describe, expect, it } from 'vitest';
import { acceptsGzip, acceptsJson, etagMatches } from './content-negotiation.js';

describe('content negotiation for the OpenAPI documents', () => {
  it('accepts JSON by name, by wildcard, or when Accept is absent; not at q=0 or when only protobuf is asked for', () => {
    expect(acceptsJson(undefined)).toBe(true);
    expect(acceptsJson('')).toBe(true);
    expect(acceptsJson('application/json')).toBe(true);
    expect(acceptsJson('Application/JSON; charset=utf-8')).toBe(true);
    expect(acceptsJson('application/*')).toBe(true);
    expect(acceptsJson('text/html, */*;q=0.1')).toBe(true);
    expect(acceptsJson('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe(false);
    expect(acceptsJson('application/json;q=0, application/yaml')).toBe(false);
  });

  it('takes gzip when listed with a positive weight', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('matches If-None-Match weakly, by list or *', () => {
    expect(etagMatches('"A"', '"A"')).toBe(true);
    expect(etagMatches('W/"A"', '"A"')).toBe(true);
    expect(etagMatches('"B", "A"', '"A"')).toBe(true);
    expect(etagMatches('*', '"A"')).toBe(true);
    expect(etagMatches('"B"', '"A"')).toBe(false);
    expect(etagMatches(undefined, '"A"')).toBe(false);
  });
});
