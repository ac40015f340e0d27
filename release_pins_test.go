package main

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow the release tests read.
type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Needs any `yaml:"needs"`
		Steps []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, path string) workflow {
	t.Helper()
	var w workflow
	if err := yaml.Unmarshal([]byte(readFile(t, path)), &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return w
}

var pinnedByCommit = regexp.MustCompile(`^[\w.-]+/[\w.-]+@[0-9a-f]{40}$`)

// TestWorkflowsPinActionsAndRunCI: every action of both workflows is pinned by commit;
// goreleaser by an exact version; the release's goreleaser job needs a job that runs .ci/run
// (so an untested build is never shipped), and pull requests run .ci/run.
func TestWorkflowsPinActionsAndRunCI(t *testing.T) {
	runsCI := func(w workflow, job string) bool {
		for _, s := range w.Jobs[job].Steps {
			if strings.Contains(s.Run, "bash .ci/run") {
				return true
			}
		}
		return false
	}
	for _, path := range []string{".github/workflows/release.yml", ".github/workflows/ci.yml"} {
		w := readWorkflow(t, path)
		for name, job := range w.Jobs {
			for _, s := range job.Steps {
				if s.Uses != "" && !pinnedByCommit.MatchString(s.Uses) {
					t.Errorf("%s: job %s uses %s, not pinned by commit", path, name, s.Uses)
				}
				if strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@") && !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(s.With["version"]) {
					t.Errorf("%s: goreleaser version %q, want an exact version", path, s.With["version"])
				}
			}
		}
	}

	release := readWorkflow(t, ".github/workflows/release.yml")
	var needs []string
	switch n := release.Jobs["goreleaser"].Needs.(type) {
	case string:
		needs = []string{n}
	case []any:
		for _, v := range n {
			needs = append(needs, v.(string)) //nolint:forcetypeassert // job names are strings
		}
	}
	if !slices.ContainsFunc(needs, func(job string) bool { return runsCI(release, job) }) {
		t.Errorf("the goreleaser job needs %v, none of which runs .ci/run", needs)
	}
	if runsCI(release, "goreleaser") {
		t.Error("the goreleaser job itself runs .ci/run: run it in a job the release waits for")
	}

	ci := readWorkflow(t, ".github/workflows/ci.yml")
	if _, ok := ci.On["pull_request"]; !ok {
		t.Error("ci.yml does not run on pull requests")
	}
	if !slices.ContainsFunc(slices.Collect(maps.Keys(ci.Jobs)), func(job string) bool { return runsCI(ci, job) }) {
		t.Error("ci.yml runs no .ci/run")
	}
}
