/**
 * Sign-in events the audit chain records as LOGIN (apps/cases/src/session-events.controller.ts),
 * with the fixed text each is recorded with. TOKEN_ISSUED is the development issuer's own; the
 * web server reports the other three through the gateway's `/auth/session-events`.
 */
export const SESSION_EVENTS = {
  TOKEN_ISSUED: 'sign-in: access token issued (development issuer)',
  SIGNED_IN: 'sign-in: web session started',
  REFRESHED: 'session refreshed: new access token from the identity provider',
  SIGNED_OUT: 'sign-out: web session ended',
} as const;
export type SessionEventKind = keyof typeof SESSION_EVENTS;

export const isSessionEventKind = (v: unknown): v is SessionEventKind =>
  typeof v === 'string' && Object.hasOwn(SESSION_EVENTS, v);
