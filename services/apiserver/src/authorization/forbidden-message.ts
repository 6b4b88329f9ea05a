// The 403 message lives with the RBAC code (rbac/forbidden-message.ts); the request hooks import it from here.
export { denialDetail, forbiddenError, forbiddenMessage } from './rbac/forbidden-message.js';
