import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory, conflict, forbidden, invalid, notFound } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { FreeTextGuard } from '../shared/free-text.js';
import type { RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { fromAgeBandValue, toAgeBandValue } from '../shared/enums.js';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { findPersonById, type LocationRow, type PersonRow, type VoiceRow } from './people.repository.js';
import { LocationEntity, PersonEntity, VictimVoiceEntity } from './people.entities.js';
import type {
  AddLocationInput,
  AddPersonInput,
  UpdatePersonInput,
  UpdateVictimVoiceInput,
} from './people.inputs.js';
import { touchCaseTime } from '../shared/case-time.js';

export type PersonView = WithAccess<Omit<PersonRow, 'ageBand'> & { ageBand: string | null }>;

const letter = (n: number) =>
  String.fromCharCode(65 + (n % 26)) + (n >= 26 ? String(Math.floor(n / 26)) : '');

/** The identity category of a person: the subject's is D2, a victim's or third party's D11. */
const identityCategory = (role: string): DataCategory => (role === 'SUBJECT' ? 'D2' : 'D11');
const locationCategory = (role: string): DataCategory => (role === 'SUBJECT' ? 'D3' : 'D12');

@Injectable()
export class PeopleService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: FreeTextGuard,
  ) {}

  /** People of a case, carrying the case's view (their fields are checked per category). */
  async personsOf(
    scope: RequestScope,
    caseView: AccessView,
    caseId: string,
    roles: string[],
  ): Promise<PersonView[]> {
    const rows = await scope.loaders.persons.load(caseId);
    return rows
      .filter((r) => roles.includes(r.role))
      .map((r) => withAccess({ ...r, ageBand: toAgeBandValue(r.ageBand) }, caseView));
  }

  async locationsOf(
    scope: RequestScope,
    view: AccessView,
    personId: string,
    purpose?: string,
  ): Promise<WithAccess<LocationRow>[]> {
    const rows = await scope.loaders.locations.load(personId);
    const childView = purpose ? { ...view, purpose } : view;
    return rows.map((r) => withAccess({ ...r }, childView));
  }

  async voiceOf(
    scope: RequestScope,
    view: AccessView,
    personId: string,
  ): Promise<WithAccess<VoiceRow> | null> {
    const row = await scope.loaders.voice.load(personId);
    return row ? withAccess({ ...row }, view) : null;
  }

  private async caseFor(scope: RequestScope, caseId: string): Promise<CaseRow> {
    const [row] = await findCasesByIds(this.ds, [caseId]);
    await scope.access.ability();
    if (!row) throw notFound('Case');
    scope.access.invalidate(caseId);
    if (!scope.access.view(row).fields.has('D1')) throw notFound('Case');
    return row;
  }

  /** Rejects the whole input when any field it carries is not writable by the caller. */
  private async requireWrite(scope: RequestScope, row: CaseRow, categories: Iterable<FieldKey>) {
    for (const category of categories)
      if (!(await scope.access.canWrite(row, category)))
        throw forbidden(`Not permitted to record ${category} on this case`, { category });
  }

  private async personFor(
    scope: RequestScope,
    personId: string,
  ): Promise<{ person: PersonRow; row: CaseRow }> {
    const person = await findPersonById(this.ds, personId);
    if (!person) throw notFound('Person');
    const row = await this.caseFor(scope, person.caseId).catch(() => {
      throw notFound('Person');
    });
    return { person, row };
  }

  async addPerson(scope: RequestScope, input: AddPersonInput): Promise<string> {
    const row = await this.caseFor(scope, input.caseId);
    const needed = new Set<FieldKey>([identityCategory(input.role)]);
    if (input.proximityConcern !== undefined) {
      if (input.role !== 'SUBJECT')
        throw invalid('Only the subject has a proximity concern', 'proximityConcern');
      needed.add('D3');
    }
    await this.requireWrite(scope, row, needed);
    const id = await this.ds.transaction(async (m) => {
      const existing = await m.find(PersonEntity, {
        select: { id: true, role: true, alias: true },
        where: { caseId: row.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (input.role === 'SUBJECT' && existing.some((p) => p.role === 'SUBJECT'))
        throw conflict('The case already has a subject');
      const sameRole = existing.filter((p) => p.role === input.role).length;
      const alias =
        input.alias?.trim() ||
        (input.role === 'SUBJECT'
          ? 'Subject'
          : `${input.role === 'VICTIM' ? 'Victim' : 'Third party'} ${letter(sameRole)}`);
      if (existing.some((p) => p.alias === alias)) throw conflict('That alias is already used in this case');
      const personId = randomUUID();
      await m.insert(PersonEntity, {
        id: personId,
        caseId: row.id,
        role: input.role,
        alias,
        givenName: input.givenName ?? null,
        familyName: input.familyName ?? null,
        otherNames: input.otherNames ?? [],
        dateOfBirth: input.dateOfBirth ?? null,
        relationshipToSubject: input.relationshipToSubject ?? null,
        ageBand: fromAgeBandValue(input.ageBand),
        vulnerabilityFlags: input.vulnerabilityFlags ?? [],
        proximityConcern: input.proximityConcern ?? null,
        createdByAgencyId: scope.actor.agencyId,
      });
      await this.touchCase(m, scope, row, [...needed]);
      await this.audit.write(
        [
          writeEvent(
            scope,
            'CREATE',
            'Case',
            row.id,
            [...needed].map((c) => c as DataCategory),
            `addPerson:${input.role}`,
          ),
        ],
        m,
      );
      return personId;
    });
    scope.loaders.persons.clear(row.id);
    return id;
  }

  async updatePerson(scope: RequestScope, input: UpdatePersonInput): Promise<{ id: string; caseId: string }> {
    const { person, row } = await this.personFor(scope, input.id);
    const needed = new Set<FieldKey>();
    const identityKeys: (keyof UpdatePersonInput)[] = [
      'givenName',
      'familyName',
      'otherNames',
      'dateOfBirth',
      'relationshipToSubject',
      'ageBand',
      'vulnerabilityFlags',
    ];
    if (identityKeys.some((k) => input[k] !== undefined)) needed.add(identityCategory(person.role));
    if (input.proximityConcern !== undefined) {
      if (person.role !== 'SUBJECT')
        throw invalid('Only the subject has a proximity concern', 'proximityConcern');
      needed.add('D3');
    }
    if (!needed.size) throw invalid('Nothing to change');
    await this.requireWrite(scope, row, needed);
    const given: Partial<PersonEntity> = {
      givenName: input.givenName,
      familyName: input.familyName,
      otherNames: input.otherNames,
      dateOfBirth: input.dateOfBirth,
      relationshipToSubject: input.relationshipToSubject,
      ageBand: input.ageBand === undefined ? undefined : fromAgeBandValue(input.ageBand),
      vulnerabilityFlags: input.vulnerabilityFlags,
      proximityConcern: input.proximityConcern,
    };
    const changes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    await this.ds.transaction(async (m) => {
      const updated = await m.update(
        PersonEntity,
        { id: person.id, version: input.expectedVersion },
        { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' },
      );
      if (!updated.affected) throw conflict();
      await this.touchCase(m, scope, row, [...needed]);
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', 'Case', row.id, [...needed] as DataCategory[], 'updatePerson')],
        m,
      );
    });
    scope.loaders.persons.clear(row.id);
    return { id: person.id, caseId: row.id };
  }

  async addLocation(scope: RequestScope, input: AddLocationInput): Promise<{ id: string; caseId: string }> {
    const { person, row } = await this.personFor(scope, input.personId);
    const category = locationCategory(person.role);
    if (input.kind === 'SAFE_CONTACT' && person.role === 'SUBJECT')
      throw invalid('Safe contact details are for victims', 'kind');
    if (!input.addressLine1 && !input.postcode && !input.phone && !input.email && !input.details)
      throw invalid('Give at least an address, a postcode, a phone number, an email or details');
    await this.requireWrite(scope, row, [category]);
    const id = await this.ds.transaction(async (m) => {
      if (input.supersedeCurrent)
        await m.update(
          LocationEntity,
          { personId: person.id, kind: input.kind, current: true },
          { current: false, supersededAt: () => 'now()' },
        );
      const locationId = randomUUID();
      await m.insert(LocationEntity, {
        id: locationId,
        personId: person.id,
        caseId: row.id,
        kind: input.kind,
        addressLine1: input.addressLine1 ?? null,
        addressLine2: input.addressLine2 ?? null,
        town: input.town ?? null,
        postcode: input.postcode?.toUpperCase() ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        details: input.details ?? null,
        recordedByAgencyId: scope.actor.agencyId,
        recordedByUserId: scope.actor.userId,
      });
      await this.touchCase(m, scope, row, [category]);
      await this.audit.write([writeEvent(scope, 'CREATE', 'Case', row.id, [category], 'addLocation')], m);
      return locationId;
    });
    scope.loaders.locations.clear(person.id);
    return { id, caseId: row.id };
  }

  async updateVictimVoice(
    scope: RequestScope,
    input: UpdateVictimVoiceInput,
  ): Promise<{ id: string; caseId: string }> {
    const { person, row } = await this.personFor(scope, input.personId);
    if (person.role !== 'VICTIM') throw invalid("The victim's voice is recorded for victims", 'personId');
    await this.requireWrite(scope, row, ['D13']);
    // Partners read the shared summary and (in part) the rest: no location in any of them.
    for (const field of ['voiceSummary', 'safetyPlanSummary', 'sharedSummary'] as const)
      await this.freeText.assert(scope, row.id, input[field], field);
    await this.ds.transaction(async (m) => {
      if (input.expectedVersion === undefined) {
        // ON CONFLICT DO NOTHING: one voice record per person (its key).
        const inserted = await m
          .createQueryBuilder()
          .insert()
          .into(VictimVoiceEntity)
          .values({
            personId: person.id,
            caseId: row.id,
            voiceSummary: input.voiceSummary ?? null,
            safetyPlanSummary: input.safetyPlanSummary ?? null,
            sharedSummary: input.sharedSummary ?? null,
            updatedByAgencyId: scope.actor.agencyId,
          })
          .orIgnore()
          .returning('person_id')
          .execute();
        if (!(inserted.raw as unknown[]).length)
          throw conflict('A version already exists; send expectedVersion');
      } else {
        // A summary left out (or null) keeps its value.
        const updated = await m.update(
          VictimVoiceEntity,
          { personId: person.id, version: input.expectedVersion },
          {
            ...(input.voiceSummary != null && { voiceSummary: input.voiceSummary }),
            ...(input.safetyPlanSummary != null && { safetyPlanSummary: input.safetyPlanSummary }),
            ...(input.sharedSummary != null && { sharedSummary: input.sharedSummary }),
            updatedByAgencyId: scope.actor.agencyId,
            version: () => 'version + 1',
            updatedAt: () => 'now()',
          },
        );
        if (!updated.affected) throw conflict();
      }
      await this.touchCase(m, scope, row, ['D13']);
      await this.audit.write([writeEvent(scope, 'UPDATE', 'Case', row.id, ['D13'], 'updateVictimVoice')], m);
    });
    scope.loaders.voice.clear(person.id);
    return { id: person.id, caseId: row.id };
  }

  /** Bumps the case's updated time and tells other services something changed (ids only). */
  private async touchCase(m: EntityManager, scope: RequestScope, row: CaseRow, categories: FieldKey[]) {
    await touchCaseTime(m, row.id, categories);
    await this.outbox.write(m, {
      type: EVENT_TYPES.caseUpdated,
      aggregateType: 'Case',
      aggregateId: row.id,
      actorId: scope.actor.userId,
      correlationId: scope.actor.requestId,
      payload: { caseId: row.id, clinicId: row.clinicId, categories },
    });
  }
}
