/** The BFF's session endpoints. The browser never sees a token: only the HttpOnly cookie. */
export const CSRF_HEADERS = { 'x-scp-csrf': '1' } as const;

export interface SessionInfo {
  mode: 'demo' | 'oidc';
  signedIn: boolean;
  expiresAt: string | null;
}

export async function fetchSession(): Promise<SessionInfo> {
  const res = await fetch('/auth/session', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`session: HTTP ${res.status}`);
  return (await res.json()) as SessionInfo;
}

export const signInPath = (mode: SessionInfo['mode'], problem?: 'expired') =>
  `${mode === 'oidc' ? '/sign-in' : '/auth/demo'}${problem ? `?problem=${problem}` : ''}`;

/** Sends the browser to sign in again, saying the session ended. */
export function sessionEnded(mode: SessionInfo['mode'] = 'demo'): void {
  window.location.assign(signInPath(mode, 'expired'));
}

export async function signOut(): Promise<void> {
  const res = await fetch('/auth/sign-out', {
    method: 'POST',
    credentials: 'same-origin',
    headers: CSRF_HEADERS,
  });
  const body = res.ok ? ((await res.json()) as { redirect?: string }) : {};
  window.location.assign(body.redirect ?? '/signed-out');
}
