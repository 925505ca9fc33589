import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { assertStoreKey, DocumentMissingError, type DocumentStore } from './document-store.js';

export interface S3StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3DocumentStoreOptions {
  bucket: string;
  region: string;
  /**
   * A MinIO / Ceph RGW / other S3-compatible endpoint. Without it the SDK uses AWS S3's regional
   * endpoint (and its FIPS or dual-stack variants when AWS_USE_FIPS_ENDPOINT… are set).
   */
  endpoint?: string;
  /**
   * Static keys, only when configured. Without them the AWS SDK's default provider chain is used:
   * AWS_ACCESS_KEY_ID/… in the environment, web identity (EKS IRSA / Pod Identity:
   * AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), SSO/shared config files, the ECS container role,
   * then the EC2 instance role (IMDSv2). Temporary credentials are refreshed by the SDK.
   */
  credentials?: S3StaticCredentials;
  /** `https://endpoint/bucket/key` (MinIO, Ceph) rather than `https://bucket.endpoint/key`. */
  forcePathStyle?: boolean;
  /** Prepended to every key, e.g. `cases/`. */
  prefix?: string;
  /** Attempts per request, the first included (the SDK's standard retry mode, with backoff). */
  maxAttempts?: number;
  /** Milliseconds: connecting, and waiting for the answer, per attempt. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** A client of one's own (tests); the options above then only give bucket and prefix. */
  client?: S3Client;
}

/** The HTTP status of an S3 error, when it has one. */
const statusOf = (err: unknown): number | undefined =>
  err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;

/** Only the operation and the status: an S3 error message can echo the key and request details. */
const failure = (op: string, err: unknown) =>
  new Error(`document store ${op} failed${statusOf(err) ? ` with HTTP ${statusOf(err)}` : ''}`, {
    cause: err instanceof Error ? err.name : undefined,
  });

export function s3ClientConfig(opts: S3DocumentStoreOptions): S3ClientConfig {
  if (opts.endpoint !== undefined) {
    const url = new URL(opts.endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error('DOCUMENT_S3_ENDPOINT must be an http(s) URL');
  }
  return {
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle ?? opts.endpoint !== undefined,
    credentials: opts.credentials,
    maxAttempts: opts.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: opts.connectionTimeoutMs ?? 5_000,
      requestTimeout: opts.requestTimeoutMs ?? 30_000,
    },
    // Checksums only where S3 requires them: MinIO, Ceph and older S3-compatible stores reject or
    // ignore the newer default CRC trailers. TLS protects the bytes in transit.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/**
 * An S3-compatible store (AWS S3, MinIO, Ceph RGW) on the AWS SDK v3: PUT, GET and DELETE of single
 * objects, no multipart (documents are at most 10 MiB). Objects are written with
 * `If-None-Match: *` so an existing key is never overwritten (stores that ignore the header still
 * get unique keys from the service). Encryption at rest is the bucket's default encryption.
 */
export class S3DocumentStore implements DocumentStore {
  readonly client: S3Client;

  constructor(private readonly opts: S3DocumentStoreOptions) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(opts.bucket)) throw new Error('invalid S3 bucket name');
    this.client = opts.client ?? new S3Client(s3ClientConfig(opts));
  }

  private objectKey(key: string): string {
    assertStoreKey(key);
    return `${this.opts.prefix ?? ''}${key}`;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
          IfNoneMatch: '*',
        }),
      );
    } catch (err) {
      throw failure('PUT', err);
    }
  }

  async get(key: string): Promise<Buffer> {
    const Key = this.objectKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key }));
      if (!res.Body) throw new Error('no body');
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (statusOf(err) === 404) throw new DocumentMissingError();
      throw failure('GET', err);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key }));
    } catch (err) {
      if (statusOf(err) !== 404) throw failure('DELETE', err);
    }
  }

  /** Closes the client's sockets (tests, shutdown). */
  close(): void {
    if (!this.opts.client) this.client.destroy();
  }
}
