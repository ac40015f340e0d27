#!/usr/bin/env bash
# Builds Terraform, the current engine the acceptance tests run on (make test-terraform),
# from the Go module proxy into bin/terraform, for tests only: the binary is never shipped.
#
# The pinned version is the newest whose module zip the proxy serves (checked 2026-12:
# 1.16.4 is served; 1.16.5, 1.16.6 and 1.17.x answer "This module version is not
# available"). Move the pin up when a newer one is served.
#
# Terraform's go.mod replaces nine nested state-backend modules and internal/legacy with
# directories that its module zip does not contain, and the proxy does not serve those
# modules at the tag. The build drops them: their require and replace lines from go.mod,
# and the nine backends' imports and map entries from internal/backend/init/init.go. The
# result lacks the azurerm, consul, cos, gcs, kubernetes, oss, pg, s3 and oci backends;
# local, http, inmem, remote and cloud stay (the tests use local).
#
# Skipped when bin/terraform already reports the pinned version.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=1.16.4
out="$PWD/bin/terraform"
module=github.com/hashicorp/terraform
dropped_backends=(azure consul cos gcs kubernetes oci oss pg s3)

reported_version() {
  TF_CLI_CONFIG_FILE=/dev/null "$1" version -json 2>/dev/null |
    sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' || true
}

if [[ -x "$out" && "$(reported_version "$out")" == "$version" ]]; then
  echo "bin/terraform is Terraform $version"
  exit 0
fi

echo "building Terraform $version into bin/terraform (about 5 minutes on 2 cores when the build cache is cold)"
src="$(go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$src" && -f "$src/go.mod" ]] || { echo "error: go mod download $module@v$version gave no module directory" >&2; exit 1; }

work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"

cd "$work"
edits=()
for b in "${dropped_backends[@]}"; do
  edits+=("-droprequire=$module/internal/backend/remote-state/$b" "-dropreplace=$module/internal/backend/remote-state/$b")
done
edits+=("-droprequire=$module/internal/legacy" "-dropreplace=$module/internal/legacy")
go mod edit "${edits[@]}"

init=internal/backend/init/init.go
for b in "${dropped_backends[@]}"; do
  # The import line ("$module/internal/backend/remote-state/<b>") and the map entry that
  # calls its alias's New(): both name the alias the import declares.
  alias="$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$module/internal/backend/remote-state/$b\"$|\1|p" "$init")"
  [[ -n "$alias" ]] || { echo "error: $init of Terraform $version does not import the $b backend as expected; update tools/terraform/build.sh" >&2; exit 1; }
  sed -i -e "\|\"$module/internal/backend/remote-state/$b\"$|d" -e "/return $alias\.New()/d" "$init"
done
if grep -q 'remote-state/\(azure\|consul\|cos\|gcs\|kubernetes\|oci\|oss\|pg\|s3\)"' "$init"; then
  echo "error: $init still imports a dropped backend" >&2; exit 1
fi

mkdir -p "$(dirname "$out")"
CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$out.tmp" .
have="$(reported_version "$out.tmp")"
if [[ "$have" != "$version" ]]; then
  rm -f "$out.tmp"
  echo "error: the built binary reports Terraform '$have', not $version" >&2; exit 1
fi
mv "$out.tmp" "$out"
echo "bin/terraform is Terraform $version"
