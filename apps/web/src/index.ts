export { createWebApp, CSP, CSRF_HEADER, type WebApp } from './create-web-app.js';
export { loadWebConfig, type WebConfig, type OidcConfig } from './web.config.js';
export { MemorySessionStore, type Session } from './session.store.js';
export { OidcClient, pkcePair, tokenExpiry } from './oidc.client.js';
