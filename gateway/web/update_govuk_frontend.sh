#!/usr/bin/env bash
# Copies GOV.UK Frontend's built CSS, JavaScript, fonts and images from node_modules (see
# package.json; run `npm ci` first) into gateway/assets, where the gateway serves them under
# /assets/. Run again after upgrading govuk-frontend and commit the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$ROOT/node_modules/govuk-frontend/dist/govuk"
OUT="$ROOT/gateway/assets"
[ -d "$DIST" ] || { echo "update-govuk-frontend: run npm ci first ($DIST missing)" >&2; exit 1; }
rm -rf "$OUT/fonts" "$OUT/images"
cp "$DIST/govuk-frontend.min.css" "$DIST/govuk-frontend.min.js" "$OUT/"
cp -R "$DIST/assets/fonts" "$DIST/assets/images" "$OUT/"
cp "$DIST/assets/manifest.json" "$OUT/manifest.json"
# Source maps are not copied; drop the comments that point at them.
sed -i 's|/\*# sourceMappingURL=.*\*/||; s|//# sourceMappingURL=.*$||' \
  "$OUT/govuk-frontend.min.css" "$OUT/govuk-frontend.min.js"
node -e 'console.log("govuk-frontend " + require(process.argv[1]).version)' \
  "$ROOT/node_modules/govuk-frontend/package.json" >"$OUT/GOVUK-FRONTEND-VERSION"
