import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { CLIENT_KEEP_ALIVE_IDLE_MS } from '@scp/platform-config';

/**
 * The gateway's HTTP client for subgraphs and the cases internal endpoints, written against the
 * `Fetcher` shape @apollo/gateway 2.14 expects (`@apollo/utils.fetcher`: node-fetch compatible,
 * `(url, { method, headers, body }) → { status, ok, headers.get, json(), text() }`).
 *
 * Why our own: the default (make-fetch-happen) was measured 0.2–0.47 ms slower at p50 than a
 * keep-alive `http.Agent` (performance.md). Plain node:http with a LIFO keep-alive pool reuses
 * warm sockets and closes idle ones itself after `keepAliveIdleMs` (CLIENT_KEEP_ALIVE_IDLE_MS,
 * 30 s), below every subgraph's keepAliveTimeout (65 s, @scp/platform-config), so the gateway
 * always closes an idle connection first and never writes a request to a socket the subgraph is
 * closing (issue 20 §5: a `createAction` was lost to that race). Node's agent also shortens the
 * idle timer to a server's `Keep-Alive: timeout=` hint minus 1 s, but a server or proxy need not
 * send one.
 * It also bounds what a subgraph can do to us: a response timeout and a response size cap.
 */
export interface FetcherRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal | null;
}

export interface KeepAliveFetcherOptions {
  maxSockets?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /**
   * How long a pooled socket may stay idle before the gateway closes it (http.Agent `timeout`,
   * applied to free sockets). Must stay below the servers' keepAliveTimeout.
   */
  keepAliveIdleMs?: number;
}

export interface KeepAliveFetcher {
  (url: string, init?: FetcherRequestInit): Promise<BufferedResponse>;
  /** Closes pooled sockets (shutdown, tests). */
  destroy(): void;
}

class ResponseHeaders implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();

  constructor(raw: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(raw)) {
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const prev = this.map.get(key);
    this.map.set(key, prev === undefined ? value : `${prev}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** A fully read response: subgraph answers are small JSON documents, so no streaming. */
export class BufferedResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly headers: ResponseHeaders;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    rawHeaders: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.headers = new ResponseHeaders(rawHeaders);
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.body.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.body).buffer;
  }
  clone(): BufferedResponse {
    return new BufferedResponse(
      this.url,
      this.status,
      this.statusText,
      Object.fromEntries(this.headers),
      this.body,
    );
  }
}

export function createKeepAliveFetcher(opts: KeepAliveFetcherOptions = {}): KeepAliveFetcher {
  const maxSockets = opts.maxSockets ?? 64;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxResponseBytes ?? 16 * 1024 * 1024;
  const agentOptions = {
    keepAlive: true,
    timeout: opts.keepAliveIdleMs ?? CLIENT_KEEP_ALIVE_IDLE_MS,
    maxSockets,
    maxFreeSockets: maxSockets,
    scheduling: 'lifo' as const,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  const fetcher = (url: string, init: FetcherRequestInit = {}): Promise<BufferedResponse> =>
    new Promise((resolve, reject) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        reject(new Error('invalid subgraph URL'));
        return;
      }
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') {
        reject(new Error(`unsupported protocol ${target.protocol}`));
        return;
      }
      const body =
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? Buffer.from(init.body)
            : init.body;
      const headers: Record<string, string> = { ...init.headers };
      if (body) headers['content-length'] = String(body.length);

      const req = (secure ? https : http).request(
        target,
        {
          method: init.method ?? 'GET',
          headers,
          agent: secure ? httpsAgent : httpAgent,
          timeout: timeoutMs,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy(new Error(`response from ${target.host} exceeds ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            resolve(
              new BufferedResponse(
                url,
                res.statusCode ?? 0,
                res.statusMessage ?? '',
                res.headers,
                Buffer.concat(chunks, size),
              ),
            );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`request to ${target.host} timed out after ${timeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });

  return Object.assign(fetcher, {
    destroy(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
