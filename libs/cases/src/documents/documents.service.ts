import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES, PURPOSE_REQUIRED, isDataCategory, type DataCategory } from '@scp/contracts';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput, forbidden, notFound, optionalPurpose } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import type { CaseLoaders } from '../shared/loaders.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { isUuid, requireUuid } from '../shared/validation.js';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { contextJustification, loadVisibleCase } from '../lifecycle/case-lookup.js';
import { DOCUMENT_STORE, type DocumentStore } from './document-store.js';
import { cleanFilename, validateDocumentContent } from './document-types.js';
import { findDocumentById, findDocumentsByCases } from './documents.repository.js';
import { DocumentEntity } from './documents.entities.js';
import { touchCaseTime } from '../shared/case-time.js';

export type DocumentView = WithAccess<DocumentEntity>;

/** What an upload says about itself (the bytes come separately). */
export interface UploadDocumentInput {
  caseId: string;
  category: string;
  visibleAgencyIds: string[];
  filename: string;
  declaredType: string | undefined;
}

/** A document may carry any case category except D21 (documents) itself. */
export const DOCUMENT_CONTENT_CATEGORIES: readonly DataCategory[] = Array.from(
  { length: 22 },
  (_, i) => `D${i + 1}` as DataCategory,
).filter((c) => c !== 'D21');

/** Location categories: a file name may hold them only in a document of that category. */
const LOCATION_CATEGORIES: ReadonlySet<DataCategory> = new Set(['D12', 'D16']);
const MAX_VISIBLE_AGENCIES = 50;

