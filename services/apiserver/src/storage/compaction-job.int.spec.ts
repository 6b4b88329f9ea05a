import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '@kubeledger/event-store/testing';
import { startCompactionJob } from './compaction-job.js';
import { waitUntil } from './testing/pipeline-harness.js';

describe('compaction job', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore({ partitionSize: 5, partitionsAhead: 1 }, 'compactjob');
  });
  afterAll(() => t.cleanup());

  const write = (name: string) =>
    t.store.create({ ref: { group: '', resource: 'configmaps', namespace: 'default', name }, object: { metadata: { name, uid: randomUUID() } } }, { actor: { user: 't' } });

  it('compacts to the head of the previous tick and drops whole partitions', async () => {
    // Revisions are read, not assumed: with partitions this small a write may burn one (see the store tests).
    for (let i = 0; i < 12; i++) await write(`a${i}`);
    const firstHead = await t.store.currentRevision();
    await t.store.saveCheckpoint('K8S', 1_000_000, 'test'); // as if a relay had published everything
    const logs: string[] = [];
    const job = startCompactionJob(t.store, 150, (m) => logs.push(m));
    try {
      await waitUntil(async () => (await t.store.compactedRevision()) === firstHead, 30_000, `compaction to the first head (job log: ${logs.join('; ')})`);
      for (let i = 0; i < 3; i++) await write(`b${i}`); // not compacted until a tick has seen the new head
      const secondHead = await t.store.currentRevision();
      expect(await t.store.compactedRevision()).toBe(firstHead);
      await waitUntil(async () => (await t.store.compactedRevision()) === secondHead, 30_000, `compaction to the next head (job log: ${logs.join('; ')})`);
    } finally {
      await job.stop();
    }
    expect(logs.join('\n')).toMatch(/dropped events_1\b/);
    expect((await t.store.list({ scope: { group: '', resource: 'configmaps' } })).items).toHaveLength(15);
    await expect(t.store.readAfter(1, 10)).rejects.toMatchObject({ code: 'Expired' });
  });

  it('does nothing when disabled', async () => {
    const before = await t.store.compactedRevision();
    await write('c0');
    const job = startCompactionJob(t.store, 0, () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    await job.stop();
    expect(await t.store.compactedRevision()).toBe(before);
  });
});
