import type { z } from 'zod';

/**
 * A process's settings from its environment, checked by `schema` (zod): empty values count as
 * unset; every problem is listed in one error, as `invalid configuration:\n  KEY: message`.
 */
export function parseSettings<S extends z.ZodType>(schema: S, env: Readonly<Record<string, string | undefined>>): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw settingsError(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/** The error for settings that do not fit together (checked after parsing). */
export function settingsError(...problems: string[]): Error {
  return new Error(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}
