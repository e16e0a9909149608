# Sourced by the other scripts: pinned tool versions and the PATH that finds them.
# Keep these in step with Trunk.toml and Cargo.lock.
# The compiler the package's standard-library options were measured on (scripts/package).
RUSTC_VERSION=1.95.0
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# Minifies the package's JavaScript (wasm-bindgen's glue and the entry module).
ESBUILD_VERSION=0.28.2
# axe-core, injected into the built page by the end-to-end accessibility audit.
AXE_CORE_VERSION=4.14.1
# Python's ordinary tools, for verifying records independently of the Rust code.
PY_VERIFY_PACKAGES="cryptography==50.0.2 rfc8785==0.1.4"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/binaryen/node_modules/.bin:$TOOLS/esbuild/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Whether the compiler's standard-library sources (the rust-src component) are installed:
# scripts/package rebuilds the standard library from them, and scripts/setup adds them.
has_rust_src() { [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; }
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Panic messages in the wasm name their source files: strip the build machine's directories,
# and the registry's directory names, from those names, so no local path or host is in what
# integrators ship (shorter names are fewer bytes, too). Set, not appended to: scripts source
# this file again, and other flags would rebuild everything.
_remap="--remap-path-prefix=$ROOT=clausewrap"
for _dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*; do
  [ -d "$_dir" ] && _remap="$_remap --remap-path-prefix=$_dir=deps"
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$_remap"
unset _remap _dir
