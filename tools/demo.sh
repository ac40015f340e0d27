#!/usr/bin/env bash
# make demo: build the provider, start the emulator on a free loopback port with a fresh
# database, apply the demo configuration (examples/demo), print the results readably, run
# a usage-sync pass, show that a second plan has no changes, and stop the emulator.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.demo"

for tool in go terraform curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not on PATH; the demo needs it" >&2; exit 1; }
done

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

rm -rf "$work"
mkdir -p "$work/bin" "$work/config"

step "Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-sophos" "$root"
go build -o "$work/bin/sophos-emulator" "$root/internal/cmd/sophos-emulator"

step "Starting the emulator (fresh database in $work/emulator.db)"
"$work/bin/sophos-emulator" -addr 127.0.0.1:0 -db "$work/emulator.db" -ready-file "$work/url" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
stop_emulator() {
  if kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    echo "Emulator stopped."
  fi
}
trap stop_emulator EXIT

for _ in $(seq 1 100); do
  [[ -s "$work/url" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { echo "error: the emulator exited; its log:" >&2; cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$work/url" ]] || { echo "error: the emulator did not start within 10 s; its log:" >&2; cat "$work/emulator.log" >&2; exit 1; }
url="$(cat "$work/url")"
echo "Emulator listening on $url"

export SOPHOS_AUTH_URL="$url" SOPHOS_API_URL="$url"
export SOPHOS_CLIENT_ID=emulator-client SOPHOS_CLIENT_SECRET=emulator-secret

# Use the provider just built instead of one from the registry.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "psa-iac/sophos" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0
cp "$root"/examples/demo/*.tf "$work/config/"
cd "$work/config"

tf() { terraform "$@" -no-color 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' -e 'psa-iac/sophos in' -e 'The behavior may therefore not match' -e 'applying changes may cause the state' -e '^│ *$' -e '^[╷╵]$' -e 'Warning:' >&2); }

step "terraform apply (creates a ConnectWise product, maps products and customers)"
if ! tf apply -auto-approve >"$work/apply.txt"; then
  cat "$work/apply.txt"
  echo "error: terraform apply failed" >&2
  exit 1
fi
grep -E '(Creation|Modifications|Destruction) complete|^Apply complete' "$work/apply.txt" | sed -E 's/ after [0-9.]+m?s//'


step "Sophos customers (data source sophos_customers)"
terraform output -no-color -raw customers_table; echo

step "Product mapping table (data source sophos_psa_product_mappings, ConnectWise)"
terraform output -no-color -raw product_mappings_table; echo

step "Running a usage-sync pass in the emulator (as the 24-hour sync would)"
for psa in autotask connectwise; do
  curl -fsS -X POST "$url/_emulator/psa/$psa/usage-sync" >/dev/null
  echo "usage sync ran for $psa"
done
tf apply -refresh-only -auto-approve >"$work/refresh.txt" || { cat "$work/refresh.txt"; echo "error: terraform apply -refresh-only failed" >&2; exit 1; }

step "Customer sync status (data source sophos_psa_customer_mappings)"
terraform output -no-color -raw customer_sync_table; echo

step "terraform plan again: expecting no changes"
set +e
tf plan -detailed-exitcode >"$work/plan.txt"
code=$?
set -e
if [[ $code -ne 0 ]]; then
  cat "$work/plan.txt"
  echo "error: the second plan is not empty (exit code $code)" >&2
  exit 1
fi
grep -E '^No changes' "$work/plan.txt"

step "Demo finished"
