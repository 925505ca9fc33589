import { createHash, createHmac } from 'node:crypto';
import { assertStoreKey, DocumentMissingError, type DocumentStore } from './document-store.js';

export interface S3DocumentStoreOptions {
  /** e.g. https://s3.eu-west-2.amazonaws.com or a MinIO / Ceph endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** `https://endpoint/bucket/key` (default; MinIO, Ceph) rather than `https://bucket.endpoint/key`. */
  forcePathStyle?: boolean;
  /** Prepended to every key, e.g. `cases/`. */
  prefix?: string;
  fetch?: typeof fetch;
  clock?: () => Date;
}

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters (and `/` in paths). */
const encode = (value: string, keepSlash: boolean) =>
  encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(keepSlash ? /%2F/g : /$^/, '/');

export interface SigV4Request {
  method: string;
  host: string;
  /** Already the exact path sent on the wire (each segment encoded once). */
  path: string;
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `YYYYMMDDTHHMMSSZ` */
  amzDate: string;
}

/**
 * AWS Signature Version 4 for a request without a query string
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html). Signs `host`
 * and every header given. Returns the Authorization header value.
 */
export function signV4(req: SigV4Request): string {
  const headers: Record<string, string> = { host: req.host };
  for (const [name, value] of Object.entries(req.headers))
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  const names = Object.keys(headers).sort();
  const canonical = [
    req.method,
    req.path,
    '',
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    req.payloadHash,
  ].join('\n');
  const date = req.amzDate.slice(0, 8);
  const scope = `${date}/${req.region}/${req.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', req.amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${req.secretAccessKey}`, date), req.region), req.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${req.accessKeyId}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`;
}

/**
 * An S3-compatible store (AWS S3, MinIO, Ceph RGW) with node:crypto SigV4 and fetch: PUT, GET
 * and DELETE of single objects, no multipart (documents are at most 10 MiB). Objects are written
 * with `If-None-Match: *` so an existing key is never overwritten (stores that ignore the header
 * still get unique keys from the service). Encryption at rest is the bucket's default encryption.
 */
export class S3DocumentStore implements DocumentStore {
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;

  constructor(private readonly opts: S3DocumentStoreOptions) {
    this.base = new URL(opts.endpoint);
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:')
      throw new Error('DOCUMENT_S3_ENDPOINT must be an http(s) URL');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(opts.bucket)) throw new Error('invalid S3 bucket name');
    this.fetchImpl = opts.fetch ?? fetch;
    this.clock = opts.clock ?? (() => new Date());
  }

  private target(key: string): { url: string; host: string; path: string } {
    assertStoreKey(key);
    const objectKey = `${this.opts.prefix ?? ''}${key}`;
    const encodedKey = encode(objectKey, true);
    const basePath = this.base.pathname.replace(/\/$/, '');
    if (this.opts.forcePathStyle !== false) {
      const path = `${basePath}/${this.opts.bucket}/${encodedKey}`;
      return { url: `${this.base.origin}${path}`, host: this.base.host, path };
    }
    const host = `${this.opts.bucket}.${this.base.host}`;
    const path = `${basePath}/${encodedKey}`;
    return { url: `${this.base.protocol}//${host}${path}`, host, path };
  }

  private async send(method: string, key: string, body?: Buffer, extra: Record<string, string> = {}) {
    const { url, host, path } = this.target(key);
    const amzDate = this.clock()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const payloadHash = sha256Hex(body ?? '');
    const headers: Record<string, string> = {
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      ...extra,
    };
    if (this.opts.sessionToken) headers['x-amz-security-token'] = this.opts.sessionToken;
    const authorization = signV4({
      method,
      host,
      path,
      headers,
      payloadHash,
      amzDate,
      region: this.opts.region,
      service: 's3',
      accessKeyId: this.opts.accessKeyId,
      secretAccessKey: this.opts.secretAccessKey,
    });
    return this.fetchImpl(url, {
      method,
      headers: { ...headers, authorization },
      body: body ? new Uint8Array(body) : undefined,
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const res = await this.send('PUT', key, bytes, {
      'content-type': 'application/octet-stream',
      'if-none-match': '*',
    });
    // The status only: an S3 error body can echo the key and request details.
    if (!res.ok) throw new Error(`document store PUT failed with HTTP ${res.status}`);
  }

  async get(key: string): Promise<Buffer> {
    const res = await this.send('GET', key);
    if (res.status === 404) throw new DocumentMissingError();
    if (!res.ok) throw new Error(`document store GET failed with HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key);
    if (!res.ok && res.status !== 404)
      throw new Error(`document store DELETE failed with HTTP ${res.status}`);
  }
}
