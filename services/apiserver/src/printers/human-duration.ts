const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A succinct duration with 2–3 significant figures, as upstream's duration.HumanDuration prints
 * ages (k8s.io/apimachinery/pkg/util/duration): `45s`, `3m2s`, `15m`, `5h3m`, `20h`, `3d4h`,
 * `30d`, `2y10d`. Up to a second in the future reads `0s` (clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) return withRest(minutes, 'm', seconds % 60, 's');
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) return withRest(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return withRest(Math.trunc(hours / 24), 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) return withRest(Math.trunc(hours / 24 / 365), 'y', Math.trunc(hours / 24) % 365, 'd');
  return `${Math.trunc(hours / 24 / 365)}y`;
}

const withRest = (value: number, unit: string, rest: number, restUnit: string): string => (rest === 0 ? `${value}${unit}` : `${value}${unit}${rest}${restUnit}`);

/** How long ago `timestamp` (RFC 3339) was, as upstream's translateTimestampSince: `<unknown>` when unset. */
export function timeSince(timestamp: string | null | undefined, now: number): string {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isNaN(at) ? '<unknown>' : humanDuration(now - at);
}
