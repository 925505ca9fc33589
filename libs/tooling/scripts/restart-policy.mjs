// When `npm start`'s supervisor restarts a service that exited on its own (issue #20 item 7).
// Pure: the supervisor passes the clock in, so libs/tooling/src/restart-policy.spec.ts can test it.
//
// Backoff doubles from `baseMs` up to `maxMs`. A run that lasted `stableMs` or longer was healthy:
// the next crash starts again at attempt 1. After `maxRapidCrashes` crashes in a row, none of them
// stable, the policy gives up (a service that cannot stay up is a bug to read in its log, not to
// hide behind endless restarts).

export const RESTART_DEFAULTS = Object.freeze({
  baseMs: 1_000,
  maxMs: 30_000,
  stableMs: 60_000,
  maxRapidCrashes: 5,
});

/**
 * @param {Partial<typeof RESTART_DEFAULTS>} [options]
 * @returns {{ started(now: number): void, exited(now: number): { restart: true, attempt: number, delayMs: number } | { restart: false, crashes: number } }}
 */
export function restartPolicy(options = {}) {
  const { baseMs, maxMs, stableMs, maxRapidCrashes } = { ...RESTART_DEFAULTS, ...options };
  let startedAt;
  let rapid = 0;
  return {
    started(now) {
      startedAt = now;
    },
    exited(now) {
      if (startedAt !== undefined && now - startedAt >= stableMs) rapid = 0;
      rapid++;
      if (rapid > maxRapidCrashes) return { restart: false, crashes: rapid };
      return { restart: true, attempt: rapid, delayMs: Math.min(maxMs, baseMs * 2 ** (rapid - 1)) };
    },
  };
}

/** "1 s", "500 ms": the delay as the supervisor prints it. */
export function formatDelay(ms) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
