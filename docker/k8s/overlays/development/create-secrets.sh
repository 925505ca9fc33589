#!/usr/bin/env bash
# Creates the Secrets the development overlay reads, with fresh values made here and now: Ed25519
# key pairs for the internal tokens and the service-to-service calls, random passwords for Redis
# and the database logins. For a development cluster only (production: the ExternalSecrets of
# overlays/production). Nothing is written outside a temporary folder, removed on exit, and
# nothing secret is printed. Run it once, before `kubectl apply -k docker/k8s/overlays/development`:
#   SMTP_URL=smtp://user:password@smtp.dev.example.invalid:587 docker/k8s/overlays/development/create-secrets.sh
# An existing Secret is left alone (`kubectl create` refuses it): delete it first to renew it.
set -euo pipefail
: "${SMTP_URL:?set SMTP_URL to the development SMTP relay (smtp://user:password@host:587)}"
command -v openssl >/dev/null || { echo 'create-secrets: openssl is required' >&2; exit 1; }

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

for pair in internal-token cases-service meetings-service notifications-service web-service; do
  openssl genpkey -algorithm ed25519 -out "$pair.private.pem"
  openssl pkey -in "$pair.private.pem" -pubout -out "$pair.public.pem"
done
# Hex: URL-safe, so the passwords go into the URLs below as they are. No trailing newline: the file
# is the Secret's value, and must equal the password in the URLs.
for password in redis db-owner db-cases db-referrals db-meetings db-notifications; do
  openssl rand -hex 32 | tr -d '\n' >"$password.password"
done

db='scp-db-rw.scp.svc:5432/scp?sslmode=verify-full&sslrootcert=/var/run/scp/db-ca/ca.crt'
redis="redis://:$(cat redis.password)@redis.scp.svc.cluster.local:6379"
db_url() { echo "postgres://$1:$(cat "$2.password")@$db"; }

kubectl get namespace scp >/dev/null 2>&1 || kubectl create namespace scp

# Redis and the internal tokens (the gateway signs, every subgraph verifies).
kubectl -n scp create secret generic scp-redis --from-file=REDIS_PASSWORD=redis.password
kubectl -n scp create secret generic scp-gateway-keys \
  --from-file=INTERNAL_JWT_PRIVATE_KEY=internal-token.private.pem --from-literal=REDIS_URL="$redis"
kubectl -n scp create secret generic scp-internal-public-key \
  --from-file=INTERNAL_JWT_PUBLIC_KEY=internal-token.public.pem

# Service-to-service keys: the private half to the caller, the public half to the service it calls.
kubectl -n scp create secret generic scp-cases-service-key \
  --from-file=CASES_SERVICE_PRIVATE_KEY=cases-service.private.pem
kubectl -n scp create secret generic scp-referrals-callers \
  --from-file=REFERRALS_SERVICE_CALLER_KEYS=cases-service.public.pem
kubectl -n scp create secret generic scp-meetings-service-key \
  --from-file=MEETINGS_SERVICE_PRIVATE_KEY=meetings-service.private.pem
kubectl -n scp create secret generic scp-cases-callers \
  --from-file=CASES_SERVICE_CALLER_KEYS=meetings-service.public.pem
kubectl -n scp create secret generic scp-notifications-service-key \
  --from-file=NOTIFICATIONS_SERVICE_PRIVATE_KEY=notifications-service.private.pem
kubectl -n scp create secret generic scp-cases-notifications-callers \
  --from-file=CASES_NOTIFICATIONS_CALLER_KEYS=notifications-service.public.pem
kubectl -n scp create secret generic scp-gateway-web-callers \
  --from-file=GATEWAY_WEB_CALLER_KEYS=web-service.public.pem
kubectl -n scp create secret generic scp-web-runtime \
  --from-file=WEB_SERVICE_PRIVATE_KEY=web-service.private.pem --from-literal=REDIS_URL="$redis"

# The database: the owner (migrations) and one login per service, for the Cluster (basic-auth) and
# for the services (DATABASE_URL), with the same password.
kubectl -n scp create secret generic scp-db-owner --type=kubernetes.io/basic-auth \
  --from-literal=username=scp_owner --from-file=password=db-owner.password
kubectl -n scp create secret generic scp-db-cases --type=kubernetes.io/basic-auth \
  --from-literal=username=scp_cases --from-file=password=db-cases.password
kubectl -n scp create secret generic scp-db-referrals --type=kubernetes.io/basic-auth \
  --from-literal=username=scp_referrals --from-file=password=db-referrals.password
kubectl -n scp create secret generic scp-db-meetings --type=kubernetes.io/basic-auth \
  --from-literal=username=scp_meetings --from-file=password=db-meetings.password
kubectl -n scp create secret generic scp-db-notifications --type=kubernetes.io/basic-auth \
  --from-literal=username=scp_notifications --from-file=password=db-notifications.password
kubectl -n scp create secret generic scp-migrations --from-literal=DATABASE_URL="$(db_url scp_owner db-owner)"
kubectl -n scp create secret generic scp-cases-runtime \
  --from-literal=DATABASE_URL="$(db_url scp_cases db-cases)" --from-literal=REDIS_URL="$redis"
kubectl -n scp create secret generic scp-referrals-runtime \
  --from-literal=DATABASE_URL="$(db_url scp_referrals db-referrals)" --from-literal=REDIS_URL="$redis"
kubectl -n scp create secret generic scp-meetings-runtime \
  --from-literal=DATABASE_URL="$(db_url scp_meetings db-meetings)" --from-literal=REDIS_URL="$redis"
kubectl -n scp create secret generic scp-notifications-runtime \
  --from-literal=DATABASE_URL="$(db_url scp_notifications db-notifications)" --from-literal=REDIS_URL="$redis" \
  --from-literal=SMTP_URL="$SMTP_URL"
echo 'create-secrets: done (21 Secrets in namespace scp)'
