import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';

/**
 * A subject access pack as its requester sees it once produced: the JSON itself and where to
 * download the PDF (and the JSON) through the gateway's audited export route.
 */
@ObjectType('SubjectAccessPack')
export class SubjectAccessPackModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => Date, { nullable: true }) @Cat('D21') createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'The downloads work until then' })
  @Cat('D21')
  expiresAt: Date;
  @Field(() => String, { nullable: true }) @Cat('D21') recipient: string;
  @Field(() => [String], { nullable: true, description: 'Data categories the pack holds' })
  @Cat('D21')
  categories: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The pack as JSON (the PDF renders the same document)',
  })
  @Cat('D21')
  json: string;
  @Field(() => String, { nullable: true }) @Cat('D21') jsonSha256: string;
  @Field(() => String, { nullable: true }) @Cat('D21') pdfSha256: string;
  @Field(() => String, { nullable: true, description: 'Gateway path of the PDF (GET, your bearer token)' })
  @Cat('D21')
  pdfDownloadPath: string;
  @Field(() => String, { nullable: true, description: 'Gateway path of the JSON file' })
  @Cat('D21')
  jsonDownloadPath: string;
}
