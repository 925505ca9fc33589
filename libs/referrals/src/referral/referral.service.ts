import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AccessView } from '@scp/platform-access';
import {
  REFERRALS_AUDIT,
  REFERRALS_DATA_SOURCE,
  REFERRALS_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { ReferralFreeTextGuard } from './referral-free-text.js';
import { ReferralReads, type ReferralView } from './referral-reads.js';
import { ReferralIntake } from './referral-intake.js';
import { ReferralScreening } from './referral-screening.js';
import { ReferralDecision } from './referral-decision.js';
import type {
  AcceptReferralInput,
  AnswerQuestionInput,
  CreateReferralInput,
  ReferralFilter,
  ReferralOrderBy,
  ReferralTransitionInput,
  RequestMoreInformationInput,
  UpdateReferralInput,
} from './referral.inputs.js';

export type { ReferralView } from './referral-reads.js';

/**
 * The referrals subgraph's entry point: reads, then the steps of a referral's life, each in its
 * own module (intake, screening, decision).
 */
@Injectable()
export class ReferralService {
  readonly reads: ReferralReads;
  readonly intake: ReferralIntake;
  readonly screening: ReferralScreening;
  readonly decision: ReferralDecision;

  constructor(
    @Inject(REFERRALS_DATA_SOURCE) ds: DataSource,
    @Inject(REFERRALS_AUDIT) audit: AuditWriterLike,
    @Inject(REFERRALS_OUTBOX) outbox: OutboxLike,
    freeText: ReferralFreeTextGuard,
  ) {
    this.reads = new ReferralReads(ds);
    this.intake = new ReferralIntake(ds, audit, outbox, freeText, this.reads);
    this.screening = new ReferralScreening(ds, audit, outbox, freeText, this.reads);
    this.decision = new ReferralDecision(ds, audit, outbox, freeText, this.reads);
  }

  getReferral = (scope: RequestScope, id: string) => this.reads.getReferral(scope, id);
  getForReference = (scope: RequestScope, id: string) => this.reads.getForReference(scope, id);
  getForCase = (scope: RequestScope, caseId: string) => this.reads.getForCase(scope, caseId);
  listReferrals = (
    scope: RequestScope,
    filter: ReferralFilter,
    orderBy: ReferralOrderBy | undefined,
    first: number,
    after: string | undefined,
    purpose?: string,
  ) => this.reads.listReferrals(scope, filter, orderBy, first, after, purpose);
  countReferrals = (scope: RequestScope, filter: ReferralFilter, purpose?: string) =>
    this.reads.countReferrals(scope, filter, purpose);
  victimLocations = (parent: ReferralView, view: AccessView, purpose: string) =>
    this.reads.victimLocations(parent, view, purpose);
  questions = (parent: ReferralView, view: AccessView) => this.reads.questions(parent, view);
  duplicates = (scope: RequestScope, parent: ReferralView, view: AccessView) =>
    this.reads.duplicates(scope, parent, view);

  createReferral = (scope: RequestScope, input: CreateReferralInput) =>
    this.intake.createReferral(scope, input);
  updateReferral = (scope: RequestScope, input: UpdateReferralInput) =>
    this.intake.updateReferral(scope, input);
  submitReferral = (scope: RequestScope, input: ReferralTransitionInput) =>
    this.intake.submitReferral(scope, input);
  startScreening = (scope: RequestScope, input: ReferralTransitionInput) =>
    this.screening.startScreening(scope, input);
  requestMoreInformation = (scope: RequestScope, input: RequestMoreInformationInput) =>
    this.screening.requestMoreInformation(scope, input);
  answerQuestion = (scope: RequestScope, input: AnswerQuestionInput) =>
    this.screening.answerQuestion(scope, input);
  withdrawReferral = (scope: RequestScope, input: ReferralTransitionInput) =>
    this.decision.withdrawReferral(scope, input);
  declineReferral = (scope: RequestScope, input: ReferralTransitionInput) =>
    this.decision.declineReferral(scope, input);
  acceptReferral = (scope: RequestScope, input: AcceptReferralInput) =>
    this.decision.acceptReferral(scope, input);
}
