import { LocalDiskDocumentStore, type DocumentStore } from './document-store.js';
import { S3DocumentStore, type S3StaticCredentials } from './s3-document-store.js';

type Env = Record<string, string | undefined>;

/** The store kind: `DOCUMENT_STORE`, else `s3` once a bucket is configured, else `local`. */
export function documentStoreKind(env: Env): string {
  return env.DOCUMENT_STORE?.trim() || (env.DOCUMENT_S3_BUCKET?.trim() ? 's3' : 'local');
}

/**
 * The store the configuration asks for, checked at boot:
 * - `DOCUMENT_STORE=s3` (the default once `DOCUMENT_S3_BUCKET` is set; production requires it):
 *   `DOCUMENT_S3_BUCKET`, `DOCUMENT_S3_REGION` (or `AWS_REGION`), optional `DOCUMENT_S3_ENDPOINT`
 *   (MinIO, Ceph; default AWS S3), `DOCUMENT_S3_FORCE_PATH_STYLE` (default true with an endpoint)
 *   and `DOCUMENT_S3_PREFIX`. Credentials come from the AWS SDK's default chain (environment, web
 *   identity / IRSA, container or instance role) unless `DOCUMENT_S3_ACCESS_KEY_ID` and
 *   `DOCUMENT_S3_SECRET_ACCESS_KEY` (and optionally `DOCUMENT_S3_SESSION_TOKEN`) are given.
 * - `DOCUMENT_STORE=local` (development and tests only): `DOCUMENT_STORE_DIR` (default
 *   `.data/documents`, relative to the working directory).
 */
export function documentStoreFromEnv(env: Env = process.env): DocumentStore {
  const kind = documentStoreKind(env);
  if (kind !== 'local' && kind !== 's3') throw new Error('DOCUMENT_STORE must be "local" or "s3"');
  if (kind === 'local') {
    if (env.NODE_ENV === 'production')
      throw new Error('DOCUMENT_STORE=local is for development only: production needs DOCUMENT_S3_BUCKET');
    return new LocalDiskDocumentStore(env.DOCUMENT_STORE_DIR?.trim() || '.data/documents');
  }
  const opt = (name: string) => env[name]?.trim() || undefined;
  const need = (name: string, value = opt(name)) => {
    if (!value) throw new Error(`${name} is required when DOCUMENT_STORE=s3`);
    return value;
  };
  const accessKeyId = opt('DOCUMENT_S3_ACCESS_KEY_ID');
  let credentials: S3StaticCredentials | undefined;
  if (accessKeyId || opt('DOCUMENT_S3_SECRET_ACCESS_KEY'))
    credentials = {
      accessKeyId: need('DOCUMENT_S3_ACCESS_KEY_ID', accessKeyId),
      secretAccessKey: need('DOCUMENT_S3_SECRET_ACCESS_KEY'),
      sessionToken: opt('DOCUMENT_S3_SESSION_TOKEN'),
    };
  const endpoint = opt('DOCUMENT_S3_ENDPOINT');
  const pathStyle = opt('DOCUMENT_S3_FORCE_PATH_STYLE');
  return new S3DocumentStore({
    bucket: need('DOCUMENT_S3_BUCKET'),
    region: need('DOCUMENT_S3_REGION', opt('DOCUMENT_S3_REGION') ?? opt('AWS_REGION')),
    endpoint,
    credentials,
    forcePathStyle: pathStyle === undefined ? endpoint !== undefined : pathStyle !== 'false',
    prefix: opt('DOCUMENT_S3_PREFIX'),
  });
}
