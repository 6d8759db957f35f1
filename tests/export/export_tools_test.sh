#!/usr/bin/env bash
# The exports checked by the tools that consume them (docs/outputs.md, "Exports"):
#
#   export_tools_test.sh MODEL SOURCE_DIR CHECK
#
# CHECK is one of
#   create-table-serve   aws dynamodb create-table --cli-input-json against `model serve`, then
#                        describe-table matches the layout (keys, indexes, projections, billing);
#                        then what infrastructure tools call next: tag-resource,
#                        list-tags-of-resource, update-/describe-continuous-backups,
#                        describe-limits, describe-endpoints, update-time-to-live
#   create-table-local   the same against DynamoDB Local (scripts/peers)
#   cloudformation       cfn-lint passes on the JSON and the YAML template
#   terraform            the HCL parses (hcl2json from @cdktf/hcl2json, else `terraform fmt`) and
#                        holds the table's keys, indexes and settings
#   mcp-json             every access pattern's command runs with the AWS CLI against `model
#                        serve` loaded with the file's items and returns items of its types
# on every sample. Exits 77 (skipped) when a tool is missing, unless CI=true makes that a
# failure. MODEL_TOOLS_DIR is the npm cache folder scripts/test installs into.
set -euo pipefail
model=$1
root=$2
check=$3
tools=${MODEL_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/model-tools}
export PATH="$tools/node_modules/.bin:$tools/bin:$PATH"
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
scratch=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

skip() {
  if [ "${CI:-}" = true ]; then
    echo "export_tools_test: $1 (CI=true: a failure)" >&2
    exit 1
  fi
  echo "export_tools_test: skipped: $1" >&2
  exit 77
}
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (scripts/test installs it)"; }

# Starts `model serve` on a free port; sets $endpoint.
start_serve() {
  "$model" serve --port 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
  pids+=($!)
  for _ in $(seq 100); do
    if grep -q "listening on" "$scratch/serve.out" 2>/dev/null; then
      endpoint=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$scratch/serve.out")
      return 0
    fi
    sleep 0.1
  done
  echo "export_tools_test: model serve did not start: $(cat "$scratch/serve.err")" >&2
  exit 1
}

# Starts DynamoDB Local on a free port; sets $endpoint.
start_local() {
  "$root/scripts/peers" path >/dev/null 2>&1 || skip "DynamoDB Local is not installed (scripts/peers install)"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$root/scripts/peers" dynamodb-local "$port" >"$scratch/local.out" 2>&1 &
  pids+=($!)
  endpoint="http://127.0.0.1:$port"
  for _ in $(seq 300); do
    if aws dynamodb list-tables --endpoint-url "$endpoint" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "export_tools_test: DynamoDB Local did not start" >&2
  exit 1
}

