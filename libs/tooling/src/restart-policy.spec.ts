import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const policyScript = pathToFileURL(path.resolve(here, '../scripts/restart-policy.mjs')).href;

type Decision = { restart: true; attempt: number; delayMs: number } | { restart: false; crashes: number };
interface Policy {
  started(now: number): void;
  exited(now: number): Decision;
}
interface PolicyModule {
  restartPolicy(options?: Record<string, number>): Policy;
  formatDelay(ms: number): string;
}

const load = async (): Promise<PolicyModule> => (await import(policyScript)) as PolicyModule;

describe("npm start's restart policy (issue #20 item 7)", () => {
  it('doubles the delay from 1 s on each rapid crash, capped, and gives up after the fifth', async () => {
    const { restartPolicy } = await load();
    const policy = restartPolicy({ maxMs: 8_000 });
    let now = 0;
    const decisions: Decision[] = [];
    for (let i = 0; i < 6; i++) {
      policy.started(now);
      now += 500; // crashes half a second after each start
      decisions.push(policy.exited(now));
    }
    expect(decisions).toEqual([
      { restart: true, attempt: 1, delayMs: 1_000 },
      { restart: true, attempt: 2, delayMs: 2_000 },
      { restart: true, attempt: 3, delayMs: 4_000 },
      { restart: true, attempt: 4, delayMs: 8_000 },
      { restart: true, attempt: 5, delayMs: 8_000 },
      { restart: false, crashes: 6 },
    ]);
  });

  it('starts again at attempt 1 after a run that stayed up for the stable period', async () => {
    const { restartPolicy } = await load();
    const policy = restartPolicy({ stableMs: 60_000 });
    policy.started(0);
    expect(policy.exited(100)).toMatchObject({ attempt: 1 });
    policy.started(1_100);
    expect(policy.exited(1_200)).toMatchObject({ attempt: 2, delayMs: 2_000 });
    policy.started(3_200);
    expect(policy.exited(3_200 + 59_999)).toMatchObject({ attempt: 3 }); // one ms short of stable
    policy.started(70_000);
    expect(policy.exited(130_000)).toEqual({ restart: true, attempt: 1, delayMs: 1_000 });
  });

  it('prints delays the way the supervisor line reads', async () => {
    const { formatDelay } = await load();
    expect([formatDelay(1_000), formatDelay(500), formatDelay(1_500), formatDelay(30_000)]).toEqual([
      '1 s',
      '500 ms',
      '1.5 s',
      '30 s',
    ]);
  });
});
