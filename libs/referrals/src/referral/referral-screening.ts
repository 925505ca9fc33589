import { EVENT_TYPES } from '@scp/contracts';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import { updateReturning, writeEvent, type RequestScope } from '../shared/scope.js';
import type { ReferralView } from './referral-reads.js';
import { ReferralSteps } from './referral-steps.js';
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
        ...(row.screeningStartedAt ? {} : { screening_started_at: 'now()' }),
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
      await m.query(
        `INSERT INTO referrals.questions (referral_id, question, asked_by_user_id, asked_by_agency_id) VALUES ($1, $2, $3, $4)`,
        [row.id, input.question.trim(), scope.actor.userId, scope.actor.agencyId],
      );
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralMoreInfoRequested);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'requestMoreInformation')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  /** Answers one question; when none is left open, the referral goes back to SUBMITTED. */
  async answerQuestion(scope: RequestScope, input: AnswerQuestionInput): Promise<ReferralView> {
    const q: { referral_id: string; answered: boolean }[] = await this.ds.query(
      `SELECT referral_id, answer IS NOT NULL AS answered FROM referrals.questions WHERE id = $1`,
      [input.questionId],
    );
    if (!q[0]) throw notFound('Question');
    const row = await this.loadFor(scope, q[0].referral_id, 'answer');
    if (q[0].answered) throw badInput('The question has already been answered', 'questionId');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'answer', text: input.answer }]);
    await this.ds.transaction(async (m) => {
      const answered = await updateReturning<{ id: string }>(
        m,
        `UPDATE referrals.questions SET answer = $2, answered_by_user_id = $3, answered_at = now()
          WHERE id = $1 AND answer IS NULL RETURNING id`,
        [input.questionId, input.answer.trim(), scope.actor.userId],
      );
      if (!answered.length) throw conflict();
      const open: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM referrals.questions WHERE referral_id = $1 AND answer IS NULL`,
        [row.id],
      );
      await this.move(m, row, input.expectedVersion, open[0]!.n === 0 ? { status: 'SUBMITTED' } : {});
      if (open[0]!.n === 0) await this.flagDuplicates(m, row);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'answerQuestion')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }
}
