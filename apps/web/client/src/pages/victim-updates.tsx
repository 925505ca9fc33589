import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import type { VictimUpdateMethod } from '../generated/graphql';
import {
  Button,
  Empty,
  ErrorSummary,
  errorFor,
  Loading,
  NotificationBanner,
  Select,
  Table,
  Tag,
  Textarea,
} from '../components/govuk';
import { WidePage } from '../components/page';
import { formatDateTime } from '../lib/dates';
import { label } from '../lib/labels';
import { abilities, useMe } from '../lib/me';
import { useApiForm } from '../lib/use-api-form';
import { VictimEntitlementForm } from './victim-entitlement';

const UPDATES = graphql(`
  query VictimUpdates {
    overdue: victimUpdatesOverdue(first: 50) {
      edges {
        node {
          ...VictimUpdateRow
        }
      }
    }
    due: victimUpdatesDue(first: 50) {
      edges {
        node {
          ...VictimUpdateRow
        }
      }
    }
  }
  fragment VictimUpdateRow on VictimUpdate {
    id
    caseId
    trigger
    eventAt
    entitlement
    workingDays
    dueBy
    overdue
    version
    case {
      id
      reference
    }
    victim {
      id
      alias
      victimCodeEntitlement
    }
  }
`);
const DELIVERED = graphql(`
  mutation RecordVictimUpdateDelivered($input: RecordVictimUpdateDeliveredInput!) {
    recordVictimUpdateDelivered(input: $input) {
      id
      deliveredAt
    }
  }
`);
const METHODS: VictimUpdateMethod[] = ['PHONE', 'IN_PERSON', 'EMAIL', 'LETTER', 'TEXT_MESSAGE', 'OTHER'];

/** Victims' Code updates: overdue first, then due; recording that the victim was told. */
export function VictimUpdatesPage() {
  const can = abilities(useMe());
  // The chair reads the log; police and the advocate record updates (D22).
  const writes = can.police || can.advocate;
  const { data, loading, refetch } = useQuery(UPDATES);
  const [deliver] = useMutation(DELIVERED);
  const [selected, setSelected] = useState<string>();
  const [method, setMethod] = useState('PHONE');
  const [content, setContent] = useState('');
  const [flash, setFlash] = useState<string>();
  const form = useApiForm({ content: 'content' });
  const overdue = data?.overdue.edges.map((e) => e.node) ?? [];
  const due = (data?.due.edges.map((e) => e.node) ?? []).filter((u) => !u.overdue);
  const all = [...overdue, ...due];
  const current = all.find((u) => u.id === selected);
  const rows = (list: typeof all) =>
    list.map((u) => [
      u.case?.reference ? (
        <Link className="govuk-link" to={`/cases/${u.caseId}`} key={u.id}>
          {u.case.reference}
        </Link>
      ) : (
        'Case'
      ),
      `${label(u.trigger)} on ${formatDateTime(u.eventAt)}`,
      <>
        {formatDateTime(u.dueBy)} {u.overdue && <Tag code="OVERDUE" text="Overdue" />}
      </>,
      `${label(u.entitlement)} (${u.workingDays} working day${u.workingDays === 1 ? '' : 's'})`,
      writes ? (
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          key="b"
          onClick={() => setSelected(u.id)}
        >
          Record the update<span className="govuk-visually-hidden"> for {u.case?.reference}</span>
        </button>
      ) : (
        ''
      ),
    ]);
  return (
    <WidePage title="Victim updates">
      {flash && <NotificationBanner success heading={flash} />}
      {loading && !data ? (
        <Loading what="victim updates" />
      ) : (
        <>
          {overdue.length === 0 ? (
            <Empty>No updates are overdue.</Empty>
          ) : (
            <Table
              caption="Overdue"
              head={['Case', 'Event', 'Due by', 'Entitlement', '']}
              rows={rows(overdue)}
            />
          )}
          {due.length === 0 ? (
            <Empty>No other updates are due.</Empty>
          ) : (
            <Table caption="Due" head={['Case', 'Event', 'Due by', 'Entitlement', '']} rows={rows(due)} />
          )}
        </>
      )}
      {current && writes && (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await form.submit(
              content.trim() ? [] : [{ field: 'content', message: 'Enter what the victim was told' }],
              () =>
                deliver({
                  variables: {
                    input: {
                      id: current.id,
                      expectedVersion: current.version ?? 0,
                      deliveredAt: new Date().toISOString(),
                      method: method as VictimUpdateMethod,
                      content: content.trim(),
                    },
                  },
                }),
            );
            if (ok) {
              setFlash('Update recorded');
              setSelected(undefined);
              setContent('');
              await refetch();
            }
          }}
        >
          <h2 className="govuk-heading-m">Record the update for {current.case?.reference}</h2>
          <ErrorSummary errors={form.errors} />
          <Select
            id="method"
            label="How was the victim told?"
            value={method}
            onChange={setMethod}
            options={METHODS.map((m) => ({ value: m, text: label(m) }))}
          />
          <Textarea
            id="content"
            label="What was the victim told?"
            value={content}
            onChange={setContent}
            error={errorFor(form.errors, 'content')}
          />
          <Button disabled={form.busy}>Record that the victim was told</Button>
        </form>
      )}
      {current && writes && current.victim && (
        <VictimEntitlementForm key={current.victim.id} victim={current.victim} saved={refetch} />
      )}
    </WidePage>
  );
}
