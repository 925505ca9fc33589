import { performance } from 'node:perf_hooks';

/** A browser's cookies (one jar for every host: cookies do not tell ports apart) and redirects. */
export class Browser {
  readonly jar = new Map<string, string>();
  readonly visited: string[] = [];
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.visited.push(url);
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, at), pair!.slice(at + 1)];
      if (!value || /max-age=0\b|expires=thu, 01 jan 1970/i.test(set)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }
}

export interface ProviderSignIn {
  browser: Browser;
  /** The last answer: the web server's callback (200 and a session cookie when it worked). */
  res: Response;
  /** The provider's authorisation request the web server sent the browser to. */
  authorize: URL;
  /** Wall time of the whole round trip, ms. */
  ms: number;
}

/**
 * The browser's side of the code flow: the web server's /auth/login → the provider (its
 * interaction) → the web server's /auth/callback. The provider redirects to `redirectUri` (the
 * web server's public address), which is sent to `webUrl` (its test address) instead.
 */
export async function signInThroughProvider(
  webUrl: string,
  redirectUri: string,
  browser = new Browser(),
): Promise<ProviderSignIn> {
  const t0 = performance.now();
  let res = await browser.request(`${webUrl}/auth/login`);
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`/auth/login answered ${res.status}`);
  const authorize = new URL(location);
  for (let hops = 0; hops < 8; hops++) {
    const next = res.headers.get('location');
    if (!next) break;
    const url = new URL(next, res.url || authorize).href;
    const target = url.startsWith(redirectUri) ? `${webUrl}/auth/callback${new URL(url).search}` : url;
    res = await browser.request(target);
    if (target.startsWith(`${webUrl}/auth/callback`)) break;
  }
  return { browser, res, authorize, ms: performance.now() - t0 };
}
