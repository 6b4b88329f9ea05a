import { withGoJsonEscapes } from '@kubeledger/api';

/**
 * A JSON response body (an object, a list, a Table, a Status, a watch event) as upstream's JSON
 * serializer writes it: encoding/json's Encoder, which escapes `<`, `>`, `&`, U+2028 and U+2029
 * inside every string — also in the bytes of a RawExtension such as a ControllerRevision's `data`,
 * which kubectl `rollout undo` compares with the patch it marshals itself.
 */
export function serializeJson(payload: unknown): string {
  return withGoJsonEscapes(JSON.stringify(payload) ?? 'null');
}
