import type { DataSource } from 'typeorm';
import type { AuditWriterLike } from '../shared/tokens.js';
import { findReferralsByIds, findVictimLocations } from '../referral/referral.repository.js';
import type { VictimLocationEntity } from '../referral/referral.entities.js';

/** What the cases service copies into the new case: the people and the sharing rationale. */
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
  victimLocations: Omit<VictimLocationEntity, 'referralId' | 'createdAt'>[];
}

/**
 * The people of an ACCEPTED referral, for the cases service only (internal endpoint, service
 * token). This is how victim data travels to the case without entering Redis: the event carries
 * the referral id, the consumer fetches the rest over an authenticated call. Every hand-off is a
 * DISCLOSURE in the audit log. Null for a referral that does not exist or is not accepted.
 */
export async function referralHandoff(
  ds: DataSource,
  audit: AuditWriterLike,
  referralId: string,
  requestId: string,
): Promise<ReferralHandoff | null> {
  const [r] = await findReferralsByIds(ds, [referralId]);
  if (!r || r.status !== 'ACCEPTED') return null;
  const locations = await findVictimLocations(ds, r.id);
  await audit.write([
    {
      actorId: 'service:cases',
      actorAgencyId: null,
      action: 'DISCLOSURE',
      entityType: 'Referral',
      entityId: r.id,
      categories: locations.length ? ['D1', 'D2', 'D11', 'D12'] : ['D1', 'D2', 'D11'],
      purpose: 'hand-off of an accepted referral to the cases service to open its case',
      recipients: ['cases'],
      requestId,
      ownerAgencyId: r.referrerAgencyId,
    },
  ]);
  return {
    referralId: r.id,
    reference: r.reference,
    referrerAgencyId: r.referrerAgencyId,
    referrerUserId: r.referrerUserId,
    basisRationale: r.basisRationale,
    subject: {
      givenName: r.subjectGivenName,
      familyName: r.subjectFamilyName,
      otherNames: r.subjectOtherNames,
      dateOfBirth: r.subjectDateOfBirth,
    },
    victim: {
      givenName: r.victimGivenName,
      familyName: r.victimFamilyName,
      dateOfBirth: r.victimDateOfBirth,
      relationshipToSubject: r.victimRelationship,
    },
    victimLocations: locations.map(({ referralId: _referral, createdAt: _created, ...l }) => ({ ...l })),
  };
}
