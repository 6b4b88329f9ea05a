/** The PEM blocks joined, each ending in one newline: the form files and the database hold. */
export function joinPem(...blocks: readonly string[]): string {
  return blocks.map((block) => block.trim() + '\n').join('');
}

/** The one block labelled `label` (e.g. `CERTIFICATE`, `PRIVATE KEY`) in a bundle, with its trailing newline. */
export function pemBlock(bundle: string, label: string): string {
  const match = new RegExp(`-----BEGIN ${label}-----[^-]+-----END ${label}-----`).exec(bundle);
  if (!match) throw new Error(`no ${label} in PEM bundle`);
  return match[0] + '\n';
}
