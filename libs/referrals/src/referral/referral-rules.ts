import type { ReferralStatus } from '../shared/enums.js';

export type ReferralTransition =
  | 'submit'
  | 'startScreening'
  | 'requestMoreInformation'
  | 'answer'
  | 'withdraw'
  | 'accept'
  | 'decline'
  | 'update';

/** Who may make each move: the referrer's agency, or the chair/coordinator of the clinic. */
export const TRANSITION_ACTOR: Readonly<Record<ReferralTransition, 'referrer' | 'clinic'>> = {
  submit: 'referrer',
  answer: 'referrer',
  withdraw: 'referrer',
  update: 'referrer',
  startScreening: 'clinic',
  requestMoreInformation: 'clinic',
  accept: 'clinic',
  decline: 'clinic',
};

/** The states each move starts from (domain.md, Lifecycle step 1). */
export const TRANSITION_FROM: Readonly<Record<ReferralTransition, readonly ReferralStatus[]>> = {
  submit: ['DRAFT'],
  startScreening: ['SUBMITTED'],
  requestMoreInformation: ['SCREENING'],
  answer: ['MORE_INFO_REQUESTED'],
  withdraw: ['DRAFT', 'SUBMITTED', 'SCREENING', 'MORE_INFO_REQUESTED'],
  accept: ['SCREENING'],
  decline: ['SCREENING'],
  update: ['DRAFT', 'MORE_INFO_REQUESTED'],
};

/** S-DASH score: the number of "yes" answers. */
export const sdashScore = (answers: readonly boolean[]) => answers.filter(Boolean).length;
