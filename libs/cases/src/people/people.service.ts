import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { fromAgeBandValue, toAgeBandValue } from '../shared/enums.js';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { findPersonById, type LocationRow, type PersonRow, type VoiceRow } from './people.repository.js';
import type {
  AddLocationInput,
  AddPersonInput,
  UpdatePersonInput,
  UpdateVictimVoiceInput,
} from './people.inputs.js';
import { touchCaseTime } from '../shared/case-time.js';

export type PersonView = WithAccess<PersonRow & { ageBand: string | null }>;

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
        throw badInput('Only the subject has a proximity concern', 'proximityConcern');
      needed.add('D3');
    }
    await this.requireWrite(scope, row, needed);
    const id = await this.ds.transaction(async (m) => {
      const existing: { role: string; alias: string }[] = await m.query(
        `SELECT role, alias FROM cases.persons WHERE case_id = $1 FOR UPDATE`,
        [row.id],
      );
      if (input.role === 'SUBJECT' && existing.some((p) => p.role === 'SUBJECT'))
        throw conflict('The case already has a subject');
      const sameRole = existing.filter((p) => p.role === input.role).length;
      const alias =
        input.alias?.trim() ||
        (input.role === 'SUBJECT'
          ? 'Subject'
          : `${input.role === 'VICTIM' ? 'Victim' : 'Third party'} ${letter(sameRole)}`);
      if (existing.some((p) => p.alias === alias)) throw conflict('That alias is already used in this case');
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, other_names, date_of_birth,
           relationship_to_subject, age_band, vulnerability_flags, proximity_concern, created_by_agency_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          row.id,
          input.role,
          alias,
          input.givenName ?? null,
          input.familyName ?? null,
          input.otherNames ?? [],
          input.dateOfBirth ?? null,
          input.relationshipToSubject ?? null,
          fromAgeBandValue(input.ageBand),
          input.vulnerabilityFlags ?? [],
          input.proximityConcern ?? null,
          scope.actor.agencyId,
        ],
      );
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
      return inserted[0]!.id;
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
        throw badInput('Only the subject has a proximity concern', 'proximityConcern');
      needed.add('D3');
    }
    if (!needed.size) throw badInput('Nothing to change');
    await this.requireWrite(scope, row, needed);
    const columns: Record<string, unknown> = {
      given_name: input.givenName,
      family_name: input.familyName,
      other_names: input.otherNames,
      date_of_birth: input.dateOfBirth,
      relationship_to_subject: input.relationshipToSubject,
      age_band: input.ageBand === undefined ? undefined : fromAgeBandValue(input.ageBand),
      vulnerability_flags: input.vulnerabilityFlags,
      proximity_concern: input.proximityConcern,
    };
    const params: unknown[] = [person.id, input.expectedVersion];
    const sets = Object.entries(columns)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        params.push(v);
        return `${k} = $${params.length}`;
      });
    await this.ds.transaction(async (m) => {
      const updated = await updateReturning<{ id: string }>(
        m,
        `UPDATE cases.persons SET ${sets.join(', ')}, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        params,
      );
      if (!updated.length) throw conflict();
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
      throw badInput('Safe contact details are for victims', 'kind');
    if (!input.addressLine1 && !input.postcode && !input.phone && !input.email && !input.details)
      throw badInput('Give at least an address, a postcode, a phone number, an email or details');
    await this.requireWrite(scope, row, [category]);
    const id = await this.ds.transaction(async (m) => {
      if (input.supersedeCurrent)
        await m.query(
          `UPDATE cases.locations SET current = false, superseded_at = now() WHERE person_id = $1 AND kind = $2 AND current`,
          [person.id, input.kind],
        );
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.locations (person_id, case_id, kind, address_line1, address_line2, town, postcode, phone, email, details,
           recorded_by_agency_id, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          person.id,
          row.id,
          input.kind,
          input.addressLine1 ?? null,
          input.addressLine2 ?? null,
          input.town ?? null,
          input.postcode?.toUpperCase() ?? null,
          input.phone ?? null,
          input.email ?? null,
          input.details ?? null,
          scope.actor.agencyId,
          scope.actor.userId,
        ],
      );
      await this.touchCase(m, scope, row, [category]);
      await this.audit.write([writeEvent(scope, 'CREATE', 'Case', row.id, [category], 'addLocation')], m);
      return inserted[0]!.id;
    });
    scope.loaders.locations.clear(person.id);
    return { id, caseId: row.id };
  }

  async updateVictimVoice(
    scope: RequestScope,
    input: UpdateVictimVoiceInput,
  ): Promise<{ id: string; caseId: string }> {
    const { person, row } = await this.personFor(scope, input.personId);
    if (person.role !== 'VICTIM') throw badInput("The victim's voice is recorded for victims", 'personId');
    await this.requireWrite(scope, row, ['D13']);
    // Partners read the shared summary and (in part) the rest: no location in any of them.
    for (const field of ['voiceSummary', 'safetyPlanSummary', 'sharedSummary'] as const)
      await this.freeText.assert(scope, row.id, input[field], field);
    await this.ds.transaction(async (m) => {
      if (input.expectedVersion === undefined) {
        const inserted: { person_id: string }[] = await m.query(
          `INSERT INTO cases.victim_voice (person_id, case_id, voice_summary, safety_plan_summary, shared_summary, updated_by_agency_id)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id) DO NOTHING RETURNING person_id`,
          [
            person.id,
            row.id,
            input.voiceSummary ?? null,
            input.safetyPlanSummary ?? null,
            input.sharedSummary ?? null,
            scope.actor.agencyId,
          ],
        );
        if (!inserted.length) throw conflict('A version already exists; send expectedVersion');
      } else {
        const updated = await updateReturning<{ person_id: string }>(
          m,
          `UPDATE cases.victim_voice SET voice_summary = COALESCE($3, voice_summary), safety_plan_summary = COALESCE($4, safety_plan_summary),
                  shared_summary = COALESCE($5, shared_summary), updated_by_agency_id = $6, version = version + 1, updated_at = now()
            WHERE person_id = $1 AND version = $2 RETURNING person_id`,
          [
            person.id,
            input.expectedVersion,
            input.voiceSummary ?? null,
            input.safetyPlanSummary ?? null,
            input.sharedSummary ?? null,
            scope.actor.agencyId,
          ],
        );
        if (!updated.length) throw conflict();
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
