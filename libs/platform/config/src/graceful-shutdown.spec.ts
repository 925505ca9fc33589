import { jest } from '@jest/globals';
import { closeOnSignals } from './graceful-shutdown.js';

describe('closeOnSignals', () => {
  const logger = { info: jest.fn(), error: jest.fn() };
  // No real signal handlers in a test process: the returned function is the shutdown.
  const setup = (close: () => Promise<void>, timeoutMs = 1_000) => {
    const exit = jest.fn();
    const shutdown = closeOnSignals({ service: 't', close, logger, timeoutMs, exit, signals: [] });
    return { exit, shutdown };
  };

  it('closes once and exits 0, however many signals arrive', async () => {
    const close = jest.fn(async () => undefined);
    const { exit, shutdown } = setup(close);
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT'), shutdown('SIGTERM')]);
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit.mock.calls).toEqual([[0]]);
  });

  it('exits 1 when closing fails, naming the error', async () => {
    const { exit, shutdown } = setup(() => Promise.reject(new Error('pool would not close')));
    await shutdown('SIGTERM');
    expect(exit.mock.calls).toEqual([[1]]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ err: 'pool would not close' }),
      'stopping failed',
    );
  });

  it('exits 1 when closing outlasts its bound, instead of waiting for SIGKILL', async () => {
    const { exit, shutdown } = setup(() => new Promise<void>(() => undefined), 20);
    await shutdown('SIGTERM');
    expect(exit.mock.calls).toEqual([[1]]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ timeoutMs: 20 }),
      'did not stop in time; exiting',
    );
  });
});
