/** One line of a container log in the CRI format (`<time> <stream> <tag> <content>`), parsed. */
export interface CriLogLine {
  /** The time in milliseconds since the epoch (the nanoseconds past the millisecond are dropped). */
  readonly ms: number;
  /** The time as upstream writes it out: RFC 3339 with exactly nine fraction digits, UTC (`RFC3339NanoFixed`). */
  readonly time: string;
  readonly stream: 'stdout' | 'stderr';
  /** `P`: a part of a longer line, its newline not included. */
  readonly partial: boolean;
  /** What the container wrote: the rest of the line, its newline included (a partial line's removed). */
  readonly content: Buffer;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
/** RFC3339NanoLenient: fraction digits optional, any number of them. */
const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses one line of a CRI log file (upstream's parseCRILog): the time, the stream, the tag
 * (`F` full, `P` partial; only the first `:`-separated tag counts) and the content.
 * Undefined when the line is not in that format.
 */
export function parseCriLogLine(line: Buffer): CriLogLine | undefined {
  const timeEnd = line.indexOf(SPACE);
  if (timeEnd < 0) return undefined;
  const at = parseTime(line.toString('latin1', 0, timeEnd));
  if (!at) return undefined;
  const streamEnd = line.indexOf(SPACE, timeEnd + 1);
  if (streamEnd < 0) return undefined;
  const stream = line.toString('latin1', timeEnd + 1, streamEnd);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const tagEnd = line.indexOf(SPACE, streamEnd + 1);
  if (tagEnd < 0) return undefined;
  const partial = line.toString('latin1', streamEnd + 1, tagEnd).split(':')[0] === 'P';
  let content = line.subarray(tagEnd + 1);
  if (partial && content.at(-1) === NEWLINE) content = content.subarray(0, -1);
  return { ...at, stream, partial, content };
}

function parseTime(text: string): { ms: number; time: string } | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}T${m[2]}${m[4]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = `${m[3] ?? ''}000000000`.slice(0, 9);
  return { ms: seconds + Number(fraction.slice(0, 3)), time: `${new Date(seconds).toISOString().slice(0, 19)}.${fraction}Z` };
}
