/** What happened to an object at one revision, as watch events name it. */
export const EventTypes = ['ADDED', 'MODIFIED', 'DELETED'] as const;
export type EventType = (typeof EventTypes)[number];

/** The global revision: `metadata.resourceVersion`, the event log position, the JetStream sequence. */
export type Revision = number;

/** Who caused a write (DESIGN §2, §7): the authenticated user, and the impersonator if any. */
export interface Actor {
  readonly user: string;
  readonly impersonator?: string;
}

/**
 * One entry of the event log as it travels from Postgres to the relay: the object is kept as the
 * JSON text the store holds (without `metadata.resourceVersion`), so it is never re-serialized.
 */
export interface LogRecord {
  readonly revision: Revision;
  readonly type: EventType;
  readonly key: string;
  readonly uid: string;
  /** `<group>.<resource>.<namespace>.<name>.<node>` (see objectSubject). */
  readonly subject: string;
  readonly objectJson: string;
  readonly actor: Actor;
  readonly traceparent?: string;
  /** When the writing transaction stored the row (database clock). */
  readonly time: Date;
}
