export { Attr } from './attributes.js';
export { currentTraceparent, contextFromTraceparent, isTraceparent } from './trace-context.js';
export { tracer, meter } from './instruments.js';
