import type { FastifyInstance, FastifyReply } from 'fastify';
import { pathNotFound } from '@kubeledger/api';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import {
  AGGREGATED_DISCOVERY_V2,
  apiGroupDiscoveryList,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregatedDiscovery,
} from './discovery-documents.js';
import { versionInfo } from './version-info.js';

/** /version, and legacy and aggregated discovery, all from the resource table. */
export function registerDiscoveryRoutes(app: FastifyInstance, resources: readonly ResourceDefinition[]): void {
  app.get('/version', async () => versionInfo);

  // The aggregated content type goes out verbatim (clients read its parameters to pick the decoder).
  const aggregated = (reply: FastifyReply, body: unknown) => reply.header('content-type', AGGREGATED_DISCOVERY_V2).send(Buffer.from(JSON.stringify(body))); // a Buffer: Fastify would rewrite the type of a string

  app.get('/api', async (request, reply) => {
    if (wantsAggregatedDiscovery(request.headers.accept)) return aggregated(reply, apiGroupDiscoveryList(resources, true));
    return apiVersions(request.headers.host ?? 'localhost');
  });
  app.get('/apis', async (request, reply) => {
    if (wantsAggregatedDiscovery(request.headers.accept)) return aggregated(reply, apiGroupDiscoveryList(resources, false));
    return apiGroupList(resources);
  });
  app.get('/api/v1', async () => apiResourceList(resources, '', 'v1'));
  app.get<{ Params: { group: string } }>('/apis/:group', async (request, reply) => {
    const doc = apiGroupDocument(resources, request.params.group);
    return doc ?? reply.code(404).send(pathNotFound().status);
  });
  app.get<{ Params: { group: string; version: string } }>('/apis/:group/:version', async (request, reply) => {
    const doc = apiResourceList(resources, request.params.group, request.params.version);
    return doc ?? reply.code(404).send(pathNotFound().status);
  });
}
