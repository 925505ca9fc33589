import type { ReferralsHarness } from './referrals-harness.js';

export const REFERRAL_FIELDS = `id reference status version urgency clinicId referrerAgencyId sharingBasis basisRationale
  cjStatus behaviours crimeReferences tier leadAgencyId participantAgencyIds decisionReason overdue
  questions { id question answer }`;

export const CREATE = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
export const UPDATE = `mutation($input: UpdateReferralInput!) { updateReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
export const SUBMIT = `mutation($input: ReferralTransitionInput!) { submitReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
export const SCREEN = `mutation($input: ReferralTransitionInput!) { startScreening(input: $input) { ${REFERRAL_FIELDS} } }`;
export const ASK = `mutation($input: RequestMoreInformationInput!) { requestMoreInformation(input: $input) { ${REFERRAL_FIELDS} } }`;
export const ANSWER = `mutation($input: AnswerQuestionInput!) { answerReferralQuestion(input: $input) { ${REFERRAL_FIELDS} } }`;
export const WITHDRAW = `mutation($input: ReferralTransitionInput!) { withdrawReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
export const ACCEPT = `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
export const DECLINE = `mutation($input: ReferralTransitionInput!) { declineReferral(input: $input) { ${REFERRAL_FIELDS} } }`;

export interface ReferralData {
  id: string;
  reference: string;
  status: string;
  version: number;
  questions: { id: string; question: string; answer: string | null }[];
  [key: string]: unknown;
}

/** A victim location value tests search for in responses of roles that must not see D12. */
export const CANARY_STREET = '7 Canary Row CANARY-D12-referral';
export const CANARY_PHONE = '07700 900777';

export function referralInput(clinicId: string, overrides: Record<string, unknown> = {}) {
  return {
    clinicId,
    urgency: 'ROUTINE',
    reason: 'Persistent unwanted contact after the end of a relationship',
    behaviours: ['FOLLOWING', 'UNWANTED_CONTACT', 'ONLINE'],
    crimeReferences: ['CR-2026-000123'],
    cjStatus: 'UNDER_INVESTIGATION',
    sharingBasis: 'STATUTORY_GATEWAY',
    basisRationale: 'Crime and Disorder Act 1998 s115',
    subject: { givenName: 'Kilo', familyName: 'Testperson' },
    victim: { givenName: 'Lima', familyName: 'Sampleperson', relationshipToSubject: 'Former partner' },
    victimLocations: [
      {
        kind: 'HOME',
        addressLine1: CANARY_STREET,
        town: 'Sampletown',
        postcode: 'ZZ1 7CR',
        phone: CANARY_PHONE,
      },
    ],
    sdash: { answers: [true, true, true, true, true, true, true, false, false, false, false] },
    ...overrides,
  };
}

/** Runs one mutation and returns the referral, failing the test on any error. */
export async function ok(
  h: Pick<ReferralsHarness, 'gql'>,
  user: string,
  query: string,
  input: unknown,
): Promise<ReferralData> {
  const res = await h.gql<Record<string, ReferralData>>(user, query, { input });
  if (res.body.errors?.length) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
  return Object.values(res.body.data!)[0]!;
}
