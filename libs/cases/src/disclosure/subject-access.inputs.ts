import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Length } from 'class-validator';

@InputType()
export class CreateSubjectAccessPackInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => ID, { description: 'The data subject: the subject, a victim or a third party of the case' })
  @IsUUID()
  personId: string;
  @Field({ description: 'Who receives the pack, e.g. "Data subject, SAR 2026-0142"' })
  @IsString()
  @Length(3, 200)
  recipient: string;
  @Field({ description: 'Why the pack is produced (written to the audit log)' })
  @IsString()
  @Length(10, 500)
  purpose: string;
}
