#!/usr/bin/env bash
# Refresh the vendored Bootstrap from the npm registry package (no CDN at run time).
# Usage: scripts/vendor_bootstrap.sh [version]   e.g. scripts/vendor_bootstrap.sh 5.3.9
set -euo pipefail
version=${1:-5}
dest=$(cd "$(dirname "$0")/.." && pwd)/static/vendor/bootstrap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "bootstrap@$version" --silent >/dev/null && tar xzf bootstrap-*.tgz)
mkdir -p "$dest/css" "$dest/js"
cp "$tmp"/package/dist/css/bootstrap.min.css{,.map} "$dest/css/"
cp "$tmp"/package/dist/js/bootstrap.bundle.min.js{,.map} "$dest/js/"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "Vendored bootstrap $(node -p "require('$tmp/package/package.json').version") into $dest"
