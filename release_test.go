package main

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"gopkg.in/yaml.v3"

	"github.com/psa-iac/terraform-provider-sophos/internal/provider"
)

// Release plumbing: what a tag publishes, and under which terms.

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // a file of the repository
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLicenseIsMPL2: the full Mozilla Public License 2.0, Exhibit B included.
func TestLicenseIsMPL2(t *testing.T) {
	license := readFile(t, "LICENSE")
	for _, want := range []string{"Mozilla Public License Version 2.0", "1.14. \"You\" (or \"Your\")", "10.4. Distributing Source Code Form", "Exhibit B - \"Incompatible With Secondary Licenses\" Notice"} {
		if !strings.Contains(license, want) {
			t.Errorf("LICENSE lacks %q", want)
		}
	}
}

// TestReleaseSignsChecksumsOnTags: the workflow runs on v* tags only and hands goreleaser
// the imported key's fingerprint; goreleaser signs the checksum file with it, ships the
// registry manifest and runs no `go mod tidy` (a release builds what is committed).
func TestReleaseSignsChecksumsOnTags(t *testing.T) {
	var workflow struct {
		On struct {
			Push struct {
				Tags     []string `yaml:"tags"`
				Branches []string `yaml:"branches"`
			} `yaml:"push"`
		} `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, ".github/workflows/release.yml")), &workflow); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(workflow.On.Push.Tags, []string{"v*"}) || len(workflow.On.Push.Branches) > 0 {
		t.Errorf("the release runs on tags %v and branches %v, want tags v* only", workflow.On.Push.Tags, workflow.On.Push.Branches)
	}
	var gpg, goreleaser bool
	for _, job := range workflow.Jobs {
		for _, step := range job.Steps {
			gpg = gpg || strings.HasPrefix(step.Uses, "crazy-max/ghaction-import-gpg@")
			if strings.HasPrefix(step.Uses, "goreleaser/goreleaser-action@") {
				goreleaser = strings.Contains(step.Env["GPG_FINGERPRINT"], "fingerprint")
			}
		}
	}
	if !gpg || !goreleaser {
		t.Errorf("want a step importing the GPG key and goreleaser given its fingerprint (import %t, goreleaser %t)", gpg, goreleaser)
	}

	var cfg struct {
		Before struct {
			Hooks []string `yaml:"hooks"`
		} `yaml:"before"`
		Signs []struct {
			Artifacts string   `yaml:"artifacts"`
			Args      []string `yaml:"args"`
		} `yaml:"signs"`
		Release struct {
			ExtraFiles []struct {
				Glob string `yaml:"glob"`
			} `yaml:"extra_files"`
		} `yaml:"release"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, ".goreleaser.yml")), &cfg); err != nil {
		t.Fatal(err)
	}
	for _, h := range cfg.Before.Hooks {
		if strings.Contains(h, "go mod tidy") {
			t.Errorf("goreleaser runs %q before building", h)
		}
	}
	if len(cfg.Signs) != 1 || cfg.Signs[0].Artifacts != "checksum" || !slices.Contains(cfg.Signs[0].Args, "{{ .Env.GPG_FINGERPRINT }}") {
		t.Errorf("want the checksum file signed with GPG_FINGERPRINT, got %+v", cfg.Signs)
	}
	if len(cfg.Release.ExtraFiles) != 1 || cfg.Release.ExtraFiles[0].Glob != "terraform-registry-manifest.json" {
		t.Errorf("want the registry manifest in the release, got %+v", cfg.Release.ExtraFiles)
	}
}

// TestChangelogNamesEveryType: every resource, data source, list resource, action and
// function the provider serves is named on a "**New <kind>:**" line of the CHANGELOG.
func TestChangelogNamesEveryType(t *testing.T) {
	schema, err := providerserver.NewProtocol6(provider.New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	changelog := readFile(t, "CHANGELOG.md")
	for kind, names := range map[string][]string{
		"resource":      slices.Collect(maps.Keys(schema.ResourceSchemas)),
		"data source":   slices.Collect(maps.Keys(schema.DataSourceSchemas)),
		"list resource": slices.Collect(maps.Keys(schema.ListResourceSchemas)),
		"action":        slices.Collect(maps.Keys(schema.ActionSchemas)),
		"function":      slices.Collect(maps.Keys(schema.Functions)),
	} {
		for _, name := range names {
			found := false
			for line := range strings.SplitSeq(changelog, "\n") {
				if strings.Contains(line, "`"+name+"`") && strings.Contains(strings.ToLower(line), "**new "+kind) {
					found = true
				}
			}
			if !found {
				t.Errorf("CHANGELOG.md has no line naming %s %s", kind, name)
			}
		}
	}
}
