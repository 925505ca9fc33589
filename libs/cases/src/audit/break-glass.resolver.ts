import { Args, Context, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Policy, Public, PurposeReasonEnum } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { BreakGlassService } from './break-glass.service.js';

@ObjectType('BreakGlassGrant')
export class BreakGlassGrantModel {
  @Field(() => ID) @Public() caseId: string;
  @Field(() => Date) @Public() expiresAt: Date;
}

@Resolver()
export class BreakGlassResolver {
  constructor(private readonly grants: BreakGlassService) {}

  @Mutation(() => BreakGlassGrantModel, {
    description:
      "Auditors only: open a case's content for an hour, for a recorded purpose; the lead agency is told",
  })
  @Policy('breakGlass (auditor/DPO)')
  async breakGlass(
    @Context() ctx: CasesContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('reason', { type: () => PurposeReasonEnum, description: 'Why, from the list' }) reason: string,
    @Args('purpose', { description: 'Why, in at least a sentence (written to the audit log)' })
    purpose: string,
  ) {
    return this.grants.open(ctx, requireUuid(caseId, 'caseId'), reason, purpose);
  }
}
