package testharness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// fakeEngine writes a shell script that answers `version`, `version -json`, `query -help`
// and `plan -invoke=...` as an engine called name at version would, with or without query
// and -invoke.
func fakeEngine(t *testing.T, name, ver string, query, invoke bool) string {
	t.Helper()
	plan := "flag provided but not defined: -invoke"
	if invoke {
		plan = "Error: No configuration files"
	}
	queryExit := 1
	if query {
		queryExit = 0
	}
	script := fmt.Sprintf(`#!/bin/sh
case "$1 $2" in
"version -json") printf '{"terraform_version":"%[2]s","platform":"linux_amd64"}\n' ;;
"version "*) printf '%[1]s v%[2]s\non linux_amd64\n' ;;
"query -help") echo 'Usage: query'; exit %[3]d ;;
"plan -invoke="*) echo '%[4]s'; exit 1 ;;
*) echo "unknown command $1" >&2; exit 127 ;;
esac
`, name, ver, queryExit, plan)
	path := filepath.Join(t.TempDir(), "engine")
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil { //nolint:gosec // an executable of the test
		t.Fatal(err)
	}
	return path
}

// TestEngineFeatureGate: tests of identity, query and actions run where the engine has them
// and skip where it does not, by what the engine can do, not only its version; an engine
// that is not the one TF_ACC_ENGINE names fails the test.
func TestEngineFeatureGate(t *testing.T) {
	t.Parallel()
	all := []Feature{FeatureIdentity, FeatureQuery, FeatureActions}
	for _, tc := range []struct {
		name, engine, version, declared string
		query, invoke                   bool
		runs                            []Feature
		wantErr                         string
	}{
		{name: "Terraform 1.11", engine: "Terraform", version: "1.11.4", declared: "terraform"},
		{name: "Terraform 1.16", engine: "Terraform", version: "1.16.4", declared: "terraform", query: true, invoke: true, runs: all},
		{name: "OpenTofu 1.12", engine: "OpenTofu", version: "1.12.6", declared: "opentofu", runs: []Feature{FeatureIdentity}},
		// The case the gate exists for: a version past 1.14 without the commands.
		{name: "OpenTofu 1.14 without query or actions", engine: "OpenTofu", version: "1.14.0", declared: "opentofu", runs: []Feature{FeatureIdentity}},
		{name: "OpenTofu 1.14 with query only", engine: "OpenTofu", version: "1.14.0", query: true, runs: []Feature{FeatureIdentity, FeatureQuery}},
		{name: "engine not the one declared", engine: "OpenTofu", version: "1.12.6", declared: "terraform", wantErr: "TF_ACC_ENGINE is \"terraform\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bin := fakeEngine(t, tc.engine, tc.version, tc.query, tc.invoke)
			describe := func() (*engineInfo, error) { return describeEngine(bin, tc.declared) }
			for _, f := range all {
				var resp tfversion.CheckTerraformVersionResponse
				featureCheck{features: []Feature{f}, engine: describe}.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{}, &resp)
				if tc.wantErr != "" {
					if resp.Error == nil || !strings.Contains(resp.Error.Error(), tc.wantErr) {
						t.Errorf("%s: error %v, want one containing %q", f, resp.Error, tc.wantErr)
					}
					continue
				}
				if resp.Error != nil {
					t.Fatalf("%s: %v", f, resp.Error)
				}
				wantRun := false
				for _, r := range tc.runs {
					wantRun = wantRun || r == f
				}
				if ran := resp.Skip == ""; ran != wantRun {
					t.Errorf("%s: runs = %v (skip %q), want %v", f, ran, resp.Skip, wantRun)
				}
			}
		})
	}
}
