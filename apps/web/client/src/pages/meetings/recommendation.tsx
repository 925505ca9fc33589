import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../generated';
import {
  Button,
  ErrorSummary,
  errorFor,
  Select,
  SummaryList,
  Tag,
  Textarea,
  TextInput,
  Details,
} from '../../components/govuk';
import { label } from '../../lib/labels';
import { useApiForm } from '../../lib/use-api-form';
import { itemTitle, type Item } from './meeting';

const PROPOSE = graphql(`
  mutation ProposeRecommendation($input: ProposeRecommendationInput!) {
    proposeRecommendation(input: $input) {
      id
    }
  }
`);
const DECIDE = graphql(`
  mutation DecideRecommendation($input: DecideRecommendationInput!) {
    decideRecommendation(input: $input) {
      id
      status
      rationale
      version
    }
  }
`);
const DISSENT = graphql(`
  mutation RecordDissent($input: RecordDissentInput!) {
    recordDissent(input: $input) {
      id
    }
  }
`);

export type Rec = NonNullable<Item['recommendations']>[number];
export type Agencies = { id: string; name: string }[];

/** The recommendations still awaiting the chair's decision, with the item each belongs to. */
export const undecidedOf = (items: Item[]) =>
  items.flatMap((item) =>
    (item.recommendations ?? []).filter((r) => r.status === 'PROPOSED').map((rec) => ({ item, rec })),
  );

/**
 * One recommendation: its decision and rationale once decided; while the meeting runs, the chair
 * decides it with a rationale (`decide`). Dissent is recorded until the minutes are approved: the
 * chair for any agency of the case (`dissentAgencies`), a partner for their own (one agency).
 */
export function Recommendation({
  rec,
  decide: mayDecide,
  dissentAgencies,
  agencies,
  onDone,
}: {
  rec: Rec;
  decide: boolean;
  dissentAgencies: Agencies;
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const agencyName = (aid: string) => agencies.find((a) => a.id === aid)?.name ?? 'Unknown agency';
  return (
    <div className="govuk-!-margin-bottom-4" id={`rec-${rec.id}`} data-testid="recommendation">
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong>{label(rec.category)}:</strong> {rec.text} <Tag code={rec.status} />
      </p>
      {rec.status !== 'PROPOSED' && (
        <SummaryList
          rows={[
            { key: 'Decision', value: rec.status === 'AGREED' ? 'Agreed' : 'Not agreed' },
            rec.rationale
              ? { key: 'Rationale', value: <span className="scp-pre">{rec.rationale}</span> }
              : null,
          ]}
        />
      )}
      {(rec.dissents ?? []).map((d) => (
        <p className="govuk-body-s" key={d.agencyId}>
          Dissent from {agencyName(d.agencyId)}: {d.reason}
        </p>
      ))}
      {mayDecide && rec.status === 'PROPOSED' && <DecideForm rec={rec} onDone={onDone} />}
      {dissentAgencies.length > 0 && (
        <DissentForm
          rec={rec}
          agencies={dissentAgencies.filter((a) => !(rec.dissents ?? []).some((d) => d.agencyId === a.id))}
          onDone={onDone}
        />
      )}
    </div>
  );
}

/** The chair's decision: a rationale, then Agreed or Not agreed (the API refuses one without). */
export function DecideForm({ rec, onDone }: { rec: Rec; onDone: () => unknown }) {
  const [decide] = useMutation(DECIDE);
  const id = `decision-${rec.id}`;
  const form = useApiForm({ rationale: id });
  const [rationale, setRationale] = useState('');
  const send = async (status: 'AGREED' | 'NOT_AGREED') => {
    const ok = await form.submit(
      rationale.trim() ? [] : [{ field: id, message: 'Enter the rationale for the decision' }],
      () =>
        decide({
          variables: {
            input: {
              recommendationId: rec.id,
              version: rec.version ?? 1,
              status,
              rationale: rationale.trim(),
            },
          },
        }),
    );
    if (ok || form.lastKind() === 'conflict') await onDone();
  };
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()}>
      <ErrorSummary errors={form.errors} />
      <Textarea
        id={id}
        label={
          <>
            Rationale for the decision<span className="govuk-visually-hidden"> on: {rec.text}</span>
          </>
        }
        hint="Why the clinic agreed or did not agree it"
        rows={3}
        value={rationale}
        onChange={setRationale}
        error={errorFor(form.errors, id)}
      />
      <div className="govuk-button-group">
        {(['AGREED', 'NOT_AGREED'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className="govuk-button govuk-button--secondary"
            disabled={form.busy}
            onClick={() => send(s)}
          >
            {s === 'AGREED' ? 'Agreed' : 'Not agreed'}
            <span className="govuk-visually-hidden">: {rec.text}</span>
          </button>
        ))}
      </div>
    </form>
  );
}

