export * from './internal-keys.js';
export * from './internal-token.js';
export * from './internal-auth.middleware.js';
export * from './bearer.js';
export * from './dev-issuer.js';
export * from './user-token.verifier.js';
