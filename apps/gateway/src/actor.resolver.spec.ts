import { DirectoryUnavailable, type ActorRecord, type CasesInternalClient } from './cases-internal.client.js';
import { ActorResolver } from './actor.resolver.js';

/** A directory whose answer the test changes, counting how often it is asked. */
function directory(initial: ActorRecord) {
  const state: { record: ActorRecord | null; calls: number; failure?: Error } = { record: initial, calls: 0 };
  const client = {
    lookupActor: async () => {
      state.calls += 1;
      if (state.failure) throw state.failure;
      return state.record && { ...state.record, roles: [...state.record.roles] };
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

describe('ActorResolver stale-if-error (docs/degradation.md)', () => {
  const down = new DirectoryUnavailable('cases /internal/actor unreachable: Error');
  const setup = (opts: { ttlMs?: number; staleIfErrorMs?: number } = {}) => {
    const clock = { now: 0 };
    const d = directory(spoc);
    const actors = new ActorResolver(d.client, opts.ttlMs ?? 0, {
      live: true,
      clock: () => clock.now,
      staleIfErrorMs: opts.staleIfErrorMs ?? 60_000,
    });
    return { clock, d, actors };
  };

  it('answers with the last record while the directory is unavailable, for staleIfErrorMs only', async () => {
    const { clock, d, actors } = setup();
    await actors.resolve('spoc', 'r1');
    d.state.failure = down;
    clock.now = 59_999;
    expect(await actors.resolve('spoc', 'r2')).toEqual({ ...spoc, requestId: 'r2' });
    clock.now = 60_000;
    await expect(actors.resolve('spoc', 'r3')).rejects.toBe(down);
  });

  it('never for a user not seen, nor when disabled (0), nor for an error that is not an outage', async () => {
    const { d, actors } = setup();
    d.state.failure = down;
    await expect(actors.resolve('spoc', 'r1')).rejects.toBe(down);
    const off = setup({ staleIfErrorMs: 0 });
    await off.actors.resolve('spoc', 'r1');
    off.d.state.failure = down;
    await expect(off.actors.resolve('spoc', 'r2')).rejects.toBe(down);
    const malformed = setup();
    await malformed.actors.resolve('spoc', 'r1');
    malformed.d.state.failure = new Error('cases /internal/actor: malformed actor');
    await expect(malformed.actors.resolve('spoc', 'r2')).rejects.toThrow('malformed');
  });

  it('drops the record on a change to its user or agency, on any gap in the channel, and on "unknown user"', async () => {
    for (const drop of [
      (a: ActorResolver) => a.onChange({ userId: 'u1' }),
      (a: ActorResolver) => a.onChange({ agencyId: 'a1' }),
      (a: ActorResolver) => a.onChange({}),
      (a: ActorResolver) => {
        a.onLive(false);
        a.onLive(true);
      },
    ]) {
      const { d, actors } = setup();
      await actors.resolve('spoc', 'r1');
      drop(actors);
      d.state.failure = down;
      await expect(actors.resolve('spoc', 'r2')).rejects.toBe(down);
    }
    const { d, actors } = setup();
    await actors.resolve('spoc', 'r1');
    d.state.record = null;
    expect(await actors.resolve('spoc', 'r2')).toBeNull();
    d.state.failure = down;
    await expect(actors.resolve('spoc', 'r3')).rejects.toBe(down);
  });

  it('keeps nothing read while the channel was down, nor a lookup that raced a change', async () => {
    const { d, actors } = setup();
    actors.onLive(false);
    await actors.resolve('spoc', 'r1');
    actors.onLive(true);
    d.state.failure = down;
    await expect(actors.resolve('spoc', 'r2')).rejects.toBe(down);
    d.state.failure = undefined;
    actors.onChange({ userId: 'u1' });
    // Announced before its commit: this lookup may carry the old roles, so it is not kept.
    await actors.resolve('spoc', 'r3');
    d.state.failure = down;
    await expect(actors.resolve('spoc', 'r4')).rejects.toBe(down);
  });
});
