import type { ActorRecord, CasesInternalClient } from './cases-internal.client.js';
import { ActorResolver } from './actor.resolver.js';

/** A directory whose answer the test changes, counting how often it is asked. */
function directory(initial: ActorRecord) {
  const state = { record: initial, calls: 0 };
  const client = {
    lookupActor: async () => {
      state.calls += 1;
      return { ...state.record, roles: [...state.record.roles] };
    },
  } as unknown as CasesInternalClient;
  return { state, client };
}

const spoc: ActorRecord = {
  userId: 'u1',
  agencyId: 'a1',
  agencyType: 'POLICE',
  roles: ['POLICE_SPOC'],
  clinicIds: [],
};

describe('ActorResolver', () => {
  it('reuses an actor only while the change channel is live', async () => {
    const d = directory(spoc);
    const actors = new ActorResolver(d.client, 5_000);
    await actors.resolve('spoc', 'r1');
    await actors.resolve('spoc', 'r2');
    expect(d.state.calls).toBe(2);
    actors.onLive(true);
    await actors.resolve('spoc', 'r3');
    await actors.resolve('spoc', 'r4');
    expect(d.state.calls).toBe(3);
    actors.onLive(false);
    await actors.resolve('spoc', 'r5');
    expect(d.state.calls).toBe(4);
  });

  it('a change to the user drops the cached actor and keeps it uncached for one TTL', async () => {
    let now = 0;
    const d = directory(spoc);
    const actors = new ActorResolver(d.client, 5_000, { live: true, clock: () => now });
    expect((await actors.resolve('spoc', 'r1'))?.roles).toEqual(['POLICE_SPOC']);
    // Announced before the commit: the lookup that follows may still read the old roles ...
    actors.onChange({ userId: 'u1' });
    expect((await actors.resolve('spoc', 'r2'))?.roles).toEqual(['POLICE_SPOC']);
    // ... but is not kept, so the committed revocation is seen at once.
    d.state.record = { ...spoc, roles: [] };
    expect((await actors.resolve('spoc', 'r3'))?.roles).toEqual([]);
    now = 5_001;
    await actors.resolve('spoc', 'r4');
    await actors.resolve('spoc', 'r5');
    expect(d.state.calls).toBe(4);
  });

  it("a change to the agency drops its users' actors; one of another agency stays", async () => {
    const d = directory(spoc);
    const actors = new ActorResolver(d.client, 5_000, { live: true });
    await actors.resolve('spoc', 'r1');
    actors.onChange({ agencyId: 'a2' });
    await actors.resolve('spoc', 'r2');
    expect(d.state.calls).toBe(1);
    actors.onChange({ agencyId: 'a1' });
    await actors.resolve('spoc', 'r3');
    expect(d.state.calls).toBe(2);
  });

  it('a change it cannot read drops everything', async () => {
    const d = directory(spoc);
    const actors = new ActorResolver(d.client, 5_000, { live: true });
    await actors.resolve('spoc', 'r1');
    actors.onChange({});
    await actors.resolve('spoc', 'r2');
    expect(d.state.calls).toBe(2);
  });
});
