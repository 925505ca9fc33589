import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocumentMissingError } from './document-store.js';
import { documentStoreFromEnv } from './document-store.config.js';
import { S3DocumentStore } from './s3-document-store.js';

/** s3rver: an S3-compatible server (SigV4 checked, objects on disk), in this process on a free port. */
interface S3rverServer {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverServer;

const BUCKET = 'scp-documents';
// s3rver's only account (its defaults): requests signed with anything else are refused.
const KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('S3 document store (AWS SDK v3) against a local S3-compatible server', () => {
  let dir: string;
  let server: S3rverServer;
  let endpoint: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-s3-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  /** A store from configuration, the SDK's default chain finding s3rver's keys in the environment. */
  const storeFrom = (extra: Record<string, string>) => {
    process.env.AWS_ACCESS_KEY_ID = KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEY.secretAccessKey;
    return documentStoreFromEnv({
      DOCUMENT_S3_BUCKET: BUCKET,
      DOCUMENT_S3_REGION: 'eu-west-2',
      DOCUMENT_S3_ENDPOINT: endpoint,
      ...extra,
    }) as S3DocumentStore;
  };
  afterEach(() => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'])
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
  });

  it('puts, gets and deletes through the default credential chain (keys from the environment)', async () => {
    // Nothing static configured: the SDK finds the keys itself, as it finds IRSA or an instance role.
    const store = storeFrom({ DOCUMENT_S3_PREFIX: 'cases/' });
    try {
      const bytes = Buffer.alloc(2 * 1024 * 1024, 7);
      bytes.write('synthetic document', 0);
      const t0 = performance.now();
      await store.put('documents/c1/d1', bytes);
      const t1 = performance.now();
      const back = await store.get('documents/c1/d1');
      const t2 = performance.now();
      expect(back.equals(bytes)).toBe(true); // (toEqual walks 2 MiB byte by byte: seconds)
      // Stored under the prefix, path-style, on the server's disk.
      expect(fs.existsSync(path.join(dir, BUCKET, 'cases', 'documents', 'c1', 'd1._S3rver_object'))).toBe(
        true,
      );
      await expect(store.get('documents/c1/none')).rejects.toBeInstanceOf(DocumentMissingError);
      await store.delete('documents/c1/d1');
      await expect(store.get('documents/c1/d1')).rejects.toBeInstanceOf(DocumentMissingError);
      await store.delete('documents/c1/d1'); // deleting what is gone is not an error
      await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid document store key');
      process.stdout.write(
        `S3 (s3rver, 2 MiB): put ${(t1 - t0).toFixed(1)} ms, get ${(t2 - t1).toFixed(1)} ms\n`,
      );
    } finally {
      store.close();
    }
  });

  it('uses static keys only when configured, and a refused request names neither key nor body', async () => {
    // (s3rver checks the access key id but not the SigV4 signature itself: an unknown id is refused.)
    // Valid keys in the environment, unknown static ones configured: the static ones are used.
    const store = storeFrom({
      DOCUMENT_S3_ACCESS_KEY_ID: 'AKIDUNKNOWN',
      DOCUMENT_S3_SECRET_ACCESS_KEY: 'not-the-secret',
    });
    try {
      const err = (await store
        .put('documents/c2/secret-name', Buffer.from('x'))
        .catch((e: unknown) => e)) as Error;
      expect(err.message).toBe('document store PUT failed with HTTP 403');
      expect(err.message).not.toContain('secret-name');
    } finally {
      store.close();
    }
    const good = new S3DocumentStore({ bucket: BUCKET, region: 'eu-west-2', endpoint, credentials: KEY });
    try {
      await good.put('documents/c2/d2', Buffer.from('static'));
      expect(await good.get('documents/c2/d2')).toEqual(Buffer.from('static'));
    } finally {
      good.close();
    }
  });

  it('reports an unreachable store as a failure, not as a missing document', async () => {
    const store = new S3DocumentStore({
      bucket: BUCKET,
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:9',
      credentials: KEY,
      maxAttempts: 1,
    });
    try {
      const err = await store.get('documents/c3/d3').catch((e: unknown) => e);
      expect(err).not.toBeInstanceOf(DocumentMissingError);
      expect((err as Error).message).toBe('document store GET failed');
    } finally {
      store.close();
    }
  });
});
