export {
  API_AUDIENCE,
  PROVIDER_CLIENT_ID,
  PROVIDER_CLIENT_SECRET,
  startTestProvider,
  type TestProvider,
  type TestProviderOptions,
} from './oidc-provider.js';
export { Browser, signInThroughProvider, type ProviderSignIn } from './browser.js';
