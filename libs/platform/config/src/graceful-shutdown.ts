/**
 * Graceful shutdown, the same in every service (issue 16 §5). On SIGTERM (a rollout, a scale-down)
 * or SIGINT the service stops taking requests, lets the jobs in hand finish (BullMQ returns the
 * rest to the queue), finishes its outbox relay's batch and closes its pools — all in `close`,
 * which each app's factory returns. Kubernetes waits `terminationGracePeriodSeconds` (30 s, 5 of
 * them in preStop) before SIGKILL, so the close is bounded below that: a close that hangs is
 * reported and the process exits 1 rather than being killed mid-write.
 */
export const SHUTDOWN_TIMEOUT_MS = 20_000;

export interface ShutdownLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface GracefulShutdownOptions {
  service: string;
  close: () => Promise<void>;
  logger: ShutdownLogger;
  timeoutMs?: number;
  /** Injectable for tests; the process by default. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/**
 * Runs `close` once on the first SIGTERM/SIGINT, then exits: 0 when everything closed in time,
 * 1 when close failed or took longer than the timeout. A second signal while closing is ignored
 * (the first one is already finishing the work). Returns the shutdown as a function, for tests.
 */
export function closeOnSignals(opts: GracefulShutdownOptions): (signal: NodeJS.Signals) => Promise<void> {
  const timeoutMs = opts.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals): Promise<void> => {
    stopping ??= (async () => {
      const started = Date.now();
      opts.logger.info({ signal, service: opts.service, timeoutMs }, 'stopping');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref();
      });
      try {
        const outcome = await Promise.race([opts.close().then(() => 'closed' as const), timedOut]);
        if (outcome === 'timeout') {
          opts.logger.error({ service: opts.service, timeoutMs }, 'did not stop in time; exiting');
          return exit(1);
        }
        opts.logger.info({ service: opts.service, ms: Date.now() - started }, 'stopped');
        exit(0);
      } catch (err) {
        opts.logger.error(
          { service: opts.service, err: err instanceof Error ? err.message : String(err) },
          'stopping failed',
        );
        exit(1);
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
  for (const signal of opts.signals ?? (['SIGTERM', 'SIGINT'] as const))
    process.on(signal, () => void shutdown(signal));
  return shutdown;
}
