import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import {
  EVENT_TYPES,
  QUEUES,
  type CjStatus,
  type EventEnvelope,
  type ReferralHandoff,
  type SharingBasis,
} from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import type { AuditWriter } from '@scp/platform-audit';
import type { Outbox } from '@scp/platform-database';
import type { Logger } from '@scp/platform-logging';
import { createWorker } from '@scp/platform-messaging';
import type { Redis } from 'ioredis';
import { CaseEntity, ParticipantEntity } from '../case/case.entities.js';
import { nextCaseReference } from '../case/case.repository.js';
import { AgencyEntity, ClinicEntity, ClinicMemberEntity } from '../directory/directory.entities.js';
import { LocationEntity, PersonEntity } from '../people/people.entities.js';

export type { ReferralHandoff } from '@scp/contracts';

export interface ReferralHandoffOptions {
  /** Base URL of the referrals subgraph (a function: in tests it is known only once it listens). */
  baseUrl: () => string | undefined;
  /** Signs the service token (subject `cases`, audience `referrals`). */
  signer: InternalTokenSigner;
}

interface AcceptedPayload {
  referralId: string;
  clinicId: string;
  tier: 'CLINIC_CASE' | 'CONSULTATION_ONLY';
  leadAgencyId: string;
  cjStatus: CjStatus;
  sharingBasis: SharingBasis;
  participantAgencyIds: string[];
  acceptedByUserId: string;
}

/**
 * Fetches the people of an accepted referral from the referrals service. The `referral.accepted`
 * event holds ids and codes only (it sits in Redis in plain text); the victim's details travel
 * over this authenticated call instead, and the referrals service audits it as a disclosure.
 */
export async function fetchReferralHandoff(
  opts: ReferralHandoffOptions,
  referralId: string,
): Promise<ReferralHandoff> {
  const base = opts.baseUrl();
  if (!base) throw new Error('referrals service URL unknown');
  const token = opts.signer.mintForService('cases', 'referrals', randomUUID());
  const res = await fetch(`${base}/internal/referrals/${encodeURIComponent(referralId)}/handoff`, {
    headers: { authorization: `Bearer ${token}` },
  });
  // Any failure throws: the job retries with backoff, and nothing was written.
  if (res.status !== 200) throw new Error(`referral hand-off failed with HTTP ${res.status}`);
  return (await res.json()) as ReferralHandoff;
}

/**
 * Creates the case of an accepted referral, exactly once. `cases.cases.referral_id` is UNIQUE and
 * the insert says ON CONFLICT DO NOTHING: a redelivered event, a re-send by the outbox
 * reconciler, or two workers racing on it all end with one case; the loser writes nothing (no
 * participants, no people, no events). Case, participants, people and their events commit
 * together. Returns the case id when this call created it, null for a duplicate.
 */
