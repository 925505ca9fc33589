import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsUUID, MaxLength, ValidateNested, validate } from 'class-validator';
import { firstValidationMessage } from './validation-pipe.js';

class Participant {
  @MaxLength(10) basisRationale!: string;
}

class Input {
  @IsUUID() caseId!: string;
  @IsNotEmpty() title!: string;
  @ValidateNested({ each: true }) @Type(() => Participant) participants!: Participant[];
}

const make = (over: Partial<Record<keyof Input, unknown>>) =>
  Object.assign(
    new Input(),
    { caseId: '7d1c3f0e-8a5b-4c2d-9e6f-0a1b2c3d4e5f', title: 'T', participants: [] },
    over,
  );

describe('firstValidationMessage: messages for people, never the value sent', () => {
  it('says what is wrong with the field in words, with its dotted path for the form', async () => {
    expect(firstValidationMessage(await validate(make({ title: '' })))).toEqual({
      message: 'Title should not be empty',
      field: 'title',
    });
    const p = Object.assign(new Participant(), { basisRationale: 'x'.repeat(11) });
    expect(firstValidationMessage(await validate(make({ participants: [p] })))).toEqual({
      message: 'Basis rationale must be shorter than or equal to 10 characters',
      field: 'participants.0.basisRationale',
    });
  });

  it('never echoes the value: a wrong id is named, not repeated', async () => {
    const secret = 'ZZ99 9ZZ 07700 900123';
    const out = firstValidationMessage(await validate(make({ caseId: secret })));
    expect(out).toEqual({ message: 'Case id must be a UUID', field: 'caseId' });
    expect(out.message).not.toContain(secret);
  });

  it('falls back to naming the rule when a sentence would carry the value', async () => {
    class Custom {
      @MaxLength(3, { message: ({ value }) => `code ${String(value)} is too long` }) code!: string;
    }
    const out = firstValidationMessage(await validate(Object.assign(new Custom(), { code: 'LEAKY' })));
    expect(out).toEqual({ message: 'code is invalid (maxLength)', field: 'code' });
  });
});
