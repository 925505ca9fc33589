#!/usr/bin/env bash
# Smoke test of the images (issue #17): builds every image from docker/Dockerfile, runs the platform
# from them against a local PostgreSQL and Redis, checks it end to end, and removes what it started.
# Slow (minutes): not part of `npm test`.
#
#   docker/smoke.sh
#   BASE=scp-local/node:24-bookworm-slim docker/smoke.sh    # no registry: see docker/local-base.sh
#
# Steps: build the six images (one at a time); generate the keys with the gateway image; create a
# database of its own and run docker/migrate.mjs (cases image, demo seed); start cases, referrals,
# meetings, notifications (with the platform's dev mail catcher, from the notifications image),
# the gateway and the web app; then through the gateway: 401 without a token, a demo user's token
# from the development issuer, `{ __typename }` and a signed-in query (`me`, `casesCount`); through the web app: its
# health, its session endpoint, the sign-in page and the script it loads, and the demo users.
# On exit, even a failed one: the containers, the database, the Redis keys and the key files go.
#
# Every container runs with --network host, read-only, as the image's user (node), and listens on
# 127.0.0.1 only, on ports from SMOKE_PORT_BASE (default 47400: gateway +0, cases +1, referrals +2,
# meetings +3, notifications +4, web +10, mail SMTP +20 and page +21), away from `npm start` and
# the tests.
#
# Environment (all optional):
#   BASE              the Dockerfile's base image (default: the digest it pins)
#   TAG               image tag (default smoke): scp/<app>:$TAG
#   SMOKE_PG_URL      a superuser URL of the PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/postgres)
#   SMOKE_REDIS_URL   the Redis to use, with a database index of its own (default redis://127.0.0.1:6379/13)
#   SMOKE_PORT_BASE   first port (default 47400)
#   BUILD_CA          a CA bundle for a TLS-intercepting proxy, passed to `npm ci` as the build
#                     secret build_ca (default: $NODE_EXTRA_CA_CERTS when set)
#   SKIP_BUILD=1      use the images already tagged
#   KEEP_IMAGES=1     the images stay (default: they stay too; set REMOVE_IMAGES=1 to remove them)
#   DOCKER            the docker client (default: docker); BuildKit is required
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
DOCKER=${DOCKER:-docker}
TAG=${TAG:-smoke}
BASE=${BASE:-}
PG_URL=${SMOKE_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/13}
PORT_BASE=${SMOKE_PORT_BASE:-47400}
BUILD_CA=${BUILD_CA:-${NODE_EXTRA_CA_CERTS:-}}
APPS=(cases referrals meetings notifications gateway web)
export DOCKER_BUILDKIT=1

gateway_port=$PORT_BASE
cases_port=$((PORT_BASE + 1))
referrals_port=$((PORT_BASE + 2))
meetings_port=$((PORT_BASE + 3))
notifications_port=$((PORT_BASE + 4))
web_port=$((PORT_BASE + 10))
mail_smtp_port=$((PORT_BASE + 20))
mail_http_port=$((PORT_BASE + 21))

