import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DocumentMissingError, LocalDiskDocumentStore } from './document-store.js';
import { documentStoreFromEnv } from './document-store.config.js';
import { S3DocumentStore, signV4 } from './s3-document-store.js';

describe('local disk document store', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-store-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes once, owner-only, reads back, and deletes', async () => {
    const store = new LocalDiskDocumentStore(root);
    await store.put('documents/c1/d1', Buffer.from('hello'));
    expect(await store.get('documents/c1/d1')).toEqual(Buffer.from('hello'));
    expect(fs.statSync(path.join(root, 'documents', 'c1', 'd1')).mode & 0o777).toBe(0o600);
    await expect(store.put('documents/c1/d1', Buffer.from('other'))).rejects.toThrow();
    expect(await store.get('documents/c1/d1')).toEqual(Buffer.from('hello'));
    expect(fs.readdirSync(path.join(root, 'documents', 'c1'))).toEqual(['d1']);
    await store.delete('documents/c1/d1');
    await expect(store.get('documents/c1/d1')).rejects.toBeInstanceOf(DocumentMissingError);
  });

  it('refuses keys that could leave its directory', async () => {
    const store = new LocalDiskDocumentStore(root);
    for (const key of ['../x', 'documents/../../x', '/etc/passwd', 'a//b', 'A/B', 'a/./b', ''])
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow('invalid document store key');
  });

  it('is chosen by configuration, and an incomplete S3 configuration stops the boot', () => {
    expect(documentStoreFromEnv({ DOCUMENT_STORE_DIR: root })).toBeInstanceOf(LocalDiskDocumentStore);
    expect((documentStoreFromEnv({}) as LocalDiskDocumentStore).root).toBe(path.resolve('.data/documents'));
    expect(() => documentStoreFromEnv({ DOCUMENT_STORE: 's3', DOCUMENT_S3_BUCKET: 'b' })).toThrow(
      'DOCUMENT_S3_ENDPOINT is required',
    );
    expect(() => documentStoreFromEnv({ DOCUMENT_STORE: 'ftp' })).toThrow();
  });
});

describe('S3-compatible store (SigV4 with node:crypto)', () => {
  it('signs the AWS documentation example (GET Object) to the published signature', () => {
    const auth = signV4({
      method: 'GET',
      host: 'examplebucket.s3.amazonaws.com',
      path: '/test.txt',
      headers: {
        range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': '20130524T000000Z',
      },
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      region: 'us-east-1',
      service: 's3',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      amzDate: '20130524T000000Z',
    });
    expect(auth).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('puts without overwriting, gets, and maps 404 to a missing document', async () => {
    const calls: { url: string; method: string; headers: Record<string, string>; body?: Uint8Array }[] = [];
    const objects = new Map<string, Buffer>();
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ url, method: init.method!, headers, body: init.body as Uint8Array | undefined });
      if (init.method === 'PUT') {
        objects.set(url, Buffer.from(init.body as Uint8Array));
        return new Response(null, { status: 200 });
      }
      const found = objects.get(url);
      return found
        ? new Response(new Uint8Array(found), { status: 200 })
        : new Response('<Error/>', { status: 404 });
    }) as unknown as typeof fetch;
    const store = new S3DocumentStore({
      endpoint: 'https://minio.example.invalid:9000',
      bucket: 'scp-documents',
      region: 'eu-west-2',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      prefix: 'cases/',
      fetch: fakeFetch,
      clock: () => new Date('2026-03-02T10:00:00Z'),
    });
    await store.put('documents/c1/d1', Buffer.from('bytes'));
    expect(await store.get('documents/c1/d1')).toEqual(Buffer.from('bytes'));
    await expect(store.get('documents/c1/none')).rejects.toBeInstanceOf(DocumentMissingError);
    const put = calls[0]!;
    expect(put.url).toBe('https://minio.example.invalid:9000/scp-documents/cases/documents/c1/d1');
    expect(put.headers['if-none-match']).toBe('*');
    expect(put.headers['x-amz-date']).toBe('20260302T100000Z');
    expect(put.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('bytes').digest('hex'));
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260302\/eu-west-2\/s3\/aws4_request,SignedHeaders=content-type;host;if-none-match;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/,
    );
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid document store key');
  });
});
