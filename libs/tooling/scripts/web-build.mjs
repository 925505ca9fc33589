// The web app's browser build (Vite), shared by `npm start` (libs/tooling/scripts/start.mjs) and the
// web app's own build script (apps/web/scripts/build.mjs), so tooling never imports an app's scripts.
import path from 'node:path';
import { repoRoot } from './workspace.mjs';

const webRoot = path.join(repoRoot, 'apps/web');
export const clientOutDir = path.join(webRoot, 'dist/client');

/** The Vite build of apps/web/client into apps/web/dist/client, which the BFF (apps/web/src) serves. */
export async function viteBuild() {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    root: path.join(webRoot, 'client'),
    // govuk-frontend's fonts and images, served at /fonts and /images ($govuk-assets-path: "/").
    publicDir: path.join(repoRoot, 'node_modules/govuk-frontend/dist/govuk/assets'),
    plugins: [react()],
    logLevel: 'warn',
    // govuk-frontend keeps an old IE hack (`min-width: 0\0`) that lightningcss's minifier rejects.
    build: {
      outDir: clientOutDir,
      emptyOutDir: true,
      sourcemap: true,
      chunkSizeWarningLimit: 2000,
      cssMinify: false,
      rolldownOptions: { checks: { pluginTimings: false } },
    },
    css: {
      preprocessorOptions: {
        scss: {
          loadPaths: [path.join(repoRoot, 'node_modules')],
          quietDeps: true,
        },
      },
    },
  });
}
