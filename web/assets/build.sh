#!/usr/bin/env bash
# Rebuilds pinpoint.css from src/pinpoint.scss with GOV.UK Frontend's Sass. Not part of the Rust build or CI: the
# built file is committed and embedded into the binary, so only someone changing the styles needs node and npm.
#
#   web/assets/build.sh            # uses the versions below; review the diff of pinpoint.css, then commit both
set -euo pipefail
cd "$(dirname "$0")"

GOVUK_FRONTEND=6.6.0   # keep in step with govuk/README.md
SASS=1.108.2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts \
    "govuk-frontend@$GOVUK_FRONTEND" "sass@$SASS" >/dev/null)
"$work/node_modules/.bin/sass" --load-path="$work/node_modules" --style=compressed --no-source-map \
    src/pinpoint.scss pinpoint.css
printf '\n' >> pinpoint.css
echo "pinpoint.css: $(wc -c < pinpoint.css) bytes (govuk-frontend $GOVUK_FRONTEND, sass $SASS)"
