import { invalid, type KubeObject } from '@kubeledger/api';
import type { WriteContext } from '@kubeledger/event-store';
import type { HookOptions, StoreHooks, WriteFinish } from '../../generic-store.js';
import { invalidValue } from '../../validation/field-errors.js';
import type { ClaimParent } from './claim-registry.js';
import { ClusterIpUnavailable, type ClusterIpAllocator } from './cluster-ip-allocator.js';
import { NodePortUnavailable, type NodePortAllocator } from './node-port-allocator.js';
import { NONE, isHeadless, needsClusterIP, needsNodePorts, type ServiceSpec } from './service-types.js';

const SERVICE = { group: '', kind: 'Service' };

interface Allocators {
  readonly ips: ClusterIpAllocator;
  readonly ports: NodePortAllocator;
}

/** One allocation step's undo (on a failed write) and follow-up (on a successful one). */
interface Step {
  revert(): Promise<void>;
  commit(): Promise<void>;
}

const parentOf = (svc: KubeObject): ClaimParent => ({ namespace: svc.metadata?.namespace ?? '', name: svc.metadata?.name ?? '' });
const specOf = (svc: KubeObject): ServiceSpec => (svc['spec'] ?? {}) as ServiceSpec;
const nodePorts = (spec: ServiceSpec): number[] => (needsNodePorts(spec) ? (spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n > 0) : []);

/**
 * What the Service store does around its writes (upstream's service REST beginCreate,
 * beginUpdate and afterDelete): cluster IPs and node ports are claimed before the write, given
 * back if the write fails, and released once a service no longer needs them.
 */
export function serviceAllocationHooks(ips: ClusterIpAllocator, ports: NodePortAllocator): StoreHooks {
  // A dry run allocates as a write does (the answer shows the cluster IP and node ports) and claims nothing.
  const allocators = ({ dryRun }: HookOptions): Allocators => (dryRun ? { ips: ips.dryRun(), ports: ports.dryRun() } : { ips, ports });
  const allocateClusterIP = async (svc: KubeObject, ctx: WriteContext, { ips }: Allocators): Promise<Step> => {
    const spec = specOf(svc);
    if (!needsClusterIP(spec) || isHeadless(spec)) return noop;
    const parent = parentOf(svc);
    const requested = spec.clusterIPs?.[0] || spec.clusterIP;
    let ip: string;
    let claimed = true;
    if (requested) {
      try {
        claimed = await ips.allocate(requested, parent, ctx);
      } catch (err) {
        if (!(err instanceof ClusterIpUnavailable)) throw err;
        throw invalid(SERVICE, parent.name, [invalidValue('spec.clusterIPs', spec.clusterIPs ?? [requested], `failed to allocate IP ${requested}: ${err.message}`)]);
      }
      ip = requested;
    } else {
      ip = await ips.allocateNext(parent, ctx);
    }
    spec.clusterIP = ip;
    spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)];
    // Only a claim this request made is its to give back (another write of the same service may hold it).
    return { revert: async () => (claimed ? ips.release(ip, parent, ctx) : undefined), commit: async () => undefined };
  };

  /** initNodePorts / updateNodePorts: requested ports are claimed, missing ones allocated (one per service port number). */
  const allocateNodePorts = async (svc: KubeObject, old: ServiceSpec | undefined, ctx: WriteContext, { ports }: Allocators): Promise<Step> => {
    const spec = specOf(svc);
    const parent = parentOf(svc);
    const kept = new Set(old ? nodePorts(old) : []);
    const claimed: number[] = [];
    const release = async (list: number[]) => {
      for (const port of list) await ports.release(port, parent, ctx);
    };
    if (needsNodePorts(spec)) {
      const allocate = spec.type === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false;
      const byServicePort = new Map<number, number>();
      try {
        for (const [i, p] of (spec.ports ?? []).entries()) {
          if (!p.nodePort && byServicePort.has(p.port ?? 0)) p.nodePort = byServicePort.get(p.port ?? 0);
          if (p.nodePort) {
            if (!kept.has(p.nodePort) && !claimed.includes(p.nodePort)) {
              let made: boolean;
              try {
                made = await ports.allocate(p.nodePort, parent, ctx);
              } catch (err) {
                if (!(err instanceof NodePortUnavailable)) throw err;
                throw invalid(SERVICE, parent.name, [invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, err.message)]);
              }
              if (made) claimed.push(p.nodePort);
            }
          } else if (allocate) {
            p.nodePort = await ports.allocateNext(parent, ctx);
            claimed.push(p.nodePort);
          }
          if (p.nodePort) byServicePort.set(p.port ?? 0, p.nodePort);
        }
      } catch (err) {
        await release(claimed);
        throw err;
      }
    }
    const now = new Set(nodePorts(spec));
    const dropped = [...kept].filter((port) => !now.has(port));
    return { revert: () => release(claimed), commit: () => release(dropped) };
  };

  const finish = (steps: Step[]): WriteFinish => async (succeeded) => {
    for (const step of steps) await (succeeded ? step.commit() : step.revert());
  };

  return {
    async beginCreate(svc, ctx, options) {
      const using = allocators(options);
      const ip = await allocateClusterIP(svc, ctx, using);
      try {
        return finish([ip, await allocateNodePorts(svc, undefined, ctx, using)]);
      } catch (err) {
        await ip.revert();
        throw err;
      }
    },
    async beginUpdate(svc, old, ctx, options) {
      const using = allocators(options);
      const spec = specOf(svc);
      const before = specOf(old);
      const parent = parentOf(svc);
      let ip: Step = noop;
      if (!needsClusterIP(before) && needsClusterIP(spec)) ip = await allocateClusterIP(svc, ctx, using);
      else if (needsClusterIP(before) && !needsClusterIP(spec) && !isHeadless(before)) {
        // Becoming ExternalName: the cluster IPs go once the write is in.
        const held = (before.clusterIPs ?? []).filter((a) => a && a !== NONE);
        ip = { revert: async () => undefined, commit: async () => { for (const a of held) await using.ips.release(a, parent, ctx); } };
      }
      try {
        return finish([ip, await allocateNodePorts(svc, before, ctx, using)]);
      } catch (err) {
        await ip.revert();
        throw err;
      }
    },
    async afterDelete(svc, ctx) {
      const spec = specOf(svc);
      const parent = parentOf(svc);
      for (const a of spec.clusterIPs ?? []) if (a && a !== NONE) await ips.release(a, parent, ctx);
      for (const port of nodePorts(spec)) await ports.release(port, parent, ctx);
    },
  };
}

const noop: Step = { revert: async () => undefined, commit: async () => undefined };
