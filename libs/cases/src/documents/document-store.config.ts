import { LocalDiskDocumentStore, type DocumentStore } from './document-store.js';
import { S3DocumentStore } from './s3-document-store.js';

/**
 * The store the configuration asks for, checked at boot:
 * - `DOCUMENT_STORE=local` (default): `DOCUMENT_STORE_DIR` (default `.data/documents`, relative to
 *   the working directory);
 * - `DOCUMENT_STORE=s3`: `DOCUMENT_S3_ENDPOINT`, `DOCUMENT_S3_BUCKET`, `DOCUMENT_S3_REGION`,
 *   `DOCUMENT_S3_ACCESS_KEY_ID`, `DOCUMENT_S3_SECRET_ACCESS_KEY`, optional
 *   `DOCUMENT_S3_SESSION_TOKEN`, `DOCUMENT_S3_FORCE_PATH_STYLE` (default true) and
 *   `DOCUMENT_S3_PREFIX`.
 */
export function documentStoreFromEnv(env: Record<string, string | undefined> = process.env): DocumentStore {
  const kind = env.DOCUMENT_STORE?.trim() || 'local';
  if (kind === 'local')
    return new LocalDiskDocumentStore(env.DOCUMENT_STORE_DIR?.trim() || '.data/documents');
  if (kind !== 's3') throw new Error('DOCUMENT_STORE must be "local" or "s3"');
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required when DOCUMENT_STORE=s3`);
    return value;
  };
  return new S3DocumentStore({
    endpoint: need('DOCUMENT_S3_ENDPOINT'),
    bucket: need('DOCUMENT_S3_BUCKET'),
    region: need('DOCUMENT_S3_REGION'),
    accessKeyId: need('DOCUMENT_S3_ACCESS_KEY_ID'),
    secretAccessKey: need('DOCUMENT_S3_SECRET_ACCESS_KEY'),
    sessionToken: env.DOCUMENT_S3_SESSION_TOKEN?.trim() || undefined,
    forcePathStyle: env.DOCUMENT_S3_FORCE_PATH_STYLE?.trim() !== 'false',
    prefix: env.DOCUMENT_S3_PREFIX?.trim() || undefined,
  });
}