function DissentForm({ rec, agencies, onDone }: { rec: Rec; agencies: Agencies; onDone: () => unknown }) {
  const [dissent] = useMutation(DISSENT);
  const p = `dissent-${rec.id}`;
  const form = useApiForm({ agencyId: `${p}-agency`, reason: `${p}-reason` });
  const only = agencies.length === 1 ? agencies[0]!.id : '';
  const [agencyId, setAgencyId] = useState(only);
  const [reason, setReason] = useState('');
  if (!agencies.length) return null;
  return (
    <Details summary={only ? `Record ${agencies[0]!.name}’s dissent` : 'Record an agency’s dissent'}>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const local = [];
          if (!agencyId) local.push({ field: `${p}-agency`, message: 'Select the agency that disagrees' });
          if (!reason.trim())
            local.push({ field: `${p}-reason`, message: 'Enter the reason for the dissent' });
          const ok = await form.submit(local, () =>
            dissent({
              variables: { input: { recommendationId: rec.id, agencyId, reason: reason.trim() } },
            }),
          );
          if (ok) {
            setReason('');
            await onDone();
          }
        }}
      >
        <ErrorSummary errors={form.errors} />
        {!only && (
          <Select
            id={`${p}-agency`}
            label="Agency"
            value={agencyId}
            onChange={setAgencyId}
            error={errorFor(form.errors, `${p}-agency`)}
            options={[
              { value: '', text: 'Choose an agency' },
              ...agencies.map((a) => ({ value: a.id, text: a.name })),
            ]}
          />
        )}
        <TextInput
          id={`${p}-reason`}
          label="Reason for the dissent"
          value={reason}
          onChange={setReason}
          error={errorFor(form.errors, `${p}-reason`)}
        />
        <Button secondary disabled={form.busy}>
          Record the dissent
        </Button>
      </form>
    </Details>
  );
}

const CATEGORIES = [
  'ORDER_APPLICATION',
  'CHARGE_ADVICE',
  'BAIL_OR_LICENCE_CONDITIONS',
  'MH_ASSESSMENT',
  'INTERVENTION',
  'VICTIM_SAFETY',
  'MAPPA_MARAC_REFERRAL',
  'OTHER',
];

export function ProposeForm({ itemId, onDone }: { itemId: string; onDone: () => unknown }) {
  const [propose] = useMutation(PROPOSE);
  const id = `rec-text-${itemId}`;
  const form = useApiForm({ text: id });
  const [category, setCategory] = useState('ORDER_APPLICATION');
  const [text, setText] = useState('');
  return (
    <form
      noValidate
      className="govuk-!-margin-bottom-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit(
          text.trim() ? [] : [{ field: id, message: 'Enter the recommendation' }],
          () =>
            propose({
              variables: {
                input: { agendaItemId: itemId, category: category as 'OTHER', text: text.trim() },
              },
            }),
        );
        if (ok) {
          setText('');
          await onDone();
        }
      }}
    >
      <ErrorSummary errors={form.errors} />
      <Select
        id={`rec-category-${itemId}`}
        label="Type of recommendation"
        value={category}
        onChange={setCategory}
        options={CATEGORIES.map((c) => ({ value: c, text: label(c) }))}
      />
      <TextInput
        id={id}
        label="Recommendation"
        value={text}
        onChange={setText}
        error={errorFor(form.errors, id)}
      />
      <Button secondary disabled={form.busy}>
        Add the recommendation
      </Button>
    </form>
  );
}

/**
 * A partner at the meeting: the recommendations on the items they read, decided or not, and
 * their own agency's dissent where the agency takes part in the case (the API allows that until
 * the minutes are approved).
 */
export function PartnerRecommendations({
  items,
  agency,
  agencies,
  onDone,
}: {
  items: Item[];
  agency: { id: string; name: string };
  agencies: Agencies;
  onDone: () => unknown;
}) {
  const withRecs = items.filter((i) => (i.recommendations ?? []).length > 0);
  if (!withRecs.length) return null;
  return (
    <>
      <h2 className="govuk-heading-m">Recommendations</h2>
      {withRecs.map((item) => {
        const takesPart = (item.contributionStatus ?? []).some((c) => c.agencyId === agency.id);
        return (
          <div key={item.id}>
            <h3 className="govuk-heading-s">{itemTitle(item)}</h3>
            {item.recommendations!.map((r) => (
              <Recommendation
                key={r.id}
                rec={r}
                decide={false}
                dissentAgencies={takesPart ? [agency] : []}
                agencies={agencies}
                onDone={onDone}
              />
            ))}
          </div>
        );
      })}
    </>
  );
}
