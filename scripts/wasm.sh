#!/usr/bin/env bash
# Builds the step page's WebAssembly module (crates/wasm) into src/render/html/assets/nettrace.wasm,
# which the nettrace binary embeds; so building nettrace needs no WebAssembly target.
#
#   scripts/wasm.sh          # rebuild the module and write it
#   scripts/wasm.sh --check  # rebuild it and fail when the committed module differs
#
# The build is reproducible: the same source gives the same bytes in any directory (the paths of
# the source and of Cargo's registry are written as /nettrace and /cargo) with the toolchain named
# here, which rustup installs when it is missing. A new toolchain may build other bytes: change it
# here and commit the module it builds.
set -euo pipefail
toolchain=1.95.0
cd "$(dirname "$0")/.."
root=$(pwd)
module=src/render/html/assets/nettrace.wasm
cargo_home=${CARGO_HOME:-$HOME/.cargo}

if ! rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup toolchain install "$toolchain" --profile minimal --target wasm32-unknown-unknown >&2
fi
RUSTFLAGS="--remap-path-prefix=$root=/nettrace --remap-path-prefix=$cargo_home=/cargo" \
  cargo "+$toolchain" build --locked --quiet -p nettrace-wasm --target wasm32-unknown-unknown --profile wasm \
  --target-dir target/wasm
built=target/wasm/wasm32-unknown-unknown/wasm/nettrace_wasm.wasm

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$built" "$module"; then
    echo "$module is not the module Rust $toolchain builds from this source: run scripts/wasm.sh and commit it" >&2
    exit 1
  fi
  echo "$module: built from this source ($(wc -c <"$module") bytes)"
else
  cp "$built" "$module"
  echo "$module: $(wc -c <"$module") bytes"
fi
