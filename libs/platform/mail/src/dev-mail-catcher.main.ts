import { startDevMailCatcher } from './catcher.js';

// The development mail catcher as a process (`npm start` runs it): SMTP in, a page to read.
const catcher = await startDevMailCatcher({
  smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
  httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 8025),
});
process.stdout.write(`mail catcher: smtp://127.0.0.1:${catcher.smtpPort}, read mail at ${catcher.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => {
    void catcher.close().then(() => process.exit(0));
  });
