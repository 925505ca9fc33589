import { createHash, randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf } from '@scp/platform-auth';
import { AppError, describeForLog, RequestAudit, toAppError } from '@scp/platform-graphql';
import { createLogger } from '@scp/platform-logging';
import {
  CASES_DATA_SOURCE,
  CaseAccess,
  createLoaders,
  DocumentsService,
  MAX_DOCUMENT_BYTES,
  SubjectAccessService,
  type RequestScope,
} from '@scp/cases';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

const logger = createLogger('cases-files');

const first = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : Array.isArray(value) && typeof value[0] === 'string'
      ? value[0]
      : undefined;

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 8187). */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 150) || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The request body as bytes, refusing more than `limit` without reading the rest. */
async function readBody(req: Request, limit: number): Promise<Buffer | 'too-large' | 'consumed'> {
  // A body the JSON or form parser already took (application/json, forms) is not a file upload.
  if (req.readableEnded) return 'consumed';
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * File transfer endpoints of the cases service, for the gateway's /files routes only (the
 * internal-token middleware has already checked the token: aud cases, a user principal).
 * Content is never part of GraphQL. Every answer is no-store; a refused document is 404 like a
 * missing one; errors are the GraphQL error shape with a whitelisted code, anything unexpected
 * is masked with an error id.
 */
@Controller()
export class FilesController {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    private readonly documents: DocumentsService,
    private readonly packs: SubjectAccessService,
  ) {}

  private scope(req: Request, operation: string): RequestScope {
    const actor = actorOf(req);
    return {
      actor,
      access: new CaseAccess(actor, this.ds),
      audit: new RequestAudit(
        { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
        () => `cases:${operation}`,
      ),
      loaders: createLoaders(this.ds),
    };
  }

  private fail(res: Response, thrown: unknown): void {
    res.setHeader('cache-control', 'no-store');
    // The domain's refusals, as the GraphQL edge answers them.
    const error = toAppError(thrown);
    if (error instanceof AppError) {
      const code = String(error.extensions.code);
      const status = Number(error.extensions.status) || STATUS[code] || 400;
      const extensions: Record<string, unknown> = { code };
      if (typeof error.extensions.field === 'string') extensions.field = error.extensions.field;
      res.status(status).json({ errors: [{ message: error.message, extensions }] });
      return;
    }
    const errorId = randomUUID();
    logger.error({ errorId, err: describeForLog(error) }, 'file transfer failed');
    res.status(500).json({
      errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }],
    });
  }

  private send(res: Response, bytes: Buffer, contentType: string, filename: string, sha256Hex: string): void {
    res.status(200);
    res.setHeader('content-type', contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType);
    res.setHeader('content-length', String(bytes.length));
    res.setHeader('content-disposition', attachmentDisposition(filename));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', "default-src 'none'; sandbox");
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('repr-digest', `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`);
    res.end(bytes);
  }

  /**
   * Upload: the raw bytes as the body, the declared type as Content-Type, the file name in
   * `X-File-Name` (percent-encoded UTF-8), and `caseId`, `category` and `visibleAgencyIds`
   * (comma-separated) in the query string.
   */
  @Post('documents')
  async upload(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const scope = this.scope(req, 'uploadDocument');
      const body = await readBody(req, MAX_DOCUMENT_BYTES);
      if (body === 'too-large') {
        res.setHeader('connection', 'close');
        throw new AppError('BAD_USER_INPUT', 'The file exceeds 10 MiB', { field: 'content', status: 413 });
      }
      if (body === 'consumed')
        throw new AppError('BAD_USER_INPUT', 'Accepted types: PDF, PNG, JPEG, DOCX and plain text', {
          field: 'content',
          status: 415,
        });
      let filename: string | undefined;
      try {
        filename = decodeURIComponent(first(req.headers['x-file-name']) ?? '');
      } catch {
        filename = undefined;
      }
      const visible = first(req.query.visibleAgencyIds) ?? '';
      const doc = await this.documents.upload(
        scope,
        {
          caseId: first(req.query.caseId) ?? '',
          category: first(req.query.category) ?? '',
          visibleAgencyIds: visible
            ? visible
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
          filename: filename ?? '',
          declaredType: first(req.headers['content-type']),
        },
        body,
      );
      res.status(201).setHeader('cache-control', 'no-store');
      res.json({
        document: {
          id: doc.id,
          filename: doc.filename,
          contentType: doc.contentType,
          sizeBytes: doc.sizeBytes,
          sha256: doc.sha256,
          category: doc.category,
          visibleAgencyIds: doc.visibleAgencyIds,
          downloadPath: `/files/${doc.id}`,
        },
      });
    } catch (error) {
      this.fail(res, error);
    }
  }

  @Get('documents/:id/content')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const scope = this.scope(req, 'downloadDocument');
      const { document, bytes } = await this.documents.openContent(
        scope,
        id,
        first(req.query.purpose),
        first(req.query.reason),
      );
      this.send(res, bytes, document.contentType, document.filename, document.sha256);
    } catch (error) {
      this.fail(res, error);
    }
  }

  @Get('exports/:id/content')
  async exportFile(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const scope = this.scope(req, 'downloadExport');
      const format = first(req.query.format) === 'json' ? 'json' : 'pdf';
      const file = await this.packs.openExport(scope, id, format);
      const digest = createHash('sha256').update(file.bytes).digest('hex');
      this.send(res, file.bytes, file.contentType, file.filename, digest);
    } catch (error) {
      this.fail(res, error);
    }
  }
}
