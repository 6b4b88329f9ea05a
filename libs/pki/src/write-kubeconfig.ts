import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a kubeconfig readable by its owner only (it holds a private key or a token), creating
 * the directory. Written aside and renamed, so a kubectl reading it meanwhile never sees half a file.
 */
export async function writeKubeconfig(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await chmod(temporary, 0o600); // the umask applies to `mode` above
  await rename(temporary, path);
}
