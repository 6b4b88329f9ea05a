import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT_PATH, SWAGGER_PATH, generate } from '../scripts/generate-schemas.js';
import { TYPE_INFO_PATH, generateTypeInfo } from '../scripts/generate-type-info.js';

describe('src/generated/schemas.ts', () => {
  it('is what the generator makes from the vendored OpenAPI document (run `npm run generate -w @kubeledger/api`)', () => {
    const expected = generate(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')));
    expect(readFileSync(OUTPUT_PATH, 'utf8') === expected).toBe(true);
  });
});

describe('src/generated/type-info.ts', () => {
  it('is what the generator makes from the vendored OpenAPI document (run `npm run generate -w @kubeledger/api`)', () => {
    const expected = generateTypeInfo(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')));
    expect(readFileSync(TYPE_INFO_PATH, 'utf8') === expected).toBe(true);
  });
});
