// Jest setup file (jest.config.cjs `setupFiles`), run before every test file's imports. jsdom has no
// TextEncoder/TextDecoder, and react-router creates one when it is imported; the component specs
// (*.spec.tsx, `@jest-environment jsdom`) get Node's. Node-environment tests have them already.
const { TextDecoder, TextEncoder } = require('node:util');

if (typeof globalThis.TextEncoder === 'undefined') {
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
