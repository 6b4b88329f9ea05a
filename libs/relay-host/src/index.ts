export { RelayThread, type RelayThreadOptions } from './relay-thread.js';
export type { RelayTuning } from './relay-worker-protocol.js';