export async function createCaseFromReferral(
  deps: { ds: DataSource; outbox: Outbox; audit: AuditWriter },
  event: EventEnvelope,
  handoff: ReferralHandoff,
): Promise<string | null> {
  const p = event.payload as unknown as AcceptedPayload;
  return deps.ds.transaction(async (m) => {
    const clinic = await m.findOne(ClinicEntity, {
      where: { id: p.clinicId },
      select: { id: true, code: true },
    });
    if (!clinic) throw new Error('referral for an unknown clinic');
    // A reference number is taken only when the case is new (the counter row is locked meanwhile).
    if (await m.existsBy(CaseEntity, { referralId: p.referralId })) return null;
    const reference = await nextCaseReference(m, p.clinicId, clinic.code, new Date().getUTCFullYear());
    const caseId = randomUUID();
    const inserted = await m
      .createQueryBuilder()
      .insert()
      .into(CaseEntity)
      .values({
        id: caseId,
        reference,
        clinicId: p.clinicId,
        tier: p.tier,
        status: p.tier === 'CONSULTATION_ONLY' ? 'CONSULTATION' : 'AWAITING_LISTING',
        cjStatus: p.cjStatus,
        leadAgencyId: p.leadAgencyId,
        referralId: p.referralId,
        createdByUserId: p.acceptedByUserId,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    // A concurrent worker won the race (same referral_id): its transaction holds the case.
    if (!(inserted.raw as unknown[]).length) return null;
    // Only agencies that are members of the clinic and signed its sharing agreement take part.
    const members = p.participantAgencyIds.length
      ? await m
          .createQueryBuilder(ClinicMemberEntity, 'm')
          .innerJoin(AgencyEntity, 'a', 'a.id = m.agencyId AND a.active')
          .select('m.agencyId', 'agencyId')
          .where('m.clinicId = :clinicId', { clinicId: p.clinicId })
          .andWhere('m.agencyId IN (:...ids)', { ids: p.participantAgencyIds })
          .andWhere('m.isaSignedOn IS NOT NULL AND m.isaSignedOn <= current_date')
          .getRawMany<{ agencyId: string }>()
      : [];
    const signed = new Set(members.map((r) => r.agencyId));
    const rationale =
      handoff.basisRationale ?? (p.sharingBasis === 'CONSENT' ? null : 'Basis recorded on the referral');
    for (const agencyId of p.participantAgencyIds.filter((a) => signed.has(a))) {
      await m.insert(ParticipantEntity, {
        id: randomUUID(),
        caseId,
        agencyId,
        roleInCase: agencyId === p.leadAgencyId ? 'LEAD' : 'PARTNER',
        sharingBasis: p.sharingBasis,
        basisRationale: rationale,
        addedByUserId: p.acceptedByUserId,
      });
      await deps.outbox.write(m, {
        type: EVENT_TYPES.participationAdded,
        aggregateType: 'Case',
        aggregateId: caseId,
        actorId: p.acceptedByUserId,
        correlationId: event.correlationId,
        payload: { caseId, clinicId: p.clinicId, agencyId },
      });
    }
    const s = handoff.subject;
    await m.insert(PersonEntity, {
      id: randomUUID(),
      caseId,
      role: 'SUBJECT',
      alias: 'Subject',
      givenName: s.givenName,
      familyName: s.familyName,
      otherNames: s.otherNames ?? [],
      dateOfBirth: s.dateOfBirth,
      createdByAgencyId: handoff.referrerAgencyId,
    });
    const v = handoff.victim;
    const victimId = randomUUID();
    await m.insert(PersonEntity, {
      id: victimId,
      caseId,
      role: 'VICTIM',
      alias: 'Victim A',
      givenName: v.givenName,
      familyName: v.familyName,
      dateOfBirth: v.dateOfBirth,
      relationshipToSubject: v.relationshipToSubject,
      createdByAgencyId: handoff.referrerAgencyId,
    });
    for (const l of handoff.victimLocations)
      await m.insert(LocationEntity, {
        id: randomUUID(),
        personId: victimId,
        caseId,
        kind: l.kind,
        addressLine1: l.addressLine1,
        town: l.town,
        postcode: l.postcode,
        phone: l.phone,
        email: l.email,
        details: l.details,
        recordedByAgencyId: handoff.referrerAgencyId,
        recordedByUserId: handoff.referrerUserId,
      });
    await deps.outbox.write(m, {
      type: EVENT_TYPES.caseCreated,
      aggregateType: 'Case',
      aggregateId: caseId,
      actorId: p.acceptedByUserId,
      correlationId: event.correlationId,
      payload: { caseId, clinicId: p.clinicId, leadAgencyId: p.leadAgencyId, referralId: p.referralId },
    });
    await deps.audit.write(
      [
        {
          actorId: p.acceptedByUserId,
          action: 'CREATE',
          entityType: 'Case',
          entityId: caseId,
          caseId,
          categories: handoff.victimLocations.length ? ['D1', 'D2', 'D11', 'D12'] : ['D1', 'D2', 'D11'],
          purpose: `case opened on acceptance of referral ${handoff.reference}`,
          ownerAgencyId: p.leadAgencyId,
          requestId: event.correlationId,
        },
      ],
      m,
    );
    return caseId;
  });
}

/** The worker on `referral-events.cases`: one `referral.accepted` → one case. */
export function startReferralIntakeWorker(opts: {
  ds: DataSource;
  outbox: Outbox;
  audit: AuditWriter;
  handoff: ReferralHandoffOptions;
  connection: Redis;
  prefix?: string;
  logger?: Logger;
}): Worker<EventEnvelope> {
  return createWorker<EventEnvelope>(
    QUEUES.referralEventsForCases,
    async (job) => {
      if (job.data.type !== EVENT_TYPES.referralAccepted) return;
      const referralId = String(job.data.payload.referralId);
      // Already created (a redelivery): no need to fetch the people again.
      if (await opts.ds.manager.existsBy(CaseEntity, { referralId })) return;
      const handoff = await fetchReferralHandoff(opts.handoff, referralId);
      await createCaseFromReferral(opts, job.data, handoff);
    },
    opts.connection,
    { prefix: opts.prefix, logger: opts.logger },
  );
}
