import { EVENT_TYPES } from '@scp/contracts';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import { IsNull } from 'typeorm';
import { writeEvent, type RequestScope } from '../shared/scope.js';
import { QuestionEntity } from './referral.entities.js';
import type { ReferralView } from './referral-reads.js';
import { now, ReferralSteps } from './referral-steps.js';
import type {
  AnswerQuestionInput,
  ReferralTransitionInput,
  RequestMoreInformationInput,
} from './referral.inputs.js';

/** Screening: the clinic starts it, asks for more information, the referrer answers. */
export class ReferralScreening extends ReferralSteps {
  async startScreening(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'startScreening');
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'SCREENING',
        ...(row.screeningStartedAt ? {} : { screeningStartedAt: now }),
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'startScreening')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  async requestMoreInformation(
    scope: RequestScope,
    input: RequestMoreInformationInput,
  ): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'requestMoreInformation');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'question', text: input.question }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, { status: 'MORE_INFO_REQUESTED' });
      await m.getRepository(QuestionEntity).insert({
        referralId: row.id,
        question: input.question.trim(),
        askedByUserId: scope.actor.userId,
        askedByAgencyId: scope.actor.agencyId,
      });
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralMoreInfoRequested);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'requestMoreInformation')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  /** Answers one question; when none is left open, the referral goes back to SUBMITTED. */
  async answerQuestion(scope: RequestScope, input: AnswerQuestionInput): Promise<ReferralView> {
    const question = await this.ds.getRepository(QuestionEntity).findOneBy({ id: input.questionId });
    if (!question) throw notFound('Question');
    const row = await this.loadFor(scope, question.referralId, 'answer');
    if (question.answer !== null) throw badInput('The question has already been answered', 'questionId');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'answer', text: input.answer }]);
    await this.ds.transaction(async (m) => {
      const questions = m.getRepository(QuestionEntity);
      const answered = await questions.update(
        { id: input.questionId, answer: IsNull() },
        { answer: input.answer.trim(), answeredByUserId: scope.actor.userId, answeredAt: now },
      );
      if (!answered.affected) throw conflict();
      const open = await questions.countBy({ referralId: row.id, answer: IsNull() });
      await this.move(m, row, input.expectedVersion, open === 0 ? { status: 'SUBMITTED' } : {});
      if (open === 0) await this.flagDuplicates(m, row);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'answerQuestion')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }
}
