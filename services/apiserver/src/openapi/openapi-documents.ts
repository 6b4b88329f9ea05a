import { groupVersion, type ResourceDefinition } from '../registry/resource-definition.js';
import { loadOpenApiV2 } from './openapi-v2.js';
import { loadOpenApiV3 } from './openapi-v3.js';
import type { OpenApiDocuments } from './openapi-routes.js';

/** The OpenAPI documents of the served resources' group-versions, read once when the app is built. */
export function loadOpenApiDocuments(resources: readonly ResourceDefinition[]): OpenApiDocuments {
  const groupVersions = [...new Set(resources.map(groupVersion))];
  return { v2: loadOpenApiV2(groupVersions), v3: loadOpenApiV3(groupVersions) };
}
