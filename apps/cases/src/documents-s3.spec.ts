import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalS3, type LocalS3 } from '@scp/platform-testing';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * The cases service with its documents in S3 (the production store): an S3-compatible server
 * (s3rver) started here, the service configured only through DOCUMENT_S3_* and the AWS SDK's
 * default credential chain (keys in the environment, as IRSA or an instance role would provide).
 */
const ENV = [
  'DOCUMENT_STORE',
  'DOCUMENT_S3_BUCKET',
  'DOCUMENT_S3_REGION',
  'DOCUMENT_S3_ENDPOINT',
  'DOCUMENT_S3_PREFIX',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;

describe('documents in S3 through the cases service', () => {
  let h: CasesHarness;
  let s3: LocalS3;
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    s3 = await startLocalS3('scp-docs');
    Object.assign(process.env, {
      DOCUMENT_S3_BUCKET: 'scp-docs',
      DOCUMENT_S3_REGION: 'eu-west-2',
      DOCUMENT_S3_ENDPOINT: s3.endpoint,
      DOCUMENT_S3_PREFIX: 'cases/',
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    });
    delete process.env.DOCUMENT_STORE; // S3 is chosen because a bucket is configured
    h = await startCasesHarness({ canaries: false });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await s3?.close();
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });

  it('uploads into the bucket, downloads the same bytes (checksum verified), and nothing lands on local disk', async () => {
    const actor = await h.actor('spoc.nvp');
    const authorization = `Bearer ${h.signer.mintForUser(actor, 'cases')}`;
    const bytes = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(512 * 1024, 0x20),
      Buffer.from('\n%%EOF\n'),
    ]);
    const query = new URLSearchParams({
      caseId: h.fixture.cases.NV1!,
      category: 'D5',
      visibleAgencyIds: h.fixture.agencies.NVH!,
    });
    const t0 = performance.now();
    const up = await fetch(`${h.url}/documents?${query}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/pdf', 'x-file-name': 'Synthetic summary.pdf' },
      body: new Uint8Array(bytes),
    });
    const uploadMs = performance.now() - t0;
    expect(up.status).toBe(201);
    const { document } = (await up.json()) as { document: { id: string } };
    const key = path.join(
      s3.dir,
      'scp-docs',
      'cases',
      'documents',
      h.fixture.cases.NV1!,
      `${document.id}._S3rver_object`,
    );
    expect(fs.readFileSync(key).equals(bytes)).toBe(true);

    const t1 = performance.now();
    const down = await fetch(`${h.url}/documents/${document.id}/content`, { headers: { authorization } });
    const got = Buffer.from(await down.arrayBuffer());
    const downloadMs = performance.now() - t1;
    expect(down.status).toBe(200);
    expect(got.equals(bytes)).toBe(true);
    expect(down.headers.get('repr-digest')).toContain(createHash('sha256').update(bytes).digest('base64'));
    expect(
      fs.existsSync(
        path.resolve(
          process.env.DOCUMENT_STORE_DIR ?? '.data/documents',
          'documents',
          h.fixture.cases.NV1!,
          document.id,
        ),
      ),
    ).toBe(false);
    process.stdout.write(
      `cases service + S3 (s3rver, 512 KiB PDF): upload ${uploadMs.toFixed(1)} ms, download ${downloadMs.toFixed(1)} ms\n`,
    );
  });
});
