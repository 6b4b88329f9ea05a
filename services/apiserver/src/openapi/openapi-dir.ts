import { createRequire } from 'node:module';
import path from 'node:path';

/** libs/api/openapi: the vendored upstream OpenAPI documents and those generated from them. */
export const openApiDir = (): string => path.join(path.dirname(createRequire(import.meta.url).resolve('@kubeledger/api/package.json')), 'openapi');
