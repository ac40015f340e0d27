#!/usr/bin/env bash
# Validates every example directory that has a .tfquery.hcl file (its .tf files too) with
# `terraform validate -query` of the engine given as $1 (make lint passes bin/terraform,
# the current Terraform: the terraform on PATH may predate query files). The provider is
# built from this checkout and handed to the engine with dev_overrides, so no registry and
# no init are needed.
set -euo pipefail
cd "$(dirname "$0")/.."
engine="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/plugins/terraform-provider-sophos" .
cat > "$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hashicorp/sophos" = "$tmp/plugins"
    "psa-iac/sophos"   = "$tmp/plugins"
  }
  direct {}
}
RC

status=0
while IFS= read -r dir; do
  # dev_overrides make validate work without init; they print a warning, on stderr only.
  if ! out="$(cd "$dir" && TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 "$engine" validate -query -no-color 2>&1)"; then
    echo "error: $dir is not valid:" >&2
    echo "$out" >&2
    status=1
  else
    echo "$dir: valid"
  fi
done < <(find examples -name '*.tfquery.hcl' -exec dirname {} \; | sort -u)
exit "$status"
