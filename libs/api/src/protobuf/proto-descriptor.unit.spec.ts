import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DESCRIPTOR_PATH, OPENAPI_DIR, PROTO_DIR, generate, readJsonProperties } from '../../scripts/generate-proto-descriptor.js';

describe('src/generated/proto-descriptor.ts', () => {
  it('is what the generator makes from the vendored .proto files and OpenAPI documents (run `npm run generate -w @kubeledger/api`)', () => {
    const expected = generate(PROTO_DIR, readJsonProperties(OPENAPI_DIR));
    expect(readFileSync(DESCRIPTOR_PATH, 'utf8') === expected).toBe(true);
  });
});
