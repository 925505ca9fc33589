import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AgencyEntity } from '../directory/directory.entities.js';
import { DisclosureExportEntity } from './disclosure.entities.js';
import { CATEGORY_TITLES, type DataCategory } from '@scp/contracts';
import { effectiveRoles, withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput, forbidden, notFound } from '@scp/platform-graphql';
import { CASES_AUDIT, CASES_DATA_SOURCE, type AuditWriterLike } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { isUuid } from '../shared/validation.js';
import type { CaseRow } from '../case/case.repository.js';
import { PeopleService } from '../people/people.service.js';
import { contextJustification, loadVisibleCase } from '../lifecycle/case-lookup.js';
import { EscalationService } from '../lifecycle/escalation.service.js';
import { ClosureService } from '../lifecycle/closure.service.js';
import { DOCUMENT_STORE, type DocumentStore } from '../documents/document-store.js';
import { DocumentsService, DocumentIntegrityError } from '../documents/documents.service.js';
import { renderSubjectAccessPdf } from './subject-access.pdf.js';
import { SubjectAccessSources } from './subject-access.sources.js';
import type { CreateSubjectAccessPackInput } from './subject-access.inputs.js';

/**
 * Categories a pack never holds, whoever authored them: victim location and contact (D12) and
 * the protected detail of orders (D16, the protected address or zone), advocacy records (D14),
 * the victim's voice (D13, the victim's own account) and what the victim was told (D22, the
 * victim update log), and the categories whose disclosure needs
 * an exemption decision first: police intelligence (D4: DPA 2018 s45(4), prejudice to the
 * prevention or detection of crime), clinical detail (D6: the serious-harm test of the health
 * modification order), probation detail (D9) and subject whereabouts (D3). The DPO reviews those
 * outside the system; the pack says so without saying whether any exist.
 */
export const NEVER_IN_PACK: readonly DataCategory[] = [
  'D3',
  'D4',
  'D6',
  'D9',
  'D12',
  'D13',
  'D14',
  'D16',
  'D22',
];

export const PACK_VALIDITY_HOURS = 24;

/** The gateway's audited export route (apps/gateway files.controller.ts). */
export const exportDownloadPath = (id: string, format: 'pdf' | 'json') =>
  `/files/exports/${id}${format === 'json' ? '?format=json' : ''}`;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface SubjectAccessPackResult {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  recipient: string;
  categories: string[];
  json: string;
  jsonSha256: string;
  pdfSha256: string;
  pdfDownloadPath: string;
  jsonDownloadPath: string;
}

/** A produced pack, and whether it is still before its expiry (by the database's clock). */
type ExportRow = DisclosureExportEntity & { live: boolean };

