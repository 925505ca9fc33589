import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DocumentMissingError, LocalDiskDocumentStore } from './document-store.js';
import { documentStoreFromEnv } from './document-store.config.js';
import { S3DocumentStore } from './s3-document-store.js';

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
    expect(() => documentStoreFromEnv({ DOCUMENT_STORE: 's3', DOCUMENT_S3_BUCKET: 'scp-docs' })).toThrow(
      'DOCUMENT_S3_REGION is required',
    );
    expect(() =>
      documentStoreFromEnv({
        DOCUMENT_S3_BUCKET: 'scp-docs',
        AWS_REGION: 'eu-west-2',
        DOCUMENT_S3_SECRET_ACCESS_KEY: 's',
      }),
    ).toThrow('DOCUMENT_S3_ACCESS_KEY_ID is required');
    expect(() => documentStoreFromEnv({ DOCUMENT_STORE: 'ftp' })).toThrow();
  });

  it('defaults to S3 once a bucket is set, and refuses the local disk in production', async () => {
    const store = documentStoreFromEnv({ DOCUMENT_S3_BUCKET: 'scp-docs', AWS_REGION: 'eu-west-2' });
    expect(store).toBeInstanceOf(S3DocumentStore);
    // No static keys configured: the SDK's default provider chain (env, IRSA, container, instance).
    expect((store as S3DocumentStore).client.config.forcePathStyle).toBe(false);
    expect(await (store as S3DocumentStore).client.config.region()).toBe('eu-west-2');
    (store as S3DocumentStore).close();
    for (const env of [{}, { DOCUMENT_STORE: 'local', DOCUMENT_STORE_DIR: root }])
      expect(() => documentStoreFromEnv({ NODE_ENV: 'production', ...env })).toThrow(
        'DOCUMENT_STORE=local is for development only',
      );
  });
});