/** The bytes were not what was stored: never served, logged as an integrity failure. */
export class DocumentIntegrityError extends Error {
  override readonly name = 'DocumentIntegrityError';
  constructor() {
    super('document content does not match its checksum');
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Per request, like the shared loaders: documents of a case in one statement per tick. */
const loaders = new WeakMap<CaseLoaders, DataLoader<string, DocumentEntity[]>>();

/**
 * Documents (D21). A document is readable only when all of these hold: the reader's role may read
 * the document's own content category on the case (own-agency entries included, as for any
 * authored record), the role has the D21 grant, and the reader's agency is on the document's list
 * of visible agencies (the owner agency always is). Otherwise it does not exist for the reader:
 * absent from lists, NOT_FOUND on lookup and on download. Content goes out only through
 * `openContent`, which re-checks, verifies the checksum and writes the audit event first.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  /** The reader's view of one document of a loaded case, or null when it may not see it. */
  viewOf(scope: RequestScope, row: CaseRow, doc: DocumentEntity): AccessView | null {
    const facts = { entityType: 'Document', entityId: doc.id, authorAgencyId: doc.ownerAgencyId };
    const content = scope.access.recordView(row, { ...facts, category: doc.category });
    // A limited (S/P) view of the category is a separately written summary, never the file.
    if (!content?.fields.has(doc.category)) return null;
    const grant = scope.access.recordView(row, {
      ...facts,
      category: 'D21',
      sharedWithAgencyIds: doc.visibleAgencyIds,
    });
    if (!grant?.fields.has('D21')) return null;
    if (!doc.visibleAgencyIds.includes(scope.actor.agencyId)) return null;
    return {
      fields: new Set(['D21']),
      entityType: 'Document',
      entityId: doc.id,
      caseId: row.id,
      ownerAgencyId: doc.ownerAgencyId,
      purpose: content.purpose,
    };
  }

  /** Documents of a case the reader may see, newest first. */
  async listForCase(scope: RequestScope, row: CaseRow): Promise<DocumentView[]> {
    await scope.access.ability();
    let loader = loaders.get(scope.loaders);
    if (!loader) {
      loader = new DataLoader<string, DocumentEntity[]>(async (ids) => {
        const rows = await findDocumentsByCases(this.ds, ids);
        return ids.map((id) => rows.filter((r) => r.caseId === id));
      });
      loaders.set(scope.loaders, loader);
    }
    const out: DocumentView[] = [];
    for (const doc of await loader.load(row.id)) {
      const view = this.viewOf(scope, row, doc);
      if (view) out.push(withAccess({ ...doc }, view));
    }
    return out;
  }

  private async visibleDocument(
    scope: RequestScope,
    id: string,
  ): Promise<
    | { doc: DocumentEntity; row: CaseRow; view: AccessView }
    | { doc: DocumentEntity | null; row?: CaseRow; view: null }
  > {
    const doc = isUuid(id) ? await findDocumentById(this.ds, id.toLowerCase()) : null;
    if (!doc) return { doc: null, view: null };
    const [row] = await findCasesByIds(this.ds, [doc.caseId]);
    await scope.access.ability();
    if (!row) return { doc, view: null };
    const view = this.viewOf(scope, row, doc);
    return view ? { doc, row, view } : { doc, row, view: null };
  }

  private auditView(doc: DocumentEntity) {
    return { entityType: 'Document', entityId: doc.id, caseId: doc.caseId, ownerAgencyId: doc.ownerAgencyId };
  }

  private categoriesOf(doc: DocumentEntity): DataCategory[] {
    return [...new Set<DataCategory>(['D21', doc.category])].sort();
  }

  async getDocument(scope: RequestScope, id: string): Promise<DocumentView> {
    const found = await this.visibleDocument(scope, requireUuid(id, 'id'));
    if (!found.view) {
      // Answered like a missing document (no existence oracle), recorded as the refusal it is.
      if (found.doc)
        scope.audit.refused(this.auditView(found.doc), this.categoriesOf(found.doc), 'document not visible');
      throw notFound('Document');
    }
    return withAccess({ ...found.doc }, found.view);
  }

  async upload(scope: RequestScope, input: UploadDocumentInput, bytes: Buffer): Promise<DocumentView> {
    const caseId = requireUuid(input.caseId, 'caseId');
    if (!isDataCategory(input.category) || !DOCUMENT_CONTENT_CATEGORIES.includes(input.category))
      throw badInput('category must be one of D1–D22 other than D21', 'category');
    const category = input.category;
    if (!Array.isArray(input.visibleAgencyIds) || input.visibleAgencyIds.length > MAX_VISIBLE_AGENCIES)
      throw badInput(`List at most ${MAX_VISIBLE_AGENCIES} visible agencies`, 'visibleAgencyIds');
    const listed = input.visibleAgencyIds.map((a) => requireUuid(a, 'visibleAgencyIds'));

    const row = await loadVisibleCase(scope, this.ds, caseId);
    const own = { authorAgencyId: scope.actor.agencyId };
    if (
      !(await scope.access.canWriteRecord(row, { ...own, category })) ||
      !(await scope.access.canWriteRecord(row, { ...own, category: 'D21' }))
    )
      throw forbidden(`Not permitted to add a ${category} document to this case`, { category });
    for (const agencyId of listed)
      if (agencyId !== scope.actor.agencyId && !row.participantAgencyIds.includes(agencyId))
        throw badInput('A document can be shared only with current participants', 'visibleAgencyIds');
    const visibleAgencyIds = [...new Set([scope.actor.agencyId, ...listed])];

    const contentType = validateDocumentContent(bytes, input.declaredType);
    const filename = cleanFilename(input.filename, contentType);
    if (!LOCATION_CATEGORIES.has(category)) await this.freeText.assert(scope, row.id, filename, 'filename');

    const id = randomUUID();
    const storageKey = `documents/${row.id}/${id}`;
    const checksum = sha256(bytes);
    // Bytes first: metadata that points at nothing would be worse than bytes nothing points at.
    await this.store.put(storageKey, bytes);
    try {
      await this.ds.transaction(async (m) => {
        await m.getRepository(DocumentEntity).insert({
          id,
          caseId: row.id,
          filename,
          contentType,
          sizeBytes: bytes.length,
          sha256: checksum,
          category,
          ownerAgencyId: scope.actor.agencyId,
          visibleAgencyIds,
          storageKey,
          uploadedByUserId: scope.actor.userId,
        });
        await touchCaseTime(m, row.id, ['D21', category]);
        await this.audit.write(
          [
            {
              actorId: scope.actor.userId,
              actorAgencyId: scope.actor.agencyId,
              action: 'CREATE',
              entityType: 'Document',
              entityId: id,
              caseId: row.id,
              ownerAgencyId: scope.actor.agencyId,
              categories: [...new Set<DataCategory>(['D21', category])].sort(),
              purpose: contextJustification(scope, 'uploadDocument'),
              recipients: visibleAgencyIds.filter((a) => a !== scope.actor.agencyId),
              requestId: scope.actor.requestId,
            },
          ],
          m,
        );
        await this.outbox.write(m, {
          type: EVENT_TYPES.documentAdded,
          aggregateType: 'Case',
          aggregateId: row.id,
          actorId: scope.actor.userId,
          correlationId: scope.actor.requestId,
          payload: {
            caseId: row.id,
            clinicId: row.clinicId,
            documentId: id,
            category,
            ownerAgencyId: scope.actor.agencyId,
            visibleAgencyIds,
          },
        });
      });
    } catch (error) {
      await this.store.delete?.(storageKey).catch(() => undefined);
      throw error;
    }
    return this.getDocument(scope, id);
  }

  /**
   * The bytes of a document, for the download endpoint. Re-checks access on a fresh read (a
   * refused or missing document is NOT_FOUND either way, and a refusal is audited as
   * ACCESS_DENIED), requires a purpose for D6/D12/D16 content, verifies size and SHA-256 against
   * the metadata, and writes the VIEW audit event before returning: no audit, no bytes.
   */
  async openContent(
    scope: RequestScope,
    id: string,
    purpose?: string | null,
    reason?: string | null,
  ): Promise<{ document: DocumentEntity; bytes: Buffer }> {
    const found = await this.visibleDocument(scope, id);
    const { doc } = found;
    if (!found.view) {
      if (doc)
        await this.audit.write([
          {
            actorId: scope.actor.userId,
            actorAgencyId: scope.actor.agencyId,
            action: 'ACCESS_DENIED',
            entityType: 'Document',
            entityId: doc.id,
            caseId: doc.caseId,
            ownerAgencyId: doc.ownerAgencyId,
            categories: [...new Set<DataCategory>(['D21', doc.category])].sort(),
            purpose: contextJustification(scope, 'downloadDocument'),
            requestId: scope.actor.requestId,
          },
        ]);
      throw notFound('Document');
    }
    if (!doc) throw notFound('Document');
    const stated = optionalPurpose(reason, purpose);
    if (PURPOSE_REQUIRED.has(doc.category) && !stated) {
      await this.audit.write([
        {
          actorId: scope.actor.userId,
          actorAgencyId: scope.actor.agencyId,
          action: 'ACCESS_DENIED',
          ...this.auditView(doc),
          categories: this.categoriesOf(doc),
          purpose: `refused: downloading a ${doc.category} document without a purpose; ${contextJustification(scope, 'downloadDocument')}`,
          requestId: scope.actor.requestId,
        },
      ]);
      throw badInput(`Downloading a ${doc.category} document requires a reason and a purpose`, 'reason');
    }
    const bytes = await this.store.get(doc.storageKey);
    if (bytes.length !== doc.sizeBytes || sha256(bytes) !== doc.sha256) throw new DocumentIntegrityError();
    await this.audit.write([
      {
        actorId: scope.actor.userId,
        actorAgencyId: scope.actor.agencyId,
        action: 'VIEW',
        entityType: 'Document',
        entityId: doc.id,
        caseId: doc.caseId,
        ownerAgencyId: doc.ownerAgencyId,
        categories: [...new Set<DataCategory>(['D21', doc.category])].sort(),
        purpose: stated ?? found.view.purpose ?? contextJustification(scope, 'downloadDocument'),
        requestId: scope.actor.requestId,
      },
    ]);
    return { document: doc, bytes };
  }
}
