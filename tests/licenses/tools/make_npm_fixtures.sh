#!/bin/sh
# Rebuild tests/licenses/fixtures/npm from the npm registry: for each package,
# `npm pack` the exact version and keep its package.json and license files
# (each file as published, unmodified).
set -e
dest="$(cd "$(dirname "$0")/../fixtures/npm" && pwd)"
work="$(mktemp -d)"
cd "$work"
for spec in tslib@2.9.1 type-fest@6.0.3 ws@8.23.0 pako@3.0.3 json-schema@0.2.3 spdx-license-list@6.12.0 \
            nopt@1.0.10 mkdirp@0.3.0 esprima@1.0.4 highcharts@13.1.1 ag-grid-enterprise@36.2.0; do
  tgz="$(npm pack --silent "$spec" | tail -1)"
  name="${spec%@*}"
  mkdir -p "x-$name" "$dest/$name"
  tar xzf "$tgz" -C "x-$name"
  root="$(ls -d x-$name/*/ | head -1)"
  cp "$root/package.json" "$dest/$name/"
  for f in "$root"/*; do
    case "$(basename "$f" | tr 'A-Z' 'a-z')" in
      licen[cs]e*|copying*|unlicense*) if [ -f "$f" ]; then cp "$f" "$dest/$name/"; fi ;;
    esac
  done
done
rm -rf "$work"
