/**
 * The text form of a Job's indexes (`status.completedIndexes`, `status.failedIndexes`,
 * `successPolicy.rules[].succeededIndexes`): comma-separated indexes and `first-last` intervals,
 * as upstream's pkg/apis/batch/validation reads them.
 */

/** One interval, both ends included. */
export interface IndexInterval {
  readonly first: number;
  readonly last: number;
}

const parseIndex = (part: string | undefined, completions: number): number | { readonly error: string } => {
  if (part === undefined || !/^[+-]?\d+$/.test(part)) return { error: `cannot convert string to integer for index: ${JSON.stringify(part ?? '')}` };
  const n = Number(part);
  return n >= completions ? { error: `too large index: ${JSON.stringify(part)}` } : n;
};

/** Upstream's `parseIndexInterval`: `a` or `a-b` (a < b), each below `completions`. */
export function parseIndexInterval(text: string, completions: number): IndexInterval | { readonly error: string } {
  const limits = text.split('-');
  if (limits.length > 2) return { error: `the fragment ${JSON.stringify(text)} violates the requirement that an index interval can have at most two parts separated by '-'` };
  const first = parseIndex(limits[0], completions);
  if (typeof first !== 'number') return first;
  if (limits.length === 1) return { first, last: first };
  const last = parseIndex(limits[1], completions);
  if (typeof last !== 'number') return last;
  if (first >= last) return { error: `non-increasing order, previous: ${first}, current: ${last}` };
  return { first, last };
}

/**
 * Upstream's `validateIndexesFormat`: well-formed intervals in increasing order. Answers how many
 * indexes the text names, or why it is not well formed.
 */
export function validateIndexesFormat(text: string, completions: number): { readonly total: number } | { readonly error: string } {
  if (text === '') return { total: 0 };
  let previous: number | undefined;
  let total = 0;
  for (const part of text.split(',')) {
    const interval = parseIndexInterval(part, completions);
    if ('error' in interval) return interval;
    if (previous !== undefined && previous >= interval.first) return { error: `non-increasing order, previous: ${previous}, current: ${interval.first}` };
    total += interval.last - interval.first + 1;
    previous = interval.last;
  }
  return { total };
}

/**
 * Upstream's `validateFailedIndexesNotOverlapCompleted`: the first index both texts name, walking
 * their intervals in step (intervals that do not parse are skipped: the format check reports
 * them); undefined when they name none in common.
 */
export function failedIndexesOverlapCompleted(completed: string, failed: string, completions: number): string | undefined {
  if (completed === '' || failed === '') return undefined;
  const intervals = (text: string) => text.split(',').flatMap((part) => {
    const interval = parseIndexInterval(part, completions);
    return 'error' in interval ? [] : [interval];
  });
  const done = intervals(completed);
  const lost = intervals(failed);
  for (let i = 0, j = 0; i < done.length && j < lost.length; ) {
    const c = done[i]!;
    const f = lost[j]!;
    if (c.first <= f.last && f.first <= c.last) return `failedIndexes and completedIndexes overlap at index: ${Math.max(c.first, f.first)}`;
    if (c.first <= f.first) i++;
    else j++;
  }
  return undefined;
}
