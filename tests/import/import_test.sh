#!/bin/sh
# model import's end-to-end checks (docs/import.md):
#   roundtrip: every sample, exported with `model export --to nosql-workbench` and imported
#     again, derives the same table and index key templates for every item type
#     (`model design --format json` of both, compared item type by item type), or differs
#     exactly as tests/import/roundtrip/NAME.diff records;
#   goldens: every model the import golden cases wrote (tests/golden/import-*/expected/files)
#     passes `model validate` and `model check`.
# Usage: import_test.sh MODEL ROOT roundtrip|goldens
set -eu
model=$1
root=$2
what=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

keys() {  # layout JSON -> one line per item type: name, table keys, index keys
  python3 -c '
import json, sys
layout = json.load(open(sys.argv[1]))
for t in layout["item_types"]:
    idx = " ".join("%s=%s/%s" % (k["index"], k["partition_key"], k["sort_key"]) for k in t.get("index_keys", []))
    print(t["name"], t["partition_key"], t["sort_key"], idx)
' "$1"
}

status=0
case $what in
  roundtrip)
    for dir in "$root"/samples/*/; do
      name=$(basename "$dir")
      "$model" export "$dir/model.yaml" --to nosql-workbench -o "$scratch/$name.json"
      "$model" import "$scratch/$name.json" --from nosql-workbench -o "$scratch/$name.yaml" >/dev/null
      "$model" design --format json "$dir/model.yaml" > "$scratch/$name.before.json"
      "$model" design --format json "$scratch/$name.yaml" > "$scratch/$name.after.json"
      keys "$scratch/$name.before.json" > "$scratch/$name.before.txt"
      keys "$scratch/$name.after.json" > "$scratch/$name.after.txt"
      # A sample using what a Workbench model cannot carry yet has its differences recorded in
      # tests/import/roundtrip/NAME.diff (why: tests/import/roundtrip/README.md); they must stay
      # exactly those.
      known="$root/tests/import/roundtrip/$name.diff"
      if diff "$scratch/$name.before.txt" "$scratch/$name.after.txt" > "$scratch/$name.diff"; then
        echo "roundtrip $name: same key templates"
      elif [ -f "$known" ] && cmp -s "$scratch/$name.diff" "$known"; then
        echo "roundtrip $name: the key templates differ exactly as recorded in $known"
      else
        cat "$scratch/$name.diff"
        echo "roundtrip $name: the key templates differ (above)"
        status=1
      fi
    done
    ;;
  goldens)
    for file in "$root"/tests/golden/import-*/expected/files/model.yaml; do
      "$model" validate "$file" || status=1
      "$model" check "$file" >/dev/null || { echo "model check failed on $file"; status=1; }
    done
    ;;
  *)
    echo "usage: import_test.sh MODEL ROOT roundtrip|goldens" >&2
    exit 2
    ;;
esac
exit $status
