import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { pageSize } from '../case/case.inputs.js';
import { AuditEventConnection, AuditEventFilter, AuditExportModel } from './audit-query.model.js';
import { AuditQueryService } from './audit-query.service.js';

@Resolver()
export class AuditQueryResolver {
  constructor(private readonly audits: AuditQueryService) {}

  @Query(() => AuditEventConnection, {
    description: "Audit events of your agency's users and data, newest first",
  })
  @Policy('D23 read (auditor: own agency users and data)')
  async auditEvents(
    @Context() ctx: CasesContext,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.audits.list(ctx, filter ?? {}, pageSize(first), after ?? undefined);
  }

  @Mutation(() => AuditExportModel, {
    description:
      "Exports the audit events a filter matches (your agency's users and data) as CSV; the export is itself an audit event",
  })
  @Policy('D23 read (auditor: own agency users and data)')
  async exportAuditEvents(
    @Context() ctx: CasesContext,
    @Args('filter', { type: () => AuditEventFilter, nullable: true }) filter?: AuditEventFilter,
  ) {
    return this.audits.export(ctx, filter ?? {});
  }
}
