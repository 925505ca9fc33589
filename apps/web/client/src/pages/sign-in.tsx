import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, ErrorSummary, Loading, NotificationBanner, Radios } from '../components/govuk';
import { Page } from '../components/page';
import { label } from '../lib/labels';
import { CSRF_HEADERS, signInPath, type SessionInfo } from '../lib/session';
import type { FormError } from '../lib/errors';

interface DemoUser {
  username: string;
  displayName: string;
  agencyName?: string;
  roles?: string[];
}

function Expired() {
  const [params] = useSearchParams();
  if (params.get('problem') === 'expired')
    return <NotificationBanner heading="Your session has ended. Sign in again to carry on." />;
  if (params.get('problem') === 'failed')
    return <NotificationBanner heading="Sign-in did not work. Try again." />;
  if (params.get('problem') === 'unavailable')
    return <NotificationBanner heading="Sign-in is unavailable just now. Try again in a minute." />;
  return null;
}

/** Development only: the gateway's demo users, when no identity provider is configured. */
export function DemoSignInPage({ mode }: { mode: SessionInfo['mode'] }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [username, setUsername] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  useEffect(() => {
    if (mode !== 'demo') return;
    fetch('/auth/demo-users', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((u: DemoUser[]) => setUsers(u))
      .catch(() => setErrors([{ message: 'The demo users are not available. Try again later.' }]));
  }, [mode]);
  if (mode !== 'demo') {
    window.location.replace('/sign-in');
    return null;
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!username) return setErrors([{ field: 'username', message: 'Choose a demo user' }]);
    const res = await fetch('/auth/demo-sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...CSRF_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    if (res.status === 503)
      return setErrors([{ message: 'Sign-in is unavailable just now. Try again in a minute.' }]);
    if (!res.ok) return setErrors([{ field: 'username', message: 'That demo user cannot sign in' }]);
    window.location.assign('/');
  };
  return (
    <Page title="Choose a demo user" error={errors.length > 0}>
      <Expired />
      <ErrorSummary errors={errors} />
      <p className="govuk-body">
        No identity provider is set up, so this development copy of the service signs you in as one of its
        fictional demo users. Each sees only what their role and agency may see.
      </p>
      {!users ? (
        !errors.length && <Loading what="demo users" />
      ) : (
        <form onSubmit={submit} noValidate>
          <Radios
            id="username"
            label="Who do you want to sign in as?"
            value={username}
            onChange={setUsername}
            error={errors.find((x) => x.field === 'username')?.message}
            options={users.map((u) => ({
              value: u.username,
              text: `${u.displayName} (${u.username})`,
              hint: [u.agencyName, (u.roles ?? []).map((r) => label(r.split('@')[0])).join(', ')]
                .filter(Boolean)
                .join(' – '),
            }))}
          />
          <Button>Sign in</Button>
        </form>
      )}
    </Page>
  );
}

export function OidcSignInPage({ mode }: { mode: SessionInfo['mode'] }) {
  if (mode !== 'oidc') {
    window.location.replace(signInPath(mode));
    return null;
  }
  return (
    <Page title="Sign in to the stalking clinic service">
      <Expired />
      <p className="govuk-body">Use your organisation’s account.</p>
      <a href="/auth/login" role="button" draggable={false} className="govuk-button govuk-button--start">
        Sign in
      </a>
    </Page>
  );
}

export function SignedOutPage({ mode }: { mode: SessionInfo['mode'] }) {
  return (
    <Page title="You have signed out">
      <p className="govuk-body">
        <a className="govuk-link" href={signInPath(mode)}>
          Sign in again
        </a>
      </p>
    </Page>
  );
}
