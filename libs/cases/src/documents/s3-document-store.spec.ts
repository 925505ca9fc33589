import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalS3, type LocalS3 } from '@scp/platform-testing';
import { DocumentMissingError } from './document-store.js';
import { documentStoreFromEnv } from './document-store.config.js';
import { S3DocumentStore } from './s3-document-store.js';

const BUCKET = 'scp-documents';

describe('S3 document store (AWS SDK v3) against a local S3-compatible server', () => {
  let s3: LocalS3;
  let dir: string;
  let endpoint: string;
  let KEY: LocalS3['credentials'];
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startLocalS3(BUCKET);
    ({ dir, endpoint, credentials: KEY } = s3);
  });
  afterAll(() => s3.close());
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
