export { busConfig, busConfigFromEnv, BusDefaults, BusEnv, type BusConfig, type BusConfigInput, type ResolvedBusConfig } from './bus-config.js';
export { subjectFor, parseSubject, gapSubject, filterSubject, type SubjectFilter } from './subjects.js';
export { connectBus, type BusConnection, type BusConnectOptions } from './connect.js';
export { ensureStream, alignStreamStart, readStreamBounds, type StreamBounds } from './stream.js';
export { BusHeaders, type BusHeader } from './bus-headers.js';
export { StreamGapError, StreamMisalignedError, isStreamGapError } from './bus-errors.js';
export type { RelaySource } from './relay-source.js';
export type { LeaderLock } from './leader-lock.js';
export { Relay, type RelayOptions, type RelayStats } from './relay.js';
export { RelayMetrics, type RelayGaugeValues } from './relay-metrics.js';
export { decodeBusEvent, type BusEvent } from './bus-event.js';
export { subscribeEvents, type SubscribeOptions, type EventSubscription } from './consumer.js';
export {
  natsUsers,
  natsServerConfig,
  natsUserName,
  inboxPrefixFor,
  streamReads,
  jetStreamApiSubjects,
  NatsComponents,
  type NatsComponent,
  type NatsUser,
  type NatsUsersOptions,
  type NatsServerConfigOptions,
  type NatsPermissions,
  type NatsPermissionList,
} from './nats-permissions.js';
export { writeNatsConfig, parseEnvFile, type WriteNatsConfigOptions, type WrittenNatsConfig } from './write-nats-config.js';
export { launchNatsServer, natsServerBinary, type NatsServerProcess } from './nats-server-process.js';