/**
 * Subject access packs (issue item 10): for the controller agency that asks, its own data about
 * one person of a case, as JSON and as a PDF of the same JSON.
 *
 * Who asks: the agency's data protection officer (AUDITOR_DPO), who answers subject access
 * requests for the agency, and who must first open the case by break-glass — so the request is
 * itself audited with its purpose and the case's lead agency is told. What goes in is decided in
 * two steps: the pack is read through the same services and access views as the screen (every
 * value must be readable by the requester, and every read is audited like a screen read), and of
 * that, only what the requester's own agency authored, never a NEVER_IN_PACK category. The
 * production is audited as DISCLOSURE with the recipient; each download as EXPORT.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly people: PeopleService,
    private readonly escalations: EscalationService,
    private readonly closures: ClosureService,
    private readonly documents: DocumentsService,
    private readonly sources: SubjectAccessSources,
  ) {}

  private requireDpo(scope: RequestScope) {
    if (!effectiveRoles(scope.actor).includes('AUDITOR_DPO'))
      throw forbidden("Subject access packs are produced by the agency's data protection officer");
  }

  /** The pack's content: read as the screen reads it, then only the agency's own part. */
  async buildPack(
    scope: RequestScope,
    row: CaseRow,
    personId: string,
    purpose: string,
  ): Promise<{ content: Record<string, unknown>; categories: DataCategory[] }> {
    const agencyId = scope.actor.agencyId;
    const view = scope.access.view(row);
    const used = new Set<DataCategory>();
    const read = (category: DataCategory, on: AccessView | undefined = view): boolean => {
      if (!on || NEVER_IN_PACK.includes(category) || !on.fields.has(category)) return false;
      scope.audit.read(on, category, on.purpose);
      used.add(category);
      return true;
    };

    const persons = await this.people.personsOf(scope, view, row.id, ['SUBJECT', 'VICTIM', 'THIRD_PARTY']);
    const person = persons.find((p) => p.id === personId);
    if (!person) throw notFound('Person');
    const identityCategory: DataCategory = person.role === 'SUBJECT' ? 'D2' : 'D11';
    const ownIdentity = person.createdByAgencyId === agencyId && read(identityCategory);

    const agency = await this.ds
      .getRepository(AgencyEntity)
      .findOne({ select: { id: true, code: true, name: true }, where: { id: agencyId } });
    const content: Record<string, unknown> = {
      format: 'scp.subject-access-pack.v1',
      controller: agency ? { id: agency.id, code: agency.code, name: agency.name } : { id: agencyId },
      dataSubject: {
        personId: person.id,
        role: person.role,
        alias: person.alias,
        identity: ownIdentity
          ? {
              givenName: person.givenName,
              familyName: person.familyName,
              otherNames: person.otherNames,
              dateOfBirth: person.dateOfBirth,
              ...(person.role === 'SUBJECT'
                ? {}
                : {
                    relationshipToSubject: person.relationshipToSubject,
                    ageBand: person.ageBand,
                    vulnerabilityFlags: person.vulnerabilityFlags,
                  }),
            }
          : null,
        identityNote: ownIdentity ? null : 'Identity recorded by another agency: that agency answers for it',
        contactDetails: await this.ownContactDetails(scope, view, person, purpose, used),
      },
    };

    if (read('D1'))
      content.case = {
        reference: row.reference,
        status: row.status,
        tier: row.tier,
        criminalJusticeStatus: row.cjStatus,
        agreedRiskLevel: row.agreedRiskLevel,
        nextReviewOn: row.nextReviewOn,
        openedAt: iso(row.createdAt),
        closedAt: iso(row.closedAt),
        controllerIsLeadAgency: row.leadAgencyId === agencyId,
      };

    const escalations = view.fields.has('D1')
      ? await this.escalations.escalationsOf(scope, view, row.id)
      : [];
    const ownEscalations = escalations.filter((e) => e.escalatedByAgencyId === agencyId);
    if (ownEscalations.length && read('D1'))
      content.escalations = ownEscalations.map((e) => ({
        target: e.target,
        mappaLevel: e.mappaLevel,
        externalReference: e.externalReference,
        escalatedOn: e.escalatedOn,
        notes: e.notes,
      }));

    const closure = view.fields.has('D1') ? await this.closures.closureOf(scope, view, row.id) : null;
    if (closure && closure.closedByAgencyId === agencyId && read('D1'))
      content.closure = { closedAt: iso(closure.closedAt), rationale: closure.rationale };

    const sections: [string, unknown[]][] = [
      ['orders', await this.sources.ordersSection(scope, row, agencyId, read)],
      ['agencyRecords', await this.sources.agencyRecordsSection(scope, row, agencyId, read)],
      ['assessments', await this.sources.assessmentsSection(scope, row, agencyId, read)],
      ['breaches', await this.sources.breachesSection(scope, row, view, agencyId, read)],
    ];
    for (const [key, items] of sections) if (items.length) content[key] = items;

    const documents = await this.documents.listForCase(scope, row);
    const ownDocuments = documents.filter(
      (d) => d.ownerAgencyId === agencyId && !NEVER_IN_PACK.includes(d.category) && view.fields.has('D21'),
    );
    if (ownDocuments.length) {
      for (const d of ownDocuments) {
        scope.audit.read(accessOfDocument(d), 'D21', view.purpose);
        used.add(d.category);
      }
      used.add('D21');
      content.documents = ownDocuments.map((d) => ({
        filename: d.filename,
        category: d.category,
        contentType: d.contentType,
        uploadedAt: iso(d.createdAt),
        sha256: d.sha256,
        note: 'Content supplied separately from the document store',
      }));
    }

    content.withheld = {
      statement:
        'Never included: victim location and contact (except, in a pack about her, her own), advocacy records, protected order detail, the victim’s ' +
        'voice, the victim update log, and records of other agencies. Police intelligence, clinical detail, probation detail and ' +
        'subject whereabouts are reviewed by the data protection officer for exemptions outside this pack.',
      categories: NEVER_IN_PACK.map((c) => `${c} ${CATEGORY_TITLES[c]}`),
    };
    return { content, categories: [...used].sort(sortCategories) };
  }

  /**
   * A victim's (or third party's) own addresses and contact details are her personal data, so a
   * pack about her holds them (issue 14, docs/case-rules.md): only hers, only those this agency
   * recorded, and only when the agency may read victim location (D12) at all. D12 stays in
   * NEVER_IN_PACK for everything else — another person's location, and any pack about the
   * subject, whose whereabouts (D3) the DPO reviews for exemptions outside the pack.
   */
  private async ownContactDetails(
    scope: RequestScope,
    view: AccessView,
    person: { id: string; role: string },
    purpose: string,
    used: Set<DataCategory>,
  ): Promise<Record<string, unknown>[] | null> {
    if (person.role === 'SUBJECT' || !view.fields.has('D12')) return null;
    const agencyId = scope.actor.agencyId;
    // Audited like the other reads of the pack: under the break-glass purpose that opened the case.
    const why = view.purpose ?? purpose;
    const own = (await this.people.locationsOf(scope, view, person.id, why)).filter(
      (l) => l.personId === person.id && l.recordedByAgencyId === agencyId,
    );
    if (!own.length) return null;
    scope.audit.read(view, 'D12', why);
    used.add('D12');
    return own.map((l) => ({
      kind: l.kind,
      current: l.current,
      addressLine1: l.addressLine1,
      addressLine2: l.addressLine2,
      town: l.town,
      postcode: l.postcode,
      phone: l.phone,
      email: l.email,
      details: l.details,
      recordedAt: iso(l.recordedAt),
    }));
  }

  async create(
    scope: RequestScope,
    input: CreateSubjectAccessPackInput,
  ): Promise<WithAccess<SubjectAccessPackResult>> {
    this.requireDpo(scope);
    const recipient = input.recipient.trim();
    const purpose = input.purpose.trim();
    if (recipient.length < 3) throw badInput('Name the recipient', 'recipient');
    if (purpose.length < 10) throw badInput('State the purpose in at least 10 characters', 'purpose');
    const row = await loadVisibleCase(scope, this.ds, input.caseId);
    // A recipient is one contact (the requester's address or email), not prose.
    await this.freeText.assert(scope, row.id, recipient, 'recipient', 'venue');
    // The purpose is kept with the pack's record and read in the audit log: shared prose.
    await this.freeText.assert(scope, row.id, purpose, 'purpose');

    const id = randomUUID();
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + PACK_VALIDITY_HOURS * 3600_000);
    const { content, categories } = await this.buildPack(scope, row, input.personId.toLowerCase(), purpose);
    const pack = {
      packId: id,
      generatedAt: createdAt.toISOString(),
      recipient,
      purpose,
      requestedByUserId: scope.actor.userId,
      ...content,
      categoriesIncluded: categories.map((c) => `${c} ${CATEGORY_TITLES[c]}`),
    };
    const json = Buffer.from(JSON.stringify(pack, null, 2));
    const pdf = await renderSubjectAccessPdf(pack, { title: 'Subject access pack' });
    const jsonKey = `exports/${id}.json`;
    const pdfKey = `exports/${id}.pdf`;
    await this.store.put(jsonKey, json);
    await this.store.put(pdfKey, pdf);
    try {
      await this.ds.transaction(async (m) => {
        await m.getRepository(DisclosureExportEntity).insert({
          id,
          caseId: row.id,
          personId: input.personId.toLowerCase(),
          agencyId: scope.actor.agencyId,
          requestedByUserId: scope.actor.userId,
          recipient,
          purpose,
          categories,
          jsonKey,
          jsonSha256: sha256(json),
          jsonSize: json.length,
          pdfKey,
          pdfSha256: sha256(pdf),
          pdfSize: pdf.length,
          createdAt,
          expiresAt,
        });
        await this.audit.write(
          [
            {
              actorId: scope.actor.userId,
              actorAgencyId: scope.actor.agencyId,
              action: 'DISCLOSURE',
              entityType: 'SubjectAccessPack',
              entityId: id,
              caseId: row.id,
              ownerAgencyId: scope.actor.agencyId,
              categories,
              purpose,
              recipients: [recipient],
              requestId: scope.actor.requestId,
            },
          ],
          m,
        );
      });
    } catch (error) {
      await this.store.delete?.(jsonKey).catch(() => undefined);
      await this.store.delete?.(pdfKey).catch(() => undefined);
      throw error;
    }
    return withAccess(
      {
        id,
        createdAt,
        expiresAt,
        recipient,
        categories,
        json: json.toString('utf8'),
        jsonSha256: sha256(json),
        pdfSha256: sha256(pdf),
        pdfDownloadPath: exportDownloadPath(id, 'pdf'),
        jsonDownloadPath: exportDownloadPath(id, 'json'),
      },
      {
        fields: new Set(['D21']),
        entityType: 'SubjectAccessPack',
        entityId: id,
        caseId: row.id,
        ownerAgencyId: scope.actor.agencyId,
      },
    );
  }

  /**
   * A produced pack's file, for the export download route: only the DPO who produced it, of the
   * same agency, before it expires; anything else is NOT_FOUND (and audited as ACCESS_DENIED
   * when the pack exists). Checksum verified; EXPORT audited before the bytes go.
   */
  private async findExport(id: string): Promise<ExportRow | undefined> {
    const { entities, raw } = await this.ds
      .getRepository(DisclosureExportEntity)
      .createQueryBuilder('x')
      .addSelect('x.expires_at > now()', 'live')
      .where('x.id = :id', { id })
      .getRawAndEntities<{ live: boolean }>();
    const found = entities[0];
    return found && Object.assign(found, { live: raw[0]!.live });
  }

  async openExport(
    scope: RequestScope,
    id: string,
    format: 'pdf' | 'json',
  ): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
    const row: ExportRow | undefined = isUuid(id) ? await this.findExport(id.toLowerCase()) : undefined;
    const event = (action: 'EXPORT' | 'ACCESS_DENIED', r: ExportRow, purpose: string) => ({
      actorId: scope.actor.userId,
      actorAgencyId: scope.actor.agencyId,
      action,
      entityType: 'SubjectAccessPack',
      entityId: r.id,
      caseId: r.caseId,
      ownerAgencyId: r.agencyId,
      categories: r.categories as DataCategory[],
      purpose,
      recipients: [r.recipient],
      requestId: scope.actor.requestId,
    });
    const allowed =
      row &&
      row.live &&
      row.requestedByUserId === scope.actor.userId &&
      row.agencyId === scope.actor.agencyId &&
      effectiveRoles(scope.actor).includes('AUDITOR_DPO');
    if (!allowed) {
      if (row)
        await this.audit.write([event('ACCESS_DENIED', row, contextJustification(scope, 'downloadExport'))]);
      throw notFound('Export');
    }
    const key = format === 'json' ? row.jsonKey : row.pdfKey;
    const bytes = await this.store.get(key);
    const [size, checksum] =
      format === 'json' ? [row.jsonSize, row.jsonSha256] : [row.pdfSize, row.pdfSha256];
    if (bytes.length !== size || sha256(bytes) !== checksum) throw new DocumentIntegrityError();
    await this.audit.write([event('EXPORT', row, row.purpose)]);
    return {
      bytes,
      filename: `subject-access-pack-${row.id}.${format}`,
      contentType: format === 'json' ? 'application/json' : 'application/pdf',
    };
  }
}

const sortCategories = (a: string, b: string) => Number(a.slice(1)) - Number(b.slice(1));

function accessOfDocument(d: { id: string; caseId: string; ownerAgencyId: string }): AccessView {
  return {
    fields: new Set(['D21']),
    entityType: 'Document',
    entityId: d.id,
    caseId: d.caseId,
    ownerAgencyId: d.ownerAgencyId,
  };
}
