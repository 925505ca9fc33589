export { createWebApp, createSessionStore, CSP, CSRF_HEADER, type WebApp } from './create-web-app.js';
export { loadWebConfig, type WebConfig, type OidcConfig } from './web.config.js';
export {
  MemorySessionStore,
  RedisSessionStore,
  type Session,
  type SessionStore,
  type PendingSignIn,
} from './session.store.js';
export { SessionRefresher, REFRESH_WINDOW_MS } from './session.refresh.js';
export { OidcClient, OidcRefreshError, pkcePair, tokenExpiry } from './oidc.client.js';
