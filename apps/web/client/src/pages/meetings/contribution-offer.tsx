import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import { Checkboxes } from '../../components/govuk';
import { formatDayDate } from '../../lib/dates';

/**
 * The case's next meeting before which the reader's agency has not yet sent its contribution:
 * the meetings that list the case and that the reader may see, with the item of this case and the
 * reader's own contributions (an agency reads only its own before the meeting).
 */
const OPEN_ITEMS = graphql(`
  query ContributionOfferItems($id: ID!) {
    case(id: $id) {
      id
      meetings {
        id
        status
        startsAt
        agenda {
          ... on AgendaItem {
            id
            caseId
            contributions {
              agencyId
            }
          }
        }
      }
    }
  }
`);

const SEND = graphql(`
  mutation SendRecordAsContribution($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      id
    }
  }
`);

const OPEN: ReadonlySet<string> = new Set(['SCHEDULED', 'AGENDA_PUBLISHED']);

export interface ContributionOffer {
  agendaItemId: string;
  startsAt: string;
}

/**
 * The agenda item of this case at its next meeting not yet held, when the agency has sent no
 * contribution to it: where a record the agency has just written can count as its contribution
 * (docs/meeting-access.md, "an agency's record as its contribution"). Null while loading or when
 * there is nothing to offer.
 */
export function useContributionOffer(caseId: string, agencyId: string) {
  const result = useQuery(OPEN_ITEMS, { variables: { id: caseId }, skip: !caseId, errorPolicy: 'all' });
  // A refetch (cache-and-network, when another query writes the same case) must not withdraw the
  // offer the practitioner is looking at: keep the last answer until the next one arrives.
  const data = result.data ?? result.previousData;
  const [send] = useMutation(SEND);
  const now = Date.now();
  const offer: ContributionOffer | null =
    (data?.case?.meetings ?? [])
      .filter((m) => OPEN.has(m.status) && Date.parse(m.startsAt) > now)
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
      .flatMap((m) =>
        m.agenda
          .filter((i) => 'caseId' in i && i.caseId === caseId)
          .filter((i) => !('contributions' in i) || !i.contributions?.some((c) => c.agencyId === agencyId))
          .map((i) => ({ agendaItemId: (i as { id: string }).id, startsAt: m.startsAt })),
      )[0] ?? null;
  return {
    offer,
    /** Sends `text` as the agency's contribution to the offered item. */
    send: (text: string) =>
      offer ? send({ variables: { input: { agendaItemId: offer.agendaItemId, text } } }) : undefined,
  };
}

/** The checkbox that asks whether the record also goes to the clinic as the agency's contribution. */
export function ContributionOfferCheckbox({
  offer,
  what,
  checked,
  onChange,
}: {
  offer: ContributionOffer;
  what: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <Checkboxes
      id="as-contribution"
      label="Your agency’s contribution to the clinic"
      hint={`The case is on the agenda of the clinic on ${formatDayDate(offer.startsAt)} and your agency has not sent its contribution yet. Other agencies of the case will read it after the meeting.`}
      values={checked ? ['yes'] : []}
      onChange={(v) => onChange(v.includes('yes'))}
      options={[{ value: 'yes', text: `Send this ${what} as your agency’s contribution` }]}
    />
  );
}
