import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface LocalS3 {
  /** `http://127.0.0.1:PORT`: the DOCUMENT_S3_ENDPOINT. */
  endpoint: string;
  /** Where the objects are: `<dir>/<bucket>/<key>._S3rver_object`. */
  dir: string;
  /** s3rver's only account: other access key ids are refused (SigV4 signatures are not checked). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

type S3rverClass = new (opts: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

/** An S3-compatible server (s3rver, objects on disk), in this process on a free port, with `buckets`. */
export async function startLocalS3(...buckets: string[]): Promise<LocalS3> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
