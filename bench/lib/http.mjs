// The load generator: c=1, one keep-alive socket per target, timed with process.hrtime from the
// moment the request is written to the moment the last byte of the response is read.
// autocannon reports whole milliseconds; the differences we look for are fractions of one.
import http from 'node:http';

export class TimedClient {
  /** @param {string} baseUrl e.g. http://127.0.0.1:4321 */
  constructor(baseUrl) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
  }

  /**
   * POSTs a pre-serialised body. Returns the latency in ms (hrtime) with the raw response;
   * parsing happens outside the timed window.
   * @param {string} path
   * @param {Buffer} body
   * @param {Record<string, string>} headers
   * @returns {Promise<{ ms: number, status: number, text: string }>}
   */
  post(path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ ms, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A GraphQL POST; `headers` usually carries the bearer token. */
  gql(query, variables, headers = {}, path = '/graphql') {
    return this.post(path, Buffer.from(JSON.stringify({ query, variables })), headers);
  }

  close() {
    this.agent.destroy();
  }
}

/** Parses a GraphQL response, failing loudly on anything but HTTP 200 with data. */
export function parseGql(res, what) {
  let body;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw new Error(`${what}: HTTP ${res.status}, not JSON: ${res.text.slice(0, 200)}`);
  }
  if (res.status !== 200 || !body.data)
    throw new Error(`${what}: HTTP ${res.status}: ${res.text.slice(0, 400)}`);
  return body;
}
