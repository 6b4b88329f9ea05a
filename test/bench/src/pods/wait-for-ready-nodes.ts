import { expectOk, type HttpClient } from '../http-client.js';
import { progress } from '../report.js';
import { now } from '../stats.js';

/** Resolves once `count` nodes are Ready (60 s at most). */
export async function waitForReadyNodes(client: HttpClient, count: number): Promise<void> {
  const deadline = now() + 60_000;
  for (;;) {
    const list = JSON.parse((await expectOk(client.request('GET', '/api/v1/nodes'))).body.toString()) as { items: { status?: { conditions?: { type: string; status: string }[] } }[] };
    const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= count) break;
    if (now() > deadline) throw new Error(`only ${ready} of ${count} nodes Ready after 60 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // The scheduler learns of nodes from the bus: give it a moment to have them all.
  await new Promise((r) => setTimeout(r, 1000));
  progress(`${count} nodes Ready`);
}
