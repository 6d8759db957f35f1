#!/usr/bin/env bash
# The installed ModelRuntime package, used the way another project uses it (docs/codegen.md):
#   1. `cmake --install BUILD --prefix TMP` (the `model` executable, headers, libraries, package);
#   2. every project header an installed header includes is installed too, and the package
#      files name neither the source nor the build tree;
#   3. TMP/bin/model codegen samples/hr/model.yaml -o TMP/gen;
#   4. samples/hr/app configured as a separate project with CMAKE_PREFIX_PATH=TMP
#      (find_package(ModelRuntime CONFIG REQUIRED)), built, and run against ModelRuntime::sim;
#   5. the same program against TMP/bin/model serve over HTTP (ModelRuntime::http).
# Usage: install_test.sh CMAKE BUILD_DIR SOURCE_DIR CXX_COMPILER [COMPILER_LAUNCHER [CXX_FLAGS]]
# CXX_FLAGS (e.g. a sanitizer build's -fsanitize=...) go to the separate project's CMAKE_CXX_FLAGS.
set -euo pipefail
cmake_bin=$1 build=$2 src=$3 cxx=$4 launcher=${5:-} cxx_flags=${6:-}

tmp=$(mktemp -d)
serve_pid=
cleanup() {
  if [[ -n $serve_pid ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "install test: $*" >&2; exit 1; }

"$cmake_bin" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install failed"; }
prefix=$tmp/prefix
inc=$prefix/include/model-runtime
[[ -x $prefix/bin/model ]] || fail "bin/model is not installed"
[[ -f $inc/codegen/runtime/runtime.h ]] || fail "codegen/runtime/runtime.h is not installed"
config=$(find "$prefix" -name ModelRuntimeConfig.cmake)
[[ -n $config ]] || fail "ModelRuntimeConfig.cmake is not installed"

# 2. Closed headers; no build-tree or source-tree path in the package.
missing=0
while IFS= read -r header; do
  while IFS= read -r included; do
    if [[ ! -f $inc/$included ]]; then
      echo "install test: ${header#"$inc"/} includes \"$included\", which is not installed" >&2
      missing=1
    fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$header")
done < <(find "$inc" -name '*.h')
[[ $missing == 0 ]] || fail "installed headers include headers that are not installed"
if grep -rlF -e "$(cd "$src" && pwd -P)" -e "$(cd "$build" && pwd -P)" "$(dirname "$config")" "$inc"; then
  fail "the files above name the source or the build tree"
fi

# 3. Generate the accessors with the installed executable.
"$prefix/bin/model" codegen "$src/samples/hr/model.yaml" -o "$tmp/gen" -q || fail "model codegen failed"

# 4. The separate project, found through the package only.
args=(-S "$src/samples/hr/app" -B "$tmp/app" -DCMAKE_PREFIX_PATH="$prefix"
      -DHR_GENERATED_DIR="$tmp/gen" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release)
if [[ -n $launcher ]]; then args+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"); fi
if [[ -n $cxx_flags ]]; then args+=(-DCMAKE_CXX_FLAGS="$cxx_flags"); fi
if command -v ninja >/dev/null; then args+=(-G Ninja); fi
"$cmake_bin" "${args[@]}" >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configuring samples/hr/app failed"; }
"$cmake_bin" --build "$tmp/app" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "building samples/hr/app failed"; }
"$tmp/app/hr_app" >"$tmp/sim.log" 2>&1 || { cat "$tmp/sim.log"; fail "hr_app failed against SimBackend"; }
tail -n 1 "$tmp/sim.log"

# 5. Over HTTP, against the installed `model serve` on a free port.
"$prefix/bin/model" serve --port 0 >"$tmp/serve.log" 2>&1 &
serve_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/serve.log")
  [[ -n $port ]] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/serve.log"; fail "model serve stopped"; }
  sleep 0.1
done
[[ -n $port ]] || fail "model serve did not say where it listens"
"$tmp/app/hr_app" --endpoint "http://127.0.0.1:$port" >"$tmp/http.log" 2>&1 || { cat "$tmp/http.log"; fail "hr_app failed against model serve over HTTP"; }
tail -n 1 "$tmp/http.log"
echo "install test: ok"
