import { createLogger } from '@scp/platform-logging';
import { startDevMailCatcher, type DevMailCatcher } from './catcher.js';

// The development mail catcher as a process; `npm start` runs it unless SMTP_URL names a real server.
const logger = createLogger('dev-mail-catcher');

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    logger.fatal({ variable: name }, 'not a TCP port');
    process.exit(1);
  }
  return value;
}

const running: { catcher?: DevMailCatcher } = {};
// Registered before the "listening" line: whoever reads that line may signal at once.
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    logger.info({ signal }, 'mail catcher stopping');
    void (running.catcher?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });

const catcher = await startDevMailCatcher({
  smtpPort: port('MAIL_CATCHER_SMTP_PORT', 1025),
  httpPort: port('MAIL_CATCHER_HTTP_PORT', 8025),
});
running.catcher = catcher;
logger.info({ smtp: `smtp://127.0.0.1:${catcher.smtpPort}`, page: catcher.url }, 'mail catcher listening');
