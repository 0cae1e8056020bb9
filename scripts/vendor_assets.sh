#!/usr/bin/env bash
# Vendor the web app's JS/CSS/data assets from the npm registry, so the app needs no CDN at run time.
# Run from the repository root: scripts/vendor_assets.sh
# Every package is pinned; the dist files and each package's licence go into
# src/eventscope/web/static/vendor/<package>/ . Re-run only to upgrade (then update the versions here).
set -euo pipefail

DEST="src/eventscope/web/static/vendor"
PACKAGES=(
  "leaflet@1.9.4"                # map (BSD-2-Clause)
  "leaflet.markercluster@1.5.3"  # marker clustering (MIT)
  "chart.js@4.6.1"               # timeline / charts (MIT)
  "topojson-client@3.1.0"        # TopoJSON -> GeoJSON in the browser (ISC)
  "world-atlas@2.0.2"            # Natural Earth 1:110m countries as TopoJSON (ISC; data public domain)
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "${PACKAGES[@]}" >/dev/null )
for tgz in "$tmp"/*.tgz; do
  name="$(basename "$tgz" .tgz)"; mkdir -p "$tmp/$name"; tar xzf "$tgz" -C "$tmp/$name"
done

rm -rf "$DEST"; mkdir -p "$DEST"/{leaflet/images,markercluster,chartjs,topojson-client,world-atlas}
P="$tmp/leaflet-1.9.4/package"
cp "$P/dist/leaflet.js" "$P/dist/leaflet.css" "$P/LICENSE" "$DEST/leaflet/"
cp "$P"/dist/images/*.png "$DEST/leaflet/images/"
P="$tmp/leaflet.markercluster-1.5.3/package"
cp "$P/dist/leaflet.markercluster.js" "$P/dist/MarkerCluster.css" "$P/dist/MarkerCluster.Default.css" \
   "$P/MIT-LICENCE.txt" "$DEST/markercluster/"
P="$tmp/chart.js-4.6.1/package"
cp "$P/dist/chart.umd.min.js" "$P/LICENSE.md" "$DEST/chartjs/"
P="$tmp/topojson-client-3.1.0/package"
cp "$P/dist/topojson-client.min.js" "$P/LICENSE" "$DEST/topojson-client/"
P="$tmp/world-atlas-2.0.2/package"
cp "$P/countries-110m.json" "$P/LICENSE" "$DEST/world-atlas/"
# The UMD build of Chart.js ends with a sourceMappingURL comment; we do not ship the .map files.
sed -i '/^\/\/# sourceMappingURL=/d' "$DEST"/*/*.js
echo "vendored into $DEST:"; find "$DEST" -type f | sort
