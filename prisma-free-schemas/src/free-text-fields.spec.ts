import { parse, type TypeNode } from 'graphql';
import { FREE_TEXT_FIELDS } from '@scp/contracts';
import { committedSubgraphs } from '@scp/platform-testing';

const named = (t: TypeNode): string => (t.kind === 'NamedType' ? t.name.value : named(t.type));

/** Every text a client can send: `String` input fields and `String` mutation arguments, per subgraph. */
function textInputs(): string[] {
  const out: string[] = [];
  for (const [service, sdl] of Object.entries(committedSubgraphs()))
    for (const d of parse(sdl).definitions) {
      if (d.kind === 'InputObjectTypeDefinition')
        for (const f of d.fields ?? [])
          if (named(f.type) === 'String') out.push(`${service}:${d.name.value}.${f.name.value}`);
      if (
        (d.kind === 'ObjectTypeDefinition' || d.kind === 'ObjectTypeExtension') &&
        d.name.value === 'Mutation'
      )
        for (const f of d.fields ?? [])
          for (const a of f.arguments ?? [])
            if (named(a.type) === 'String') out.push(`${service}:Mutation.${f.name.value}.${a.name.value}`);
    }
  return out.sort();
}

/** The free-text rule's one list (libs/contracts/src/free-text.ts) covers every subgraph. */
describe('free-text fields', () => {
  it('every text input of every subgraph is classified, and every classified field exists', () => {
    const inputs = textInputs();
    expect(inputs.length).toBeGreaterThan(100);
    expect(inputs.filter((f) => !(f in FREE_TEXT_FIELDS))).toEqual([]);
    expect(Object.keys(FREE_TEXT_FIELDS).filter((f) => !inputs.includes(f))).toEqual([]);
  });

  it('the meetings texts every invitee or partner reads are checked (issue 13)', () => {
    for (const f of [
      'meetings:ScheduleMeetingInput.title',
      'meetings:AddAgendaItemInput.title',
      'meetings:CreateActionInput.title',
      'meetings:DraftMinutesInput.minutes',
      'meetings:SubmitContributionInput.text',
    ])
      expect([f, FREE_TEXT_FIELDS[f]]).toEqual([f, 'CHECKED']);
  });

  it('no text is left unchecked (the last gaps, referrals and purposes, closed in issue 13)', () => {
    expect(
      Object.entries(FREE_TEXT_FIELDS)
        .filter(([, c]) => c === 'UNCHECKED')
        .map(([f]) => f)
        .sort(),
    ).toEqual([]);
  });
});
