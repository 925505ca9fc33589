import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AUDIT_ACTIONS } from '@scp/platform-audit';
import { DATA_CATEGORIES } from '@scp/contracts';
import { Cat, Public } from '@scp/platform-graphql';
import { IsCalendarDateOrDateTime } from '../shared/validation.js';

@ObjectType('AuditEvent', { description: 'One entry of the append-only audit log (D23)' })
export class AuditEventModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D23') seq: string;
  @Field(() => Date, { nullable: true }) @Cat('D23') occurredAt: Date;
  @Field(() => String, { nullable: true }) @Cat('D23') actorId: string;
  @Field(() => String, { nullable: true }) @Cat('D23') actorAgencyId: string | null;
  @Field(() => String, { nullable: true }) @Cat('D23') action: string;
  @Field(() => String, { nullable: true }) @Cat('D23') entityType: string;
  @Field(() => String, { nullable: true }) @Cat('D23') entityId: string | null;
  @Field(() => String, { nullable: true }) @Cat('D23') caseId: string | null;
  @Field(() => [String], { nullable: true }) @Cat('D23') categories: string[];
  @Field(() => String, { nullable: true }) @Cat('D23') purpose: string;
  @Field(() => [String], { nullable: true }) @Cat('D23') recipients: string[];
  @Field(() => String, { nullable: true }) @Cat('D23') requestId: string | null;
  @Field(() => String, { nullable: true }) @Cat('D23') service: string;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection {
  @Field(() => [AuditEventModel]) @Public() nodes: AuditEventModel[];
  @Field(() => String, { nullable: true }) @Public() endCursor: string | null;
  @Field() @Public() hasNextPage: boolean;
}

/** The most events one export holds: a DPO narrows the filter (dates, case, person) for more. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

@ObjectType('AuditExport', {
  description: 'The audit events a filter matches, as CSV (newest first), for the DPO to keep or pass on',
})
export class AuditExportModel {
  @Field({ description: 'RFC 4180 CSV with a header row; formulas neutralised for spreadsheets' })
  @Cat('D23')
  csv: string;
  @Field(() => Int) @Cat('D23') rowCount: number;
  @Field({
    description: `More events matched than one export holds (${AUDIT_EXPORT_MAX_ROWS}): narrow the filter`,
  })
  @Cat('D23')
  truncated: boolean;
}

@InputType()
export class AuditEventFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() caseId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() actorId?: string;
  @Field(() => String, { nullable: true, description: 'Only events that touched this data category' })
  @IsOptional()
  @IsIn(DATA_CATEGORIES)
  category?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: string;
  @Field(() => String, { nullable: true, description: 'ISO date-time, inclusive' })
  @IsOptional()
  @IsCalendarDateOrDateTime()
  since?: string;
  @Field(() => String, { nullable: true, description: 'ISO date-time, exclusive' })
  @IsOptional()
  @IsCalendarDateOrDateTime()
  until?: string;
}
