import fs from 'node:fs';
import path from 'node:path';
import { createDataSource } from '@scp/platform-database';
import { createRedis, waitForRedis } from '@scp/platform-messaging';
import {
  NOTIFICATIONS_ENTITIES,
  NotificationPipeline,
  type MailSender,
  type RecipientDirectory,
} from '@scp/notifications';
import { BullJobs } from './jobs.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from './create-notifications-app.js';

/**
 * `npm run reminders:rebuild`: re-adds the wake-up job of every pending reminder, and the job of
 * every email delivery not yet sent, from PostgreSQL, and re-creates every repeatable schedule
 * (the daily digest) (after Redis lost its data, or to move to a
 * new Redis). Safe to run at any time: a job that exists is left alone, and the rows decide.
 * Reads DATABASE_URL, REDIS_URL and QUEUE_PREFIX (or the `npm start` stack's .data/dev-stack.json).
 */
const stackFile = path.join(process.cwd(), '.data', 'dev-stack.json');
const stack = fs.existsSync(stackFile)
  ? (JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { databaseUrl?: string; redisUrl?: string })
  : {};
const databaseUrl = process.env.DATABASE_URL || stack.databaseUrl;
const redisUrl = process.env.REDIS_URL || stack.redisUrl;
if (!databaseUrl || !redisUrl) {
  process.stderr.write('set DATABASE_URL and REDIS_URL, or start the dev stack (npm start)\n');
  process.exit(2);
}
const unused = (): never => {
  throw new Error('not used by the rebuild');
};
const ds = createDataSource({
  url: databaseUrl,
  schema: 'notifications',
  entities: NOTIFICATIONS_ENTITIES,
  poolSize: 2,
});
await ds.initialize();
const producer = createRedis(redisUrl, 'producer');
await waitForRedis(producer);
const jobs = new BullJobs(producer, process.env.QUEUE_PREFIX);
const directory: RecipientDirectory = { resolve: unused };
const mail: MailSender = { send: unused };
const pipeline = new NotificationPipeline(ds, directory, mail, jobs, DEFAULT_NOTIFICATION_SETTINGS);
const result = await pipeline.reconcile({ all: true });
process.stdout.write(
  `re-added ${result.reminders} reminder job(s); queued ${result.emails} pending email(s); ` +
    `set ${result.schedules} repeatable schedule(s)\n`,
);
await jobs.close();
producer.disconnect();
await ds.destroy();
