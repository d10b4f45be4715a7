#!/usr/bin/env bash
# Copies Swagger UI's bundle and stylesheet from node_modules/swagger-ui-dist (see package.json;
# run `npm ci` first) into gateway/assets/swagger-ui, where the gateway serves them under
# /assets/swagger-ui/ for the API documentation at /api/docs/v3. init.js there is our own.
# Run again after upgrading swagger-ui-dist and commit the result.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$ROOT/node_modules/swagger-ui-dist"
OUT="$ROOT/gateway/assets/swagger-ui"
[ -d "$DIST" ] || { echo "update-swagger-ui: run npm ci first ($DIST missing)" >&2; exit 1; }
mkdir -p "$OUT"
cp "$DIST/swagger-ui-bundle.js" "$DIST/swagger-ui.css" "$DIST/LICENSE" "$OUT/"
# Source maps are not copied; drop the comments that point at them.
sed -i 's|/\*# sourceMappingURL=.*\*/||; s|//# sourceMappingURL=.*$||' \
  "$OUT/swagger-ui-bundle.js" "$OUT/swagger-ui.css"
node -e 'console.log("swagger-ui-dist " + require(process.argv[1]).version)' \
  "$DIST/package.json" >"$OUT/SWAGGER-UI-VERSION"
