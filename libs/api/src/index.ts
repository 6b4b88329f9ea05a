export * from './object-ref.js';
export * from './subject-token.js';
export * from './object-subject.js';
export * from './log-record.js';
export * from './kube-object.js';
export * from './continue-token.js';
export * from './field-error.js';
export * from './schema-check.js';
export * as schemas from './generated/schemas.js';
