/** GET /version: the Kubernetes version whose API this server implements (kubectl warns beyond ±1 minor). */
export const versionInfo = {
  major: '1',
  minor: '35',
  gitVersion: 'v1.35.0+kubeledger',
  gitCommit: 'unknown',
  gitTreeState: 'clean',
  buildDate: '2026-11-23T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};
