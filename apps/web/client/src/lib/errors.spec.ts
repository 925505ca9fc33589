import { mapApiErrors } from './errors';

describe('web: API errors on GOV.UK forms', () => {
  it('puts BAD_USER_INPUT on its field', () => {
    const m = mapApiErrors(
      [
        {
          message: 'Give the rationale for the agreed level',
          extensions: { code: 'BAD_USER_INPUT', field: 'rationale' },
        },
      ],
      {
        rationale: 'rationale-input',
      },
    );
    expect(m).toEqual({
      kind: 'invalid',
      errors: [{ field: 'rationale-input', message: 'Give the rationale for the agreed level' }],
    });
  });

  it('maps a nested or unknown field to the summary', () => {
    expect(
      mapApiErrors(
        [
          {
            message: 'x is wrong',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.participants.1.agencyId' },
          },
        ],
        { agencyId: 'a' },
      ).errors[0],
    ).toEqual({
      field: 'a',
      message: 'x is wrong',
    });
    expect(
      mapApiErrors([{ message: 'y', extensions: { code: 'BAD_USER_INPUT', field: 'other' } }]).errors[0]!
        .field,
    ).toBeUndefined();
  });

  it('says so in plain words when a change lost a race, was forbidden or the record is gone', () => {
    expect(mapApiErrors([{ message: 'version 3 is stale', extensions: { code: 'CONFLICT' } }])).toEqual({
      kind: 'conflict',
      errors: [{ message: 'Someone else changed this record while you were working on it' }],
    });
    const forbidden = mapApiErrors([
      { message: 'a', extensions: { code: 'FORBIDDEN' } },
      { message: 'b', extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(forbidden).toEqual({ kind: 'forbidden', errors: [{ message: 'You cannot make this change' }] });
    expect(mapApiErrors([{ message: 'Case not found', extensions: { code: 'NOT_FOUND' } }]).kind).toBe(
      'not-found',
    );
    expect(mapApiErrors([{ message: 'boom' }]).errors[0]!.message).toMatch(/problem with the service/);
  });

  it('never shows the validation pipe’s technical wording', () => {
    const m = mapApiErrors(
      [{ message: 'title is invalid (isNotEmpty)', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }],
      { title: 't' },
    );
    expect(m.errors[0]).toEqual({ field: 't', message: 'Check the title' });
  });
});
