/** The headers of a state-changing request from the app (the CSRF header). */
export const CSRF_JSON = { 'x-scp-csrf': '1', 'content-type': 'application/json' };

/** A demo sign-in as chair.nvp, as the sign-in page sends it. */
export const demoSignIn = (url: string) =>
  fetch(`${url}/auth/demo-sign-in`, {
    method: 'POST',
    headers: CSRF_JSON,
    body: JSON.stringify({ username: 'chair.nvp' }),
  });

/** A demo sign-in that must succeed: the cookie (`name=value`) and the session id. */
export async function signedIn(url: string): Promise<{ cookie: string; id: string }> {
  const res = await demoSignIn(url);
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, id: cookie.split('=')[1]! };
}

/** `{ me { displayName } }` through the BFF with the session cookie. */
export const gqlMe = (url: string, cookie: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { ...CSRF_JSON, cookie },
    body: '{"query":"{ me { displayName } }"}',
  });