# The samples, and a model with natural-key indexes (typed, one without a sort key).
samples=("$root"/samples/*/model.yaml "$root"/tests/golden/export-natural-index/model.yaml)

create_table() {
  for sample in "${samples[@]}"; do
    name=$(basename "$(dirname "$sample")")
    "$model" export "$sample" --to create-table -o "$scratch/$name.json"
    "$model" design --format json "$sample" >"$scratch/$name.layout.json"
    table=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["TableName"])' "$scratch/$name.json")
    aws dynamodb create-table --endpoint-url "$endpoint" --cli-input-json "file://$scratch/$name.json" >/dev/null
    aws dynamodb describe-table --endpoint-url "$endpoint" --table-name "$table" >"$scratch/$name.described.json"
    python3 - "$scratch/$name.json" "$scratch/$name.described.json" "$name" <<'PY'
import json, sys
request = json.load(open(sys.argv[1]))
table = json.load(open(sys.argv[2]))["Table"]
def keys(schema): return [(k["AttributeName"], k["KeyType"]) for k in schema]
problems = []
if keys(table["KeySchema"]) != keys(request["KeySchema"]): problems.append("KeySchema")
if sorted(map(json.dumps, table["AttributeDefinitions"])) != sorted(map(json.dumps, request["AttributeDefinitions"])):
    problems.append("AttributeDefinitions")
want = {g["IndexName"]: g for g in request.get("GlobalSecondaryIndexes", [])}
got = {g["IndexName"]: g for g in table.get("GlobalSecondaryIndexes", [])}
if set(want) != set(got): problems.append("index names %s != %s" % (sorted(got), sorted(want)))
for name, g in want.items():
    h = got.get(name)
    if not h: continue
    if keys(h["KeySchema"]) != keys(g["KeySchema"]): problems.append(name + " KeySchema")
    if h["Projection"]["ProjectionType"] != g["Projection"]["ProjectionType"]: problems.append(name + " ProjectionType")
    if sorted(h["Projection"].get("NonKeyAttributes", [])) != sorted(g["Projection"].get("NonKeyAttributes", [])):
        problems.append(name + " NonKeyAttributes")
billing = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
if billing != request["BillingMode"]: problems.append("BillingMode %s" % billing)
if "StreamSpecification" in request:
    if not table.get("StreamSpecification", {}).get("StreamEnabled"): problems.append("stream")
if problems:
    print("%s: describe-table differs from the export: %s" % (sys.argv[3], ", ".join(problems)))
    sys.exit(1)
PY
    echo "$name: describe-table matches the export"
  done
}

# The calls Terraform's aws_dynamodb_table and CloudFormation make after CreateTable, with the
# AWS CLI against the last sample's table (model serve only: DynamoDB Local has no tagging).
infrastructure_calls() {
  arn=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Table"]["TableArn"])' "$scratch/$name.described.json")
  aws dynamodb tag-resource --endpoint-url "$endpoint" --resource-arn "$arn" \
    --tags Key=env,Value=test Key=team,Value=core
  aws dynamodb list-tags-of-resource --endpoint-url "$endpoint" --resource-arn "$arn" >"$scratch/tags.json"
  aws dynamodb update-continuous-backups --endpoint-url "$endpoint" --table-name "$table" \
    --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true >/dev/null
  aws dynamodb describe-continuous-backups --endpoint-url "$endpoint" --table-name "$table" >"$scratch/backups.json"
  aws dynamodb describe-limits --endpoint-url "$endpoint" >"$scratch/limits.json"
  aws dynamodb describe-endpoints --endpoint-url "$endpoint" >"$scratch/endpoints.json"
  aws dynamodb update-time-to-live --endpoint-url "$endpoint" --table-name "$table" \
    --time-to-live-specification Enabled=true,AttributeName=expires >"$scratch/ttl.json"
  python3 - "$scratch" <<'PY'
import json, os, sys
d = sys.argv[1]
load = lambda n: json.load(open(os.path.join(d, n)))
problems = []
if load("tags.json")["Tags"] != [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "core"}]:
    problems.append("tags %s" % load("tags.json"))
pitr = load("backups.json")["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
if pitr["PointInTimeRecoveryStatus"] != "ENABLED": problems.append("backups %s" % pitr)
if load("limits.json")["TableMaxReadCapacityUnits"] != 40000: problems.append("limits")
if not load("endpoints.json")["Endpoints"]: problems.append("endpoints")
if load("ttl.json")["TimeToLiveSpecification"] != {"Enabled": True, "AttributeName": "expires"}:
    problems.append("ttl %s" % load("ttl.json"))
if problems:
    print("infrastructure calls: " + ", ".join(problems))
    sys.exit(1)
PY
  echo "$table: tag-resource, list-tags-of-resource, continuous backups, limits, endpoints, time to live"
}

case "$check" in
  create-table-serve)
    need aws
    start_serve
    create_table
    infrastructure_calls
    ;;
  create-table-local)
    need aws
    need java
    start_local
    create_table
    ;;
  cloudformation)
    need cfn-lint
    for sample in "${samples[@]}"; do
      name=$(basename "$(dirname "$sample")")
      "$model" export "$sample" --to cloudformation -o "$scratch/$name.template.json"
      "$model" export "$sample" --to cloudformation --format yaml -o "$scratch/$name.template.yaml"
      cfn-lint "$scratch/$name.template.json" "$scratch/$name.template.yaml"
      echo "$name: cfn-lint passes"
    done
    ;;
  terraform)
    parser=""
    if command -v node >/dev/null 2>&1 && [ -d "$tools/node_modules/@cdktf/hcl2json" ]; then parser=hcl2json
    elif command -v terraform >/dev/null 2>&1; then parser=terraform
    else skip "neither hcl2json (npm @cdktf/hcl2json) nor terraform is installed"; fi
    for sample in "${samples[@]}"; do
      name=$(basename "$(dirname "$sample")")
      "$model" export "$sample" --to terraform -o "$scratch/$name.tf"
      "$model" export "$sample" --to create-table -o "$scratch/$name.json"
      if [ "$parser" = terraform ]; then
        terraform fmt -check=false -write=false - <"$scratch/$name.tf" >/dev/null
        echo "$name: terraform fmt parses the HCL"
        continue
      fi
      NODE_PATH="$tools/node_modules" node "$root/tests/export/hcl2json.js" "$scratch/$name.tf" >"$scratch/$name.tf.json"
      python3 - "$scratch/$name.tf.json" "$scratch/$name.json" "$name" <<'PY'
import json, sys
hcl = json.load(open(sys.argv[1]))
request = json.load(open(sys.argv[2]))
r = hcl["resource"]["aws_dynamodb_table"]["table"][0]
problems = []
if r["hash_key"] != request["KeySchema"][0]["AttributeName"]: problems.append("hash_key")
if r["range_key"] != request["KeySchema"][1]["AttributeName"]: problems.append("range_key")
if r["billing_mode"] != request["BillingMode"]: problems.append("billing_mode")
if sorted(a["name"] for a in r["attribute"]) != sorted(a["AttributeName"] for a in request["AttributeDefinitions"]):
    problems.append("attributes")
gsis = {g["name"]: g for g in r.get("global_secondary_index", [])}
for g in request.get("GlobalSecondaryIndexes", []):
    h = gsis.get(g["IndexName"])
    if not h or h["hash_key"] != g["KeySchema"][0]["AttributeName"] or h["projection_type"] != g["Projection"]["ProjectionType"]:
        problems.append("index " + g["IndexName"])
if r.get("deletion_protection_enabled") is not True: problems.append("deletion protection")
if r["point_in_time_recovery"][0]["enabled"] is not True: problems.append("point-in-time recovery")
if ("StreamSpecification" in request) != (r.get("stream_enabled") is True): problems.append("stream")
if problems:
    print("%s: the HCL differs from the layout: %s" % (sys.argv[3], ", ".join(problems)))
    sys.exit(1)
PY
      echo "$name: hcl2json parses the HCL and it holds the layout's settings"
    done
    ;;
  mcp-json)
    need aws
    start_serve
    for sample in "${samples[@]}"; do
      name=$(basename "$(dirname "$sample")")
      "$model" export "$sample" --to mcp-json -o "$scratch/$name.mcp.json"
      python3 - "$scratch/$name.mcp.json" "$scratch" "$name" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
scratch, name = sys.argv[2], sys.argv[3]
json.dump(data["tables"][0], open("%s/%s.table.json" % (scratch, name), "w"))
table = data["tables"][0]["TableName"]
items = data["items"][table]
for n in range(0, len(items), 25):
    json.dump({table: items[n:n + 25]}, open("%s/%s.batch.%04d.json" % (scratch, name, n // 25), "w"))
PY
      aws dynamodb create-table --endpoint-url "$endpoint" --cli-input-json "file://$scratch/$name.table.json" >/dev/null
      for batch in "$scratch/$name".batch.*.json; do
        aws dynamodb batch-write-item --endpoint-url "$endpoint" --request-items "file://$batch" >/dev/null
      done
      python3 - "$scratch/$name.mcp.json" "$endpoint" "$name" <<'PY'
import json, subprocess, sys
data = json.load(open(sys.argv[1]))
endpoint, name = sys.argv[2], sys.argv[3]
labels = {}
for item in data["items"][data["tables"][0]["TableName"]]:
    labels.setdefault(item["PutRequest"]["Item"]["_type"]["S"], 0)
failed = 0
for p in data["access_patterns"]:
    command = p.get("implementation")
    if not command:
        print("%s pattern %s has no command: %s" % (name, p["pattern"], p.get("reason")))
        failed += 1
        continue
    run = subprocess.run(["bash", "-c", command + " --endpoint-url " + endpoint + " --output json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print("%s pattern %s (%s) failed: %s\n  %s" % (name, p["pattern"], p["description"], run.stderr.strip(), command))
        failed += 1
        continue
    out = json.loads(run.stdout or "{}")
    if "Item" in out: got = [out["Item"]]
    elif "Responses" in out: got = [i for v in out["Responses"].values() for i in v]
    else: got = out.get("Items", [])
    if not got:
        print("%s pattern %s (%s) returned no items\n  %s" % (name, p["pattern"], p["description"], command))
        failed += 1
        continue
    unknown = [i["_type"]["S"] for i in got if "_type" in i and i["_type"]["S"] not in labels]
    if unknown:
        print("%s pattern %s returned items of unknown types %s" % (name, p["pattern"], unknown))
        failed += 1
print("%s: %d access patterns, %d failed" % (name, len(data["access_patterns"]), failed))
sys.exit(1 if failed else 0)
PY
    done
    ;;
  *)
    echo "usage: export_tools_test.sh MODEL SOURCE_DIR create-table-serve|create-table-local|cloudformation|terraform|mcp-json" >&2
    exit 2
    ;;
esac
