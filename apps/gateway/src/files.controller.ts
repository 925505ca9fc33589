import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '@scp/platform-graphql';
import { createContextFactory, type GatewayContext } from './gateway.context.js';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';

/** Largest upload the gateway forwards (the cases service checks again, and the type). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Response headers of a download that travel from the cases service to the browser. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition', 'repr-digest'];

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });

const first = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : Array.isArray(value) && typeof value[0] === 'string'
      ? value[0]
      : undefined;

/**
 * File transfer through the gateway: `GET /files/:documentId` (add `?reason=…&purpose=…` for D6, D12 and
 * D16 content), `GET /files/exports/:exportId[?format=json]` and `POST /files` (upload: raw
 * bytes, Content-Type the file's type, `X-File-Name` percent-encoded, and `caseId`, `category`,
 * `visibleAgencyIds` in the query string). The user's bearer token is verified and the actor
 * resolved exactly as for GraphQL (createContextFactory), then an internal token for the cases
 * service is minted and nothing else of the client's request travels on. The cases service does
 * every access check and writes the audit event; the gateway only relays, adding `nosniff`,
 * `no-store` and a sandboxing CSP.
 */
@Controller('files')
export class FilesController {
  private readonly context: (args: { req: Request; res: Response }) => Promise<GatewayContext>;

  constructor(@Inject(GATEWAY_RUNTIME) private readonly rt: GatewayRuntime) {
    this.context = createContextFactory(rt.userTokens, rt.actors);
  }

  private async token(req: Request, res: Response): Promise<{ token: string; requestId: string } | null> {
    try {
      const ctx = await this.context({ req, res });
      return { token: this.rt.signer.mintForUser(ctx.actor, 'cases'), requestId: ctx.requestId };
    } catch (error) {
      if (error instanceof AppError && error.extensions.code === 'UNAUTHENTICATED') {
        res.status(401).setHeader('www-authenticate', 'Bearer');
        res.type('application/json').send(errorBody('UNAUTHENTICATED', 'Unauthenticated'));
        return null;
      }
      throw error;
    }
  }

  private failInternal(res: Response, error: unknown): void {
    const errorId = randomUUID();
    this.rt.logger.error(
      { errorId, err: error instanceof Error ? error.name : typeof error },
      'file relay failed',
    );
    if (!res.headersSent)
      res
        .status(502)
        .type('application/json')
        .send(errorBody('INTERNAL_SERVER_ERROR', 'Internal error', { errorId }));
  }

  /** Relays the cases service's answer: bytes with their headers, or its (already safe) error. */
  private async relay(
    res: Response,
    upstream: Awaited<ReturnType<GatewayRuntime['fetcher']>>,
  ): Promise<void> {
    const body = Buffer.from(await upstream.arrayBuffer());
    if (upstream.status >= 500) {
      this.rt.logger.error({ status: upstream.status }, 'cases answered a file request with an error');
      res.status(502).type('application/json').send(errorBody('INTERNAL_SERVER_ERROR', 'Internal error'));
      return;
    }
    if (upstream.status >= 400 || upstream.headers.get('content-type')?.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (upstream.status >= 400 && !(parsed && Array.isArray((parsed as { errors?: unknown }).errors))) {
        res.status(502).type('application/json').send(errorBody('INTERNAL_SERVER_ERROR', 'Internal error'));
        return;
      }
      res.status(upstream.status).type('application/json').send(body);
      return;
    }
    res.status(upstream.status);
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) res.setHeader(name, value);
    }
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "default-src 'none'; sandbox");
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.end(body);
  }

  private headers(token: string, requestId: string): Record<string, string> {
    return { authorization: `Bearer ${token}`, 'x-request-id': requestId };
  }

  @Get('exports/:exportId')
  async exportFile(
    @Param('exportId') exportId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const auth = await this.token(req, res);
      if (!auth) return;
      if (!UUID.test(exportId)) {
        res.status(404).type('application/json').send(errorBody('NOT_FOUND', 'Export not found'));
        return;
      }
      const format = first(req.query.format) === 'json' ? 'json' : 'pdf';
      const upstream = await this.rt.fetcher(
        `${this.rt.config.casesBaseUrl}/exports/${exportId.toLowerCase()}/content?format=${format}`,
        { method: 'GET', headers: this.headers(auth.token, auth.requestId) },
      );
      await this.relay(res, upstream);
    } catch (error) {
      this.failInternal(res, error);
    }
  }

  @Get(':documentId')
  async download(
    @Param('documentId') documentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const auth = await this.token(req, res);
      if (!auth) return;
      if (!UUID.test(documentId)) {
        res.status(404).type('application/json').send(errorBody('NOT_FOUND', 'Document not found'));
        return;
      }
      const stated = new URLSearchParams();
      for (const name of ['reason', 'purpose']) {
        const value = first(req.query[name]);
        if (value) stated.set(name, value.slice(0, 600));
      }
      const query = stated.size ? `?${stated}` : '';
      const upstream = await this.rt.fetcher(
        `${this.rt.config.casesBaseUrl}/documents/${documentId.toLowerCase()}/content${query}`,
        { method: 'GET', headers: this.headers(auth.token, auth.requestId) },
      );
      await this.relay(res, upstream);
    } catch (error) {
      this.failInternal(res, error);
    }
  }

  @Post()
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const auth = await this.token(req, res);
      if (!auth) return;
      // JSON bodies were taken by the GraphQL body parser: a file is sent as its own type.
      if (req.readableEnded) {
        res
          .status(415)
          .type('application/json')
          .send(
            errorBody('BAD_USER_INPUT', 'Send the file as the request body with its own Content-Type', {
              field: 'content',
            }),
          );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(req.headers['content-length']);
      let tooLarge = Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES;
      if (!tooLarge)
        for await (const chunk of req as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > MAX_UPLOAD_BYTES) {
            tooLarge = true;
            break;
          }
          chunks.push(chunk);
        }
      if (tooLarge) {
        res.setHeader('connection', 'close');
        res
          .status(413)
          .type('application/json')
          .send(errorBody('BAD_USER_INPUT', 'The file exceeds 10 MiB', { field: 'content' }));
        return;
      }
      const params = new URLSearchParams();
      for (const name of ['caseId', 'category', 'visibleAgencyIds']) {
        const value = first(req.query[name]);
        if (value !== undefined) params.set(name, value.slice(0, 4000));
      }
      const headers = this.headers(auth.token, auth.requestId);
      const type = first(req.headers['content-type']);
      if (type) headers['content-type'] = type.slice(0, 200);
      const name = first(req.headers['x-file-name']);
      if (name) headers['x-file-name'] = name.slice(0, 2000);
      const upstream = await this.rt.fetcher(`${this.rt.config.casesBaseUrl}/documents?${params}`, {
        method: 'POST',
        headers,
        body: Buffer.concat(chunks, size),
      });
      await this.relay(res, upstream);
    } catch (error) {
      this.failInternal(res, error);
    }
  }
}
