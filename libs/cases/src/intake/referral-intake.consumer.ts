import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import { EVENT_TYPES, QUEUES, type EventEnvelope } from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import type { AuditWriter } from '@scp/platform-audit';
import type { Outbox } from '@scp/platform-database';
import type { Logger } from '@scp/platform-logging';
import { createWorker } from '@scp/platform-messaging';
import type { Redis } from 'ioredis';

/** The people of an accepted referral, as the referrals service's hand-off endpoint returns them. */
export interface ReferralHandoff {
  referralId: string;
  reference: string;
  referrerAgencyId: string;
  referrerUserId: string;
  basisRationale: string | null;
  subject: {
    givenName: string | null;
    familyName: string | null;
    otherNames: string[];
    dateOfBirth: string | null;
  };
  victim: {
    givenName: string | null;
    familyName: string | null;
    dateOfBirth: string | null;
    relationshipToSubject: string | null;
  };
  victimLocations: {
    id: string;
    kind: string;
    addressLine1: string | null;
    town: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
    details: string | null;
  }[];
}

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
  cjStatus: string;
  sharingBasis: string;
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
    const [clinic]: { code: string }[] = await m.query(`SELECT code FROM cases.clinics WHERE id = $1`, [
      p.clinicId,
    ]);
    if (!clinic) throw new Error('referral for an unknown clinic');
    // A reference number is taken only when the case is new (the counter row is locked meanwhile).
    const existing: unknown[] = await m.query(`SELECT 1 FROM cases.cases WHERE referral_id = $1`, [
      p.referralId,
    ]);
    if (existing.length) return null;
    const year = new Date().getUTCFullYear();
    const [counter]: { last_value: number }[] = await m.query(
      `INSERT INTO cases.case_reference_counters (clinic_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (clinic_id, year) DO UPDATE SET last_value = cases.case_reference_counters.last_value + 1
       RETURNING last_value`,
      [p.clinicId, year],
    );
    const reference = `${clinic.code}-${year}-${String(counter!.last_value).padStart(4, '0')}`;
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO cases.cases (reference, clinic_id, tier, status, cj_status, lead_agency_id, referral_id, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (referral_id) DO NOTHING RETURNING id`,
      [
        reference,
        p.clinicId,
        p.tier,
        p.tier === 'CONSULTATION_ONLY' ? 'CONSULTATION' : 'AWAITING_LISTING',
        p.cjStatus,
        p.leadAgencyId,
        p.referralId,
        p.acceptedByUserId,
      ],
    );
    // A concurrent worker won the race: its transaction holds the case; this one writes nothing.
    if (!inserted.length) return null;
    const caseId = inserted[0]!.id;
    // Only agencies that are members of the clinic and signed its sharing agreement take part.
    const members: { agency_id: string }[] = await m.query(
      `SELECT m.agency_id FROM cases.clinic_members m JOIN cases.agencies a ON a.id = m.agency_id AND a.active
        WHERE m.clinic_id = $1 AND m.agency_id = ANY($2::uuid[]) AND m.isa_signed_on IS NOT NULL AND m.isa_signed_on <= current_date`,
      [p.clinicId, p.participantAgencyIds],
    );
    const signed = new Set(members.map((r) => r.agency_id));
    const rationale =
      handoff.basisRationale ?? (p.sharingBasis === 'CONSENT' ? null : 'Basis recorded on the referral');
    for (const agencyId of p.participantAgencyIds.filter((a) => signed.has(a))) {
      await m.query(
        `INSERT INTO cases.participants (case_id, agency_id, role_in_case, sharing_basis, basis_rationale, added_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          caseId,
          agencyId,
          agencyId === p.leadAgencyId ? 'LEAD' : 'PARTNER',
          p.sharingBasis,
          rationale,
          p.acceptedByUserId,
        ],
      );
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
    await m.query(
      `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, other_names, date_of_birth, created_by_agency_id)
       VALUES ($1, 'SUBJECT', 'Subject', $2, $3, $4, $5, $6)`,
      [caseId, s.givenName, s.familyName, s.otherNames ?? [], s.dateOfBirth, handoff.referrerAgencyId],
    );
    const v = handoff.victim;
    const [victim]: { id: string }[] = await m.query(
      `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, date_of_birth, relationship_to_subject, created_by_agency_id)
       VALUES ($1, 'VICTIM', 'Victim A', $2, $3, $4, $5, $6) RETURNING id`,
      [caseId, v.givenName, v.familyName, v.dateOfBirth, v.relationshipToSubject, handoff.referrerAgencyId],
    );
    for (const l of handoff.victimLocations)
      await m.query(
        `INSERT INTO cases.locations (person_id, case_id, kind, address_line1, town, postcode, phone, email, details,
           recorded_by_agency_id, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          victim!.id,
          caseId,
          l.kind,
          l.addressLine1,
          l.town,
          l.postcode,
          l.phone,
          l.email,
          l.details,
          handoff.referrerAgencyId,
          handoff.referrerUserId,
        ],
      );
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
      const done: unknown[] = await opts.ds.query(`SELECT 1 FROM cases.cases WHERE referral_id = $1`, [
        referralId,
      ]);
      if (done.length) return;
      const handoff = await fetchReferralHandoff(opts.handoff, referralId);
      await createCaseFromReferral(opts, job.data, handoff);
    },
    opts.connection,
    { prefix: opts.prefix, logger: opts.logger },
  );
}
