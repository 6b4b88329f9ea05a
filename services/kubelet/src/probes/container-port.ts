import type { ProbedContainer } from './probe-spec.js';

/**
 * The port a probe names (upstream's probe.ResolveContainerPort): a number, or the name of one of
 * the container's ports, or a number written as a string. Throws with upstream's messages.
 */
export function resolveContainerPort(port: number | string, container: ProbedContainer): number {
  let value: number;
  if (typeof port === 'number') value = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    if (named) value = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) value = Number(port);
    else throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
  }
  if (Number.isInteger(value) && value > 0 && value < 65536) return value;
  throw new Error(`invalid port number: ${value}`);
}

/** `host:port`, `[v6]:port` (Go's net.JoinHostPort). */
export const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
