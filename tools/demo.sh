#!/usr/bin/env bash
# make demo: build the provider, start the emulator on a free loopback port with a fresh
# database, connect both PSAs from code (examples/demo/connect), apply the demo
# configuration (examples/demo), print the results readably, run a usage-sync pass, run
# the billing review of the guide (its preview and the checks that fail), read ConnectWise
# and Autotask directly beside the integration's view (examples/demo/psa-direct), show that second
# plans have no changes, and stop the emulator.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.demo"

for tool in go terraform curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not on PATH; the demo needs it" >&2; exit 1; }
done

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

rm -rf "$work"
mkdir -p "$work/bin" "$work/config" "$work/connect" "$work/review" "$work/direct" "$work/reconcile"

step "Building the provider and the emulator"
go build -o "$work/bin/terraform-provider-sophos" "$root"
go build -o "$work/bin/sophos-emulator" "$root/internal/cmd/sophos-emulator"
go build -o "$work/bin/plan-review" "$root/internal/cmd/plan-review"

step "Starting the emulator (fresh database in $work/emulator.db)"
"$work/bin/sophos-emulator" -addr 127.0.0.1:0 -tls-addr 127.0.0.1:0 -ca-cert-out "$work/ca.pem" -db "$work/emulator.db" \
  -ready-file "$work/url" >"$work/emulator.log" 2>&1 &
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
tls_url="$(sed -n 's/^HTTPS on \(https:[^ ]*\) .*/\1/p' "$work/emulator.log")"
[[ -n "$tls_url" ]] || { echo "error: the emulator printed no HTTPS address; its log:" >&2; cat "$work/emulator.log" >&2; exit 1; }
echo "Emulator listening on $url, its PSA rooms over HTTPS on $tls_url"

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
cp "$root"/examples/demo/connect/*.tf "$work/connect/"
cp "$root"/examples/guides/billing-review/review.tf "$work/review/"
cp "$root"/examples/demo/psa-direct/*.tf "$work/direct/"
cp "$root"/examples/guides/billing-reconciliation/*.tf "$work/reconcile/"
cat >"$work/review/provider.tf" <<'TF'
terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

provider "sophos" {}
TF

tf() { terraform "$@" -no-color 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' -e 'psa-iac/sophos in' -e 'The behavior may therefore not match' -e 'applying changes may cause the state' -e '^│ *$' -e '^[╷╵]$' -e 'Warning:' >&2); }

step "A new partner account: both PSAs disconnected"
for psa in connectwise autotask; do
  curl -fsS -X DELETE "$url/_emulator/psa/$psa/integration" >/dev/null
  echo "$psa disconnected"
done

step "terraform apply in connect/ (connects ConnectWise and Autotask, Autotask syncs daily)"
# The PSA secrets are write-only: from the environment here, from a secret store in CI.
# They are the emulator's public ones; neither reaches the plan, the state or the logs.
export TF_VAR_connectwise_private_key=emulator-cw-private-key TF_VAR_autotask_secret=emulator-autotask-secret
cd "$work/connect"
if ! tf apply -auto-approve >"$work/connect.txt"; then
  cat "$work/connect.txt"
  echo "error: terraform apply in connect/ failed" >&2
  exit 1
fi
grep -E '(Creation|Modifications) complete|^Apply complete' "$work/connect.txt" | sed -E 's/ after [0-9.]+m?s//'
terraform output -no-color -raw integrations_table; echo
if grep -q -e emulator-cw-private-key -e emulator-autotask-secret terraform.tfstate; then
  echo "error: a PSA secret is in the state" >&2
  exit 1
fi
echo "No PSA secret in terraform.tfstate."
cd "$work/config"

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

step "Billing review of this month (guide: Billing review in a plan), both PSAs"
cd "$work/review"
tf plan -out=review.tfplan >"$work/review.txt" || { cat "$work/review.txt"; echo "error: the billing review plan failed" >&2; exit 1; }
terraform show -json review.tfplan >review.json
set +e
"$work/bin/plan-review" <review.json
review=$?
set -e
[[ $review -le 1 ]] || { echo "error: could not read the billing review" >&2; exit 1; }
echo "(A failed check is a warning in terraform plan; CI fails the job on it, as the guide shows.)"

step "ConnectWise and Autotask read directly, beside the integration's view (examples/demo/psa-direct)"
# The emulator's ConnectWise API member, as `make emulator` prints it; the private key and
# clientId are secrets in a real ConnectWise (public here: a local emulator).
export CONNECTWISE_SITE="$tls_url" CONNECTWISE_COMPANY_ID=northwindit CONNECTWISE_PUBLIC_KEY=NwTfPub3K8vQ1xZa \
  CONNECTWISE_PRIVATE_KEY=emulator-cw-terraform-private-key CONNECTWISE_CLIENT_ID=9a4e2b7c-1d3f-4c8e-b5a6-7f0e2d9c1b38 \
  CONNECTWISE_CA_CERTIFICATE_FILE="$work/ca.pem"
# The emulator's Autotask API user for Terraform (its own integration code), and where its
# zones are looked up (the emulator's Autotask room, over HTTPS).
export AUTOTASK_USERNAME=terraform-api@northwindit.example AUTOTASK_SECRET=emulator-terraform-secret \
  AUTOTASK_INTEGRATION_CODE=NWTERRAFORMAUTOTASK8K3P AUTOTASK_ZONE_LOOKUP_URL="$tls_url/ATServicesRest/" \
  AUTOTASK_CA_CERTIFICATE_FILE="$work/ca.pem"
cd "$work/direct"
curl -fsS -X DELETE "$url/_emulator/counters" >/dev/null
tf apply -auto-approve >"$work/direct.txt" || { cat "$work/direct.txt"; echo "error: terraform apply in psa-direct/ failed" >&2; exit 1; }
terraform output -no-color -raw side_by_side; echo
terraform output -no-color -raw summary; echo
if terraform output -no-color -raw summary | grep -q ': NO$'; then
  echo "error: a PSA read directly differs from the integration's view" >&2
  exit 1
fi
echo "Requests the PSA rooms answered for that apply (a ConnectWise listing is its page and the empty page that ends it):"
curl -fsS "$url/_emulator/counters" | grep -oE '"[^"]*": ?[0-9]+' | grep -iE 'v4_6_release|companyinfo|atservicesrest' | sed -E 's/^"(.*)": ?([0-9]+)$/  \2  \1/'

step "Billing reconciliation of this month (guide: Billing reconciliation in a plan), both PSAs"
# What Sophos bills against the lines the sync wrote into each PSA (and the ones made there
# by hand), read through the PSAs' own APIs with the blocks above. Since the sync, Kestrel
# added 5 Intercept X Advanced with XDR seats: Autotask is short of them until the next sync.
curl -fsS -X POST "$url/_emulator/billing/usage" -H 'Content-Type: application/json' \
  -d '{"customerId": "5546763d-f9ed-468f-a4a9-f882cc18d35c", "productCode": "CIXE1CSAA", "quantity": 5}' >/dev/null
echo "Kestrel Engineering GmbH: 5 Intercept X Advanced with XDR seats added since the sync"
cd "$work/reconcile"
tf plan -out=reconcile.tfplan >"$work/reconcile.txt" || { cat "$work/reconcile.txt"; echo "error: the reconciliation plan failed" >&2; exit 1; }
terraform show -json reconcile.tfplan >reconcile.json
terraform show -no-color reconcile.tfplan | sed -n '/reconciliation_summary/,/^$/p'
set +e
"$work/bin/plan-review" <reconcile.json
reconcile=$?
set -e
[[ $reconcile -le 1 ]] || { echo "error: could not read the reconciliation" >&2; exit 1; }

step "terraform plan again: expecting no changes"
for dir in "$work/connect" "$work/config" "$work/direct"; do
  cd "$dir"
  set +e
  tf plan -detailed-exitcode >"$work/plan.txt"
  code=$?
  set -e
  if [[ $code -ne 0 ]]; then
    cat "$work/plan.txt"
    echo "error: the second plan in $dir is not empty (exit code $code)" >&2
    exit 1
  fi
  echo "${dir#"$work"/}: $(grep -E '^No changes' "$work/plan.txt")"
done

step "Demo finished"
