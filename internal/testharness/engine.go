package testharness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Tests of features newer than some engines (resource identity, list resources, actions)
// are gated by what the engine of TF_ACC_TERRAFORM_PATH can do, not by its version alone:
// OpenTofu reports a Terraform-compatible version, and an OpenTofu that reaches 1.14
// without `query` or actions must skip those tests, not fail them. The engine is named
// explicitly with TF_ACC_ENGINE (terraform or opentofu; the make targets set it) and
// checked against what the binary says it is; a feature runs when the engine's version
// reaches the feature's minimum for that engine and, where the binary can be asked, the
// binary has it (`query -help` answers; `plan -invoke` is a flag it knows).

// Feature is a feature of the engine some acceptance tests need.
type Feature string

// The features tests are gated by.
const (
	FeatureIdentity Feature = "resource identity"
	FeatureQuery    Feature = "terraform query (list resources)"
	FeatureActions  Feature = "actions"
)

// engineKind is which engine a binary is.
type engineKind string

const (
	engineTerraform engineKind = "terraform"
	engineOpenTofu  engineKind = "opentofu"
)

// featureMinimum is, per engine, the first version with a feature; a feature missing from
// an engine's map is one the engine is not known to have (the probe decides).
var featureMinimum = map[engineKind]map[Feature]string{
	engineTerraform: {FeatureIdentity: "1.12.0", FeatureQuery: "1.14.0", FeatureActions: "1.14.0"},
	engineOpenTofu:  {FeatureIdentity: "1.12.0", FeatureQuery: "1.14.0", FeatureActions: "1.14.0"},
}

// featureProbe asks the binary, in an empty directory, whether it has a feature: the
// arguments to run, and the answer of a binary without it (a failure, or output containing
// absent). A feature without a probe is decided by version alone. Terraform's help does
// not list -invoke; an engine without it refuses the flag.
var featureProbe = map[Feature]struct {
	args   []string
	absent string
}{
	FeatureQuery:   {args: []string{"query", "-help"}},
	FeatureActions: {args: []string{"plan", "-invoke=action.probe.probe", "-no-color"}, absent: "flag provided but not defined"},
}

// engineInfo is what an engine binary says about itself.
type engineInfo struct {
	bin     string
	kind    engineKind
	version *version.Version

	mu     sync.Mutex
	probed map[Feature]string // lacks's answers, asked once
}

// describeEngine asks bin what it is and checks it against TF_ACC_ENGINE when set.
func describeEngine(bin, declared string) (*engineInfo, error) {
	out, err := exec.Command(bin, "version", "-json").Output() //nolint:gosec // the engine the test runner chose
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("reading %s version -json: %w", bin, err)
	}
	ver, err := version.NewVersion(v.Version)
	if err != nil {
		return nil, fmt.Errorf("%s reports version %q: %w", bin, v.Version, err)
	}
	text, err := exec.Command(bin, "version").Output() //nolint:gosec // the engine the test runner chose
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", bin, err)
	}
	kind := engineTerraform
	if bytes.HasPrefix(bytes.TrimSpace(text), []byte("OpenTofu")) {
		kind = engineOpenTofu
	}
	if declared != "" && engineKind(declared) != kind {
		return nil, fmt.Errorf("TF_ACC_ENGINE is %q, but %s says it is %s (%q); set TF_ACC_ENGINE to terraform or opentofu to match TF_ACC_TERRAFORM_PATH",
			declared, bin, kind, firstLine(string(text)))
	}
	return &engineInfo{bin: bin, kind: kind, version: ver, probed: map[Feature]string{}}, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// lacks says why the engine does not have feature f, or "" when it has it.
func (e *engineInfo) lacks(f Feature) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	why, ok := e.probed[f]
	if !ok {
		why = e.ask(f)
		e.probed[f] = why
	}
	return why
}

func (e *engineInfo) ask(f Feature) string {
	minimum, ok := featureMinimum[e.kind][f]
	if !ok {
		return fmt.Sprintf("%s %s has no %s", e.kind, e.version, f)
	}
	if e.version.LessThan(version.Must(version.NewVersion(minimum))) {
		return fmt.Sprintf("%s %s is older than %s, the first with %s", e.kind, e.version, minimum, f)
	}
	probe, ok := featureProbe[f]
	if !ok {
		return ""
	}
	dir, err := os.MkdirTemp("", "engine-probe")
	if err != nil {
		return "cannot probe the engine: " + err.Error()
	}
	defer os.RemoveAll(dir)                   //nolint:errcheck // a temporary directory
	cmd := exec.Command(e.bin, probe.args...) //nolint:gosec // the engine the test runner chose, asked about a flag
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	missing := err != nil
	if probe.absent != "" {
		missing = strings.Contains(string(out), probe.absent)
	}
	if missing {
		return fmt.Sprintf("%s %s has no %s (`%s` is refused)", e.kind, e.version, f, strings.Join(probe.args, " "))
	}
	return ""
}

var (
	testEngineOnce sync.Once
	testEngine     *engineInfo
	testEngineErr  error
)

// currentEngine describes the engine of TF_ACC_TERRAFORM_PATH once per test binary.
func currentEngine() (*engineInfo, error) {
	testEngineOnce.Do(func() {
		bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
		if bin == "" {
			testEngineErr = fmt.Errorf("TF_ACC_TERRAFORM_PATH is not set: acceptance tests need the engine binary")
			return
		}
		testEngine, testEngineErr = describeEngine(bin, os.Getenv("TF_ACC_ENGINE"))
	})
	return testEngine, testEngineErr
}

// EngineHas is a TerraformVersionCheck that skips a test unless the engine has every one of
// features; an engine that cannot be described fails the test.
func EngineHas(features ...Feature) tfversion.TerraformVersionCheck {
	return featureCheck{features: features, engine: currentEngine}
}

type featureCheck struct {
	features []Feature
	engine   func() (*engineInfo, error)
}

func (c featureCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	e, err := c.engine()
	if err != nil {
		resp.Error = err
		return
	}
	for _, f := range c.features {
		if why := e.lacks(f); why != "" {
			resp.Skip = "skipping: " + why
			return
		}
	}
}
