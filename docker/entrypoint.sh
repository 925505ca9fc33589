#!/bin/sh
# Image entrypoint: for each variable below, `<NAME>_FILE=/path` loads the file's content into
# <NAME> (Docker/Kubernetes secrets are files; the apps read PEMs and URLs from the environment).
# A variable that is already set wins over its _FILE.
set -eu
for name in INTERNAL_JWT_PRIVATE_KEY INTERNAL_JWT_PUBLIC_KEY DEV_ISSUER_PRIVATE_KEY DATABASE_URL REDIS_URL \
  CASES_SERVICE_PRIVATE_KEY CASES_SERVICE_CALLER_KEYS MEETINGS_SERVICE_PRIVATE_KEY REFERRALS_SERVICE_CALLER_KEYS \
  NOTIFICATIONS_SERVICE_PRIVATE_KEY CASES_NOTIFICATIONS_CALLER_KEYS SMTP_URL; do
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
exec "$@"
