import { structuredPatch } from 'diff';
import YAML from 'yaml';
import type { KubeObject } from '@kubeledger/api';

/** One revision of an object, as the apiserver's history endpoint answers it. */
export interface HistoryItem {
  readonly revision: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly uid: string;
  /** RFC 3339. */
  readonly time: string;
  readonly user: string;
  readonly impersonator?: string;
  readonly object: KubeObject;
}

export interface RenderOptions {
  /** ANSI colours, as git's: headers yellow, removed lines red, added green. */
  readonly color?: boolean;
}

/** Lines of the diff: unchanged context around each change. */
const CONTEXT_LINES = 3;

/**
 * The history as `kubeledger history` prints it: per revision a header — revision, time, event
 * type, user (and who impersonated them) — then a unified diff of the object as YAML from the
 * revision before. An ADDED revision (the first, or a re-create after a delete) shows the whole new
 * object as added lines; a DELETED one shows what changed on the way out, if anything. Fields that
 * change on every write and mean nothing to a reader — `metadata.resourceVersion` (the revision is
 * in the header) and `metadata.managedFields` — are left out of the YAML.
 */
export function renderHistory(items: readonly HistoryItem[], options: RenderOptions = {}): string {
  const paint = painter(options.color ?? false);
  const out: string[] = [];
  if (items[0] && items[0].type !== 'ADDED') out.push(paint.note(`(revisions before ${items[0].revision} are no longer retained)`), '');
  items.forEach((item, i) => {
    const previous = i > 0 ? items[i - 1] : undefined;
    out.push(paint.header(header(item)));
    const before = item.type === 'ADDED' || !previous ? '' : objectYaml(previous.object);
    const lines = diffLines(before, objectYaml(item.object), paint);
    if (lines.length > 0) out.push(...lines);
    else if (item.type === 'DELETED') out.push(paint.note(`(deleted: its last state is revision ${previous?.revision ?? item.revision}'s)`));
    else out.push(paint.note('(no change besides its resourceVersion and managedFields)'));
    out.push('');
  });
  return out.join('\n');
}

/** `revision 42  2025-06-01T10:03:12Z  MODIFIED by alice` (`… by bob (impersonated by alice)`); an ADDED one names the new object's uid. */
export function header(item: HistoryItem): string {
  const who = item.impersonator ? `${item.user} (impersonated by ${item.impersonator})` : item.user;
  const uid = item.type === 'ADDED' ? `  uid ${item.uid}` : '';
  return `revision ${item.revision}  ${shortTime(item.time)}  ${item.type} by ${who}${uid}`;
}

/** The object as YAML the way `kubectl get -o yaml` lays it out, without the per-write noise. */
export function objectYaml(object: KubeObject): string {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = object.metadata ?? {};
  const shown = object.metadata ? { ...object, metadata } : object;
  return stringifyUnfolded(shown);
}

/** The hunks of a unified diff from `before` to `after`; a pure addition without its `@@` line (every line is new). */
function diffLines(before: string, after: string, paint: Painter): string[] {
  const { hunks } = structuredPatch('', '', before, after, '', '', { context: CONTEXT_LINES });
  const lines: string[] = [];
  for (const hunk of hunks) {
    if (before !== '') lines.push(paint.hunk(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file": YAML always ends with one
      lines.push(line.startsWith('+') ? paint.added(line) : line.startsWith('-') ? paint.removed(line) : line);
    }
  }
  return lines;
}

/** Seconds are enough to read; the revision orders writes within one. */
function shortTime(time: string): string {
  return time.replace(/\.\d+(?=Z$|[+-]\d\d:\d\d$)/, '');
}

/**
 * YAML as `kubectl get -o yaml` lays it out — keys sorted (the store keeps no key order), sequences
 * at their key's indentation — with long strings kept on one line, so a change is one changed line.
 */
function stringifyUnfolded(value: unknown): string {
  const fold = YAML.scalarOptions.str.fold;
  const lineWidth = fold.lineWidth;
  fold.lineWidth = 0;
  try {
    return YAML.stringify(value, { indentSeq: false, sortMapEntries: true });
  } finally {
    fold.lineWidth = lineWidth;
  }
}

type Painter = Record<'header' | 'hunk' | 'added' | 'removed' | 'note', (s: string) => string>;

function painter(color: boolean): Painter {
  const sgr = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { header: sgr('33'), hunk: sgr('36'), added: sgr('32'), removed: sgr('31'), note: sgr('2') };
}
