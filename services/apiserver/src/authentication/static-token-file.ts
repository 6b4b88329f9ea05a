import { parse } from 'csv-parse/sync';
import type { UserInfo } from './user-info.js';

/**
 * Parses a static token file in upstream's format (`--token-auth-file`): CSV rows of
 * `token,user,uid` and an optional fourth column of comma-separated groups, quoted:
 * `31ada4fd-adec-460c-809a-9e56ceb75269,alice,1001,"dev,ops"`. A later row with the same token wins,
 * as upstream. Throws, naming the line, on a row with fewer than three columns or an empty token.
 */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const tokens = new Map<string, UserInfo>();
  for (const { record, info } of rows) {
    if (record.length < 3) throw new Error(`token file line ${info.lines}: needs at least 3 columns (token, user name, unique user ID), found ${record.length}`);
    const [token, name, uid, groups] = record as [string, string, string, string | undefined];
    if (token === '') throw new Error(`token file line ${info.lines}: the token is empty`);
    tokens.set(token, { name, uid, groups: groups ? groups.split(',').map((g) => g.trim()).filter(Boolean) : [] });
  }
  return tokens;
}
