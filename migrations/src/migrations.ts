import type { Migration } from 'kysely';
import * as eventLog from './20261123000000_event_log.js';
import * as clusterPki from './20261124000000_cluster_pki.js';

/** Every migration, by name; names sort in the order they apply. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '20261123000000_event_log': eventLog,
  '20261124000000_cluster_pki': clusterPki,
};
