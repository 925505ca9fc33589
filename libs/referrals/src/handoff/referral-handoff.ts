import type { DataSource } from 'typeorm';
import type { AuditWriterLike } from '../shared/tokens.js';
import { findReferralsByIds, findVictimLocations } from '../referral/referral.repository.js';
import type { ReferralHandoff } from '@scp/contracts';

export type { ReferralHandoff } from '@scp/contracts';

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
