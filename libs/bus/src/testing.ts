export { createTestBus, type TestBus } from './testing/test-bus.js';
export { InMemoryRelaySource, type AppendInput, type SavedCheckpoint } from './testing/in-memory-relay-source.js';
export { InMemoryLeaderLock, LockToken } from './testing/in-memory-leader-lock.js';
export { readStreamMessages, type StreamMessage } from './testing/read-stream-messages.js';
export { waitUntil } from './testing/wait-until.js';
export { startNatsServer, type NatsServerOptions, type TestNatsServer } from './testing/nats-server.js';