run_id=smoke$$
db=scp_docker_$run_id
db_url=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$PG_URL" "$db")
queue_prefix=scp-$run_id
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/scp-$run_id.XXXXXX")
keys=$run_dir/keys       # the key files, as the compose volumes hold them
documents=$run_dir/documents # the cases service's local document store (the demo seed writes there)
containers=()
t_start=$(date +%s%N)

ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
step() { printf '\n── %s\n' "$*"; }
ok() { printf '  ✔ %s\n' "$*"; }
fail() {
  printf '  ✖ %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local rc=$?
  step "cleanup"
  set +e
  if [ "$rc" -ne 0 ]; then
    for c in "${containers[@]}"; do
      printf '\n  last lines of %s:\n' "$c" >&2
      $DOCKER logs --tail 25 "$c" 2>&1 | sed 's/^/    /' >&2
    done
  fi
  for c in "${containers[@]}"; do $DOCKER rm -f "$c" >/dev/null 2>&1 & done
  wait
  [ "${#containers[@]}" -gt 0 ] && ok "containers removed: ${containers[*]}"
  psql -q "$PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 && ok "database $db dropped"
  # Only this run's keys: BullMQ's (QUEUE_PREFIX) and the web sessions' (WEB_REDIS_KEY_PREFIX).
  local n=0
  for pattern in "$queue_prefix:*" "scp:web:$run_id:*"; do
    while read -r key; do
      [ -n "$key" ] && redis-cli -u "$REDIS_URL" DEL "$key" >/dev/null && n=$((n + 1))
    done < <(redis-cli -u "$REDIS_URL" --scan --pattern "$pattern")
  done
  ok "redis: $n keys of this run deleted"
  rm -rf "$run_dir"
  if [ "${REMOVE_IMAGES:-}" = 1 ]; then
    for app in "${APPS[@]}"; do $DOCKER rmi "scp/$app:$TAG" >/dev/null 2>&1; done
    ok "images removed"
  fi
  if [ "$rc" -eq 0 ]; then
    printf '\nsmoke: passed in %ss\n' $(($(ms "$t_start") / 1000))
  else
    printf '\nsmoke: FAILED (exit %s) after %ss\n' "$rc" $(($(ms "$t_start") / 1000)) >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in "$DOCKER" psql redis-cli curl jq node; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done
psql -qAt "$PG_URL" -c 'SELECT 1' >/dev/null || fail "PostgreSQL at $PG_URL does not answer"
[ "$(redis-cli -u "$REDIS_URL" PING)" = PONG ] || fail "Redis at $REDIS_URL does not answer"
for port in $gateway_port $cases_port $referrals_port $meetings_port $notifications_port $web_port $mail_smtp_port $mail_http_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is taken (set SMOKE_PORT_BASE)"; fi
done

# ── build ──
if [ "${SKIP_BUILD:-}" != 1 ]; then
  build_args=()
  [ -n "$BASE" ] && build_args+=(--build-arg "BASE=$BASE")
  [ -n "$BUILD_CA" ] && build_args+=(--secret "id=build_ca,src=$BUILD_CA")
  for app in "${APPS[@]}"; do
    step "build scp/$app:$TAG"
    t=$(date +%s%N)
    # --network host: the build's `npm ci` reaches the registry as the host does (no bridge here).
    $DOCKER build --quiet --network host -f "$repo/docker/Dockerfile" --build-arg "APP=$app" \
      "${build_args[@]}" -t "scp/$app:$TAG" "$repo" >/dev/null
    ok "scp/$app:$TAG built in $(ms "$t") ms, $($DOCKER image inspect -f '{{.Size}}' "scp/$app:$TAG" | awk '{printf "%d MB", $1/1e6}')"
  done
fi

# ── keys: the compose `keys` one-shot, with the gateway image, into a directory of this run ──
step "keys"
mkdir -p "$keys"/{private,public,cases,meetings,notifications,web} "$documents"
chmod -R 0777 "$keys" "$documents" # written by the image's user (uid 1000)
# No --rm (removing a container is slow on vfs): the cleanup removes every container at once.
containers+=("scp-$run_id-keys")
$DOCKER run --name "scp-$run_id-keys" --network none --read-only --user 1000:1000 -v "$keys:/keys" \
  "scp/gateway:$TAG" node docker/generate-keys.mjs | sed 's/^/  /'

# Every service: host network, read-only root, its own env; each gets only the keys it uses.
# `docker run -d` in the background: creating a container copies its image on the vfs storage
# driver (slow), so the containers of one wave are created side by side; `started` waits for them.
pids=()
start() {
  local name=$1
  shift
  containers+=("scp-$run_id-$name")
  $DOCKER run -d --name "scp-$run_id-$name" --network host --read-only --tmpfs /tmp \
    -e NODE_ENV=development -e LOG_LEVEL=warn -e QUEUE_PREFIX="$queue_prefix" "$@" >/dev/null &
  pids+=($!)
}
started() {
  local t pid
  t=$(date +%s%N)
  for pid in "${pids[@]}"; do wait "$pid" || fail "docker run failed"; done
  pids=()
  ok "containers created in $(ms "$t") ms"
}
wait_ready() { # name url
  local name=$1 url=$2 t
  t=$(date +%s%N)
  for _ in $(seq 1 240); do
    if curl -fs -o /dev/null --max-time 2 "$url"; then
      ok "$name ready in $(ms "$t") ms ($url)"
      return 0
    fi
    if [ "$($DOCKER inspect -f '{{.State.Running}}' "scp-$run_id-$name" 2>/dev/null)" != true ]; then
      fail "$name exited before it was ready"
    fi
    sleep 0.5
  done
  fail "$name not ready after 120 s"
}

# ── database: one of this run's own; migrations and the demo seed from the cases image ──
step "migrate"
psql -q "$PG_URL" -c "CREATE DATABASE $db" >/dev/null
t=$(date +%s%N)
containers+=("scp-$run_id-migrate")
$DOCKER run --name "scp-$run_id-migrate" --network host --read-only -e NODE_ENV=development \
  -e DATABASE_URL="$db_url" -e SEED_DEMO_DATA=true \
  -v "$documents:/var/lib/scp/documents" -e DOCUMENT_STORE_DIR=/var/lib/scp/documents \
  "scp/cases:$TAG" node docker/migrate.mjs | sed "s/^/  /"
ok "migrated and seeded $db in $(ms "$t") ms"

step "start the services"
start mail -e MAIL_CATCHER_SMTP_PORT="$mail_smtp_port" -e MAIL_CATCHER_HTTP_PORT="$mail_http_port" \
  "scp/notifications:$TAG" node libs/platform/mail/dist/dev-mail-catcher.main.js
start cases -e CASES_PORT="$cases_port" -e DATABASE_URL="$db_url" -e REDIS_URL="$REDIS_URL" \
  -v "$keys/public:/keys/public:ro" -v "$keys/cases:/keys/cases:ro" --tmpfs /var/lib/scp/audit:uid=1000,gid=1000 \
  -v "$documents:/var/lib/scp/documents" \
  -e INTERNAL_JWT_PUBLIC_KEY_FILE=/keys/public/internal-token.public.pem \
  -e CASES_SERVICE_PRIVATE_KEY_FILE=/keys/cases/cases-service.private.pem \
  -e REFERRALS_INTERNAL_URL="http://127.0.0.1:$referrals_port" \
  -e CASES_SERVICE_CALLER_KEYS_FILE=/keys/public/meetings-service.public.pem \
  -e CASES_NOTIFICATIONS_CALLER_KEYS_FILE=/keys/public/notifications-service.public.pem \
  -e AUDIT_CHECKPOINT_FILE=/var/lib/scp/audit/checkpoints.jsonl -e DOCUMENT_STORE_DIR=/var/lib/scp/documents \
  "scp/cases:$TAG"
start referrals -e REFERRALS_PORT="$referrals_port" -e DATABASE_URL="$db_url" -e REDIS_URL="$REDIS_URL" \
  -v "$keys/public:/keys/public:ro" \
  -e INTERNAL_JWT_PUBLIC_KEY_FILE=/keys/public/internal-token.public.pem \
  -e REFERRALS_SERVICE_CALLER_KEYS_FILE=/keys/public/cases-service.public.pem "scp/referrals:$TAG"
start meetings -e MEETINGS_PORT="$meetings_port" -e DATABASE_URL="$db_url" -e REDIS_URL="$REDIS_URL" \
  -v "$keys/public:/keys/public:ro" -v "$keys/meetings:/keys/meetings:ro" \
  -e INTERNAL_JWT_PUBLIC_KEY_FILE=/keys/public/internal-token.public.pem \
  -e MEETINGS_SERVICE_PRIVATE_KEY_FILE=/keys/meetings/meetings-service.private.pem \
  -e CASES_INTERNAL_URL="http://127.0.0.1:$cases_port" -e WEB_BASE_URL="http://127.0.0.1:$web_port" \
  -e INVITE_ORGANIZER_EMAIL=clinic-meetings@example.invalid "scp/meetings:$TAG"
start notifications -e NOTIFICATIONS_PORT="$notifications_port" -e NOTIFICATIONS_ROLE=all \
  -e DATABASE_URL="$db_url" -e REDIS_URL="$REDIS_URL" \
  -v "$keys/public:/keys/public:ro" -v "$keys/notifications:/keys/notifications:ro" \
  -e INTERNAL_JWT_PUBLIC_KEY_FILE=/keys/public/internal-token.public.pem \
  -e NOTIFICATIONS_SERVICE_PRIVATE_KEY_FILE=/keys/notifications/notifications-service.private.pem \
  -e CASES_INTERNAL_URL="http://127.0.0.1:$cases_port" -e SMTP_URL="smtp://127.0.0.1:$mail_smtp_port" \
  -e MAIL_FROM='Stalking clinic platform <no-reply@example.invalid>' \
  -e WEB_BASE_URL="http://127.0.0.1:$web_port" -e INVITE_ORGANIZER_EMAIL=clinic-meetings@example.invalid \
  "scp/notifications:$TAG"
started
wait_ready mail "http://127.0.0.1:$mail_http_port/"
wait_ready cases "http://127.0.0.1:$cases_port/health/ready"
wait_ready referrals "http://127.0.0.1:$referrals_port/health/ready"
wait_ready meetings "http://127.0.0.1:$meetings_port/health/ready"
wait_ready notifications "http://127.0.0.1:$notifications_port/health/ready"
start gateway -e GATEWAY_PORT="$gateway_port" -e REDIS_URL="$REDIS_URL" \
  -v "$keys/private:/keys/private:ro" -v "$keys/public:/keys/public:ro" \
  -e SUBGRAPH_URL_CASES="http://127.0.0.1:$cases_port/graphql" \
  -e SUBGRAPH_URL_REFERRALS="http://127.0.0.1:$referrals_port/graphql" \
  -e SUBGRAPH_URL_MEETINGS="http://127.0.0.1:$meetings_port/graphql" \
  -e SUBGRAPH_URL_NOTIFICATIONS="http://127.0.0.1:$notifications_port/graphql" \
  -e INTERNAL_JWT_PRIVATE_KEY_FILE=/keys/private/internal-token.private.pem \
  -e INTERNAL_JWT_PUBLIC_KEY_FILE=/keys/public/internal-token.public.pem \
  -e DEV_ISSUER_PRIVATE_KEY_FILE=/keys/private/dev-issuer.private.pem \
  -e GATEWAY_WEB_CALLER_KEYS_FILE=/keys/public/web-service.public.pem "scp/gateway:$TAG"
started
wait_ready gateway "http://127.0.0.1:$gateway_port/health/ready"
start web -e WEB_PORT="$web_port" -e GATEWAY_URL="http://127.0.0.1:$gateway_port" \
  -e REDIS_URL="$REDIS_URL" -e WEB_REDIS_KEY_PREFIX="scp:web:$run_id:" \
  -v "$keys/web:/keys/web:ro" -e WEB_SERVICE_PRIVATE_KEY_FILE=/keys/web/web-service.private.pem "scp/web:$TAG"
started
wait_ready web "http://127.0.0.1:$web_port/health/ready"

# ── through the gateway ──
step "gateway"
gql() { # query [token]
  local auth=()
  [ -n "${2:-}" ] && auth=(-H "authorization: Bearer $2")
  curl -fsS --max-time 20 "http://127.0.0.1:$gateway_port/graphql" -H 'content-type: application/json' \
    "${auth[@]}" --data "$(jq -nc --arg q "$1" '{query: $q}')"
}
# Without a token, nothing but an error with a code (HTTP 401).
status=$(curl -sS -o "$run_dir/anonymous.json" -w '%{http_code}' --max-time 20 "http://127.0.0.1:$gateway_port/graphql" \
  -H 'content-type: application/json' --data '{"query":"{ me { displayName } }"}')
code=$(jq -r '.errors[0].extensions.code' "$run_dir/anonymous.json")
[ "$status $code" = "401 UNAUTHENTICATED" ] || fail "me without a token answered $status $code, not 401 UNAUTHENTICATED"
ok "me without a token → 401 UNAUTHENTICATED"
user=$(curl -fsS "http://127.0.0.1:$gateway_port/auth/dev/users" | jq -r '.[0].username')
[ -n "$user" ] && [ "$user" != null ] || fail "no demo users at /auth/dev/users"
token=$(curl -fsS "http://127.0.0.1:$gateway_port/auth/dev/token" -H 'content-type: application/json' \
  --data "$(jq -nc --arg u "$user" '{username: $u}')" | jq -r .access_token)
ok "demo user $user: a token from the development issuer"
t=$(date +%s%N)
[ "$(gql '{ __typename }' "$token" | jq -r '.data.__typename')" = Query ] || fail '{ __typename } did not answer Query'
ok "{ __typename } → Query ($(ms "$t") ms)"
t=$(date +%s%N)
answer=$(gql '{ me { displayName agency { name } roles } casesCount }' "$token")
if [ "$(jq -r '.errors // [] | length' <<<"$answer")" != 0 ]; then fail "signed-in query: $answer"; fi
ok "signed in as $user: $(jq -rc '.data | "\(.me.displayName) (\(.me.agency.name); \(.me.roles | join(","))) sees \(.casesCount) cases"' <<<"$answer") ($(ms "$t") ms)"

# ── through the web app ──
step "web"
web=http://127.0.0.1:$web_port
mode=$(curl -fsS "$web/auth/session" | jq -r '.mode // empty')
ok "GET /auth/session → mode ${mode:-?}"
page=$(curl -fsS "$web/auth/demo")
grep -q '<div id="root">' <<<"$page" || fail "the sign-in page is not the app's HTML"
script=$(grep -o 'src="/assets/[^"]*\.js"' <<<"$page" | head -1 | sed 's/^src="//; s/"$//')
[ -n "$script" ] || fail "the sign-in page loads no script"
bytes=$(curl -fsS -o /dev/null -w '%{size_download}' "$web$script")
ok "GET /auth/demo (sign-in page) → HTML, its script $script ($bytes bytes)"
users=$(curl -fsS "$web/auth/demo-users" | jq 'length')
[ "$users" -gt 0 ] || fail "the web app lists no demo users"
ok "GET /auth/demo-users → $users demo users (web → gateway → cases)"
jar=$run_dir/cookies
t=$(date +%s%N)
curl -fsS -c "$jar" -o /dev/null "$web/auth/demo-sign-in" -H 'x-scp-csrf: 1' -H 'content-type: application/json' \
  --data "$(jq -nc --arg u "$user" '{username: $u}')" || fail "demo sign-in at the web app failed"
[ "$(curl -fsS -b "$jar" "$web/auth/session" | jq -r .signedIn)" = true ] || fail "no session after the sign-in"
answer=$(curl -fsS -b "$jar" "$web/graphql" -H 'x-scp-csrf: 1' -H 'content-type: application/json' \
  --data '{"query":"{ me { displayName } }"}')
[ "$(jq -r '.data.me.displayName // empty' <<<"$answer")" != "" ] || fail "GraphQL through the web app: $answer"
ok "signed in at the web app as $user, GraphQL through it → $(jq -r .data.me.displayName <<<"$answer") ($(ms "$t") ms)"
curl -fsS -b "$jar" -o /dev/null -X POST "$web/auth/sign-out" -H 'x-scp-csrf: 1' || fail "sign-out failed"
[ "$(curl -fsS -b "$jar" "$web/auth/session" | jq -r .signedIn)" = false ] || fail "still signed in after the sign-out"
ok "signed out"

step "health checks"
for app in cases referrals meetings notifications gateway web; do
  $DOCKER exec "scp-$run_id-$app" node docker/healthcheck.mjs || fail "$app: docker/healthcheck.mjs fails"
  ok "$app: docker/healthcheck.mjs passes"
done
