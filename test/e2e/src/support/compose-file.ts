import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/** The parts of a Compose service the docker config tests read, in the forms docker/compose.yaml writes them. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly expose?: readonly string[];
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly network_mode?: string;
  readonly networks?: Readonly<Record<string, { readonly ipv4_address?: string } | null>>;
  readonly user?: string;
  readonly restart?: string;
  readonly hostname?: string;
}

export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
  readonly networks?: Readonly<Record<string, { readonly ipam?: { readonly config?: readonly { readonly subnet?: string }[] } }>>;
}

export interface InterpolatedVariable {
  readonly name: string;
  readonly fallback?: string;
}

/**
 * Compose's variable interpolation (`${NAME}`, `${NAME:-default}`, `${NAME-default}`, `$$` for a
 * literal `$`) over the file's text, with `env` as the environment; any other form throws, so the
 * file keeps to what this reads right. Returns the text and every variable it met.
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): { text: string; variables: InterpolatedVariable[] } {
  const variables: InterpolatedVariable[] = [];
  const out = text.replace(/\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced: string | undefined, bare: string | undefined) => {
    if (match === '$$') return '$';
    if (bare !== undefined) throw new Error(`unbraced variable ${match}: write \${${bare}}`);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/.exec(braced!);
    if (!m) throw new Error(`interpolation the docker config tests do not read: ${match}`);
    const [, name, operator, fallback] = m;
    variables.push({ name: name!, ...(fallback !== undefined && { fallback }) });
    const value = env[name!];
    if (operator === ':-') return value === undefined || value === '' ? fallback! : value;
    if (operator === '-') return value === undefined ? fallback! : value;
    return value ?? '';
  });
  return { text: out, variables };
}

/** docker/compose.yaml as Compose reads it: interpolated with `env`, YAML merge keys (`<<`) applied. */
export function loadComposeFile(file: string, env: Readonly<Record<string, string | undefined>> = {}): { document: unknown; compose: ComposeFile; variables: InterpolatedVariable[] } {
  const { text, variables } = interpolate(readFileSync(file, 'utf8'), env);
  const document: unknown = YAML.parse(text, { merge: true });
  return { document, compose: document as ComposeFile, variables };
}

export interface Mount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** A path on the host (relative to the compose file), not a named volume. */
  readonly bind: boolean;
}

/** A service's volumes in the short syntax (`source:target[:ro]`). */
export function mountsOf(service: ComposeService): Mount[] {
  return (service.volumes ?? []).map((spec) => {
    const [source, target, mode] = spec.split(':');
    if (!source || !target) throw new Error(`volume ${JSON.stringify(spec)}: expected source:target[:mode]`);
    return { source, target, readOnly: mode === 'ro', bind: /^[./~]/.test(source) };
  });
}

export interface PortMapping {
  readonly hostIp?: string;
  readonly published?: number;
  readonly target: number;
}

/** A service's ports in the short syntax (`[ip:]published:target` or `target`). */
export function portsOf(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((spec) => {
    const parts = spec.split(':');
    const target = Number(parts.at(-1));
    if (parts.length === 1) return { target };
    return { ...(parts.length === 3 && { hostIp: parts[0]! }), published: Number(parts.at(-2)), target };
  });
}

/** The value after `--name` in a command line (undefined when absent). */
export function optionOf(command: readonly string[], name: string): string | undefined {
  const at = command.indexOf(`--${name}`);
  return at < 0 ? undefined : command[at + 1];
}
