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
    for (let i = 0; i < 12; i++) await write(`a${i}`);
    const logs: string[] = [];
    const job = startCompactionJob(t.store, 150, (m) => logs.push(m));
    try {
      await waitUntil(async () => (await t.store.compactedRevision()) === 12, 30_000, `compaction to the first head (job log: ${logs.join('; ')})`);
      for (let i = 0; i < 3; i++) await write(`b${i}`); // head 15, not compacted until a tick has seen it
      expect(await t.store.compactedRevision()).toBe(12);
      await waitUntil(async () => (await t.store.compactedRevision()) === 15, 30_000, `compaction to the next head (job log: ${logs.join('; ')})`);
    } finally {
      await job.stop();
    }
    expect(logs.join('\n')).toMatch(/dropped events_1, events_6/);
    expect((await t.store.list({ scope: { group: '', resource: 'configmaps' } })).items).toHaveLength(15);
    await expect(t.store.readAfter(10, 10)).rejects.toMatchObject({ code: 'Expired' });
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
