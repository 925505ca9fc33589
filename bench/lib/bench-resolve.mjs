// `node --import ./bench/lib/bench-resolve.mjs` (or importing it first): every `@scp/*` import
// resolves in .bench-build/ (bench/lib/bench-build.mjs) instead of the clone's node_modules, whose
// links lead to the packages' dist/ folders that `npm start` serves.
import { registerHooks } from 'node:module';

/** A file that need not exist inside .bench-build/: resolution walks up from its folder. */
const parentURL = new URL('../../.bench-build/resolve-from-here.mjs', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('@scp/')) return nextResolve(specifier, { ...context, parentURL });
    return nextResolve(specifier, context);
  },
});
