import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import {
  BackLink,
  Button,
  ErrorSummary,
  Loading,
  NotificationBanner,
  Radios,
  Tag,
} from '../components/govuk';
import { Page } from '../components/page';
import { useApiForm } from '../lib/use-api-form';

const PREFERENCES = graphql(`
  query NotificationPreferences {
    myNotificationPreferences {
      kind
      description
      email
      digest
      safetyCritical
    }
  }
`);
const SET_PREFERENCE = graphql(`
  mutation SetNotificationPreference($input: SetPreferenceInput!) {
    setNotificationPreference(input: $input) {
      kind
      email
      digest
      safetyCritical
    }
  }
`);

type Choice = 'NOW' | 'DIGEST' | 'NONE';
const choiceOf = (p: { email: boolean; digest: boolean }): Choice =>
  !p.email ? 'NONE' : p.digest ? 'DIGEST' : 'NOW';
const OPTIONS = [
  { value: 'NOW', text: 'Email me at once' },
  { value: 'DIGEST', text: 'Put it in my daily email digest' },
  { value: 'NONE', text: 'Do not email me (it stays in the inbox)' },
];

/**
 * Which notifications reach the user by email, at once or in the daily digest. Every kind
 * stays in the inbox; safety-critical kinds are always emailed at once (the API refuses less).
 */
export function NotificationPreferencesPage() {
  const { data, loading } = useQuery(PREFERENCES);
  const [save] = useMutation(SET_PREFERENCE, { refetchQueries: ['NotificationPreferences'] });
  const form = useApiForm({ kind: 'kind', email: 'email' });
  const [changes, setChanges] = useState<Record<string, Choice>>({});
  const [flash, setFlash] = useState<string>();
  if (loading && !data) return <Loading what="preferences" />;
  const prefs = data?.myNotificationPreferences ?? [];
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const changed = Object.entries(changes).filter(
      ([kind, c]) => prefs.find((p) => p.kind === kind && choiceOf(p) !== c) !== undefined,
    );
    const ok = await form.submit([], async () => {
      for (const [kind, c] of changed)
        await save({ variables: { input: { kind, email: c !== 'NONE', digest: c === 'DIGEST' } } });
    });
    if (ok) {
      setChanges({});
      setFlash(
        changed.length
          ? `${changed.length} email preference${changed.length === 1 ? '' : 's'} saved`
          : 'Nothing changed',
      );
    }
  };
  return (
    <>
      <BackLink to="/notifications">Back to notifications</BackLink>
      <Page title="Email preferences" error={form.errors.length > 0}>
        <ErrorSummary errors={form.errors} />
        {flash && <NotificationBanner success heading={flash} />}
        <p className="govuk-body">
          Every notification stays in your inbox in this service. Choose which ones are also emailed to you.
          Emails say only that something happened, never what is in a case.
        </p>
        <form onSubmit={onSubmit} noValidate>
          {prefs.map((p) =>
            p.safetyCritical ? (
              <div className="govuk-form-group" key={p.kind}>
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{p.description}</h2>
                <p className="govuk-body">
                  <Tag code="OVERDUE" text="Safety" /> Always emailed at once: this cannot be turned off.
                </p>
              </div>
            ) : (
              <Radios
                key={p.kind}
                id={`pref-${p.kind.toLowerCase()}`}
                label={<span className="govuk-!-font-weight-bold">{p.description}</span>}
                value={changes[p.kind] ?? choiceOf(p)}
                onChange={(v) => setChanges((c) => ({ ...c, [p.kind]: v as Choice }))}
                options={OPTIONS}
              />
            ),
          )}
          <Button disabled={form.busy}>Save email preferences</Button>
        </form>
      </Page>
    </>
  );
}
