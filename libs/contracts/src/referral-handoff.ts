import type { LocationKind } from './case.js';

/**
 * What the referrals service hands the cases service for an accepted referral (its internal
 * hand-off endpoint, service token): the people and the sharing rationale, which never travel
 * through Redis. One wire format, written by referrals and read by cases.
 */
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
    kind: LocationKind;
    addressLine1: string | null;
    town: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
    details: string | null;
  }[];
}
