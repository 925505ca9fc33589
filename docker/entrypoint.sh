#!/bin/sh
# Image entrypoint: for each variable below, `<NAME>_FILE=/path` loads the file's content into
# <NAME> (Docker/Kubernetes secrets are files; the apps read PEMs and URLs from the environment).
# A variable that is already set wins over its _FILE. With no command, it starts the image's app
# (SCP_APP, set by docker/Dockerfile).
set -eu
for name in INTERNAL_JWT_PRIVATE_KEY INTERNAL_JWT_PUBLIC_KEY DEV_ISSUER_PRIVATE_KEY DATABASE_URL REDIS_URL \
  CASES_SERVICE_PRIVATE_KEY CASES_SERVICE_CALLER_KEYS MEETINGS_SERVICE_PRIVATE_KEY REFERRALS_SERVICE_CALLER_KEYS \
  NOTIFICATIONS_SERVICE_PRIVATE_KEY CASES_NOTIFICATIONS_CALLER_KEYS SMTP_URL \
  WEB_SERVICE_PRIVATE_KEY GATEWAY_WEB_CALLER_KEYS OIDC_CLIENT_SECRET WEB_REDIS_URL; do
  eval "file=\${${name}_FILE:-}"
  eval "value=\${${name}:-}"
  if [ -n "$file" ] && [ -z "$value" ]; then
    if [ ! -r "$file" ]; then
      echo "entrypoint: ${name}_FILE=$file is not readable" >&2
      exit 1
    fi
    export "$name=$(cat "$file")"
  fi
  unset "${name}_FILE"
done
if [ "$#" -eq 0 ]; then
  if [ -z "${SCP_APP:-}" ]; then
    echo "entrypoint: no command, and SCP_APP is not set" >&2
    exit 1
  fi
  set -- node --enable-source-maps --import @scp/platform-telemetry/register "apps/$SCP_APP/dist/main.js"
fi
exec "$@"
