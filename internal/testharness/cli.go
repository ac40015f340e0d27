package testharness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLIEngine is the engine of TF_ACC_TERRAFORM_PATH run as a command in a directory of the
// test, with a provider served in-process through TF_REATTACH_PROVIDERS (as
// terraform-plugin-testing serves it): for flows terraform-plugin-testing has no step for
// (terraform query -generate-config-out, the text of warnings).
type CLIEngine struct {
	t        *testing.T
	bin, dir string
	env      []string
}

// NewCLIEngine skips the test unless TF_ACC is set and the engine of TF_ACC_TERRAFORM_PATH
// is at least minVersion (as `version -json` reports it) and has features (engine.go),
// then serves the provider factory makes as "sophos" for it.
func NewCLIEngine(t *testing.T, minVersion string, factory func() tfprotov6.ProviderServer, features ...Feature) *CLIEngine {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run acceptance tests")
	}
	engine, err := currentEngine()
	if err != nil {
		t.Fatal(err)
	}
	if want := version.Must(version.NewVersion(minVersion)); engine.version.LessThan(want) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", engine.version, want)
	}
	for _, f := range features {
		if why := engine.lacks(f); why != "" {
			t.Skip("skipping: " + why)
		}
	}
	bin := engine.bin
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	reattach := serveProvider(t, host+"/hashicorp/sophos", factory)
	return &CLIEngine{t: t, bin: bin, dir: t.TempDir(), env: append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")}
}

// serveProvider serves the provider under address until the test ends and returns the
// TF_REATTACH_PROVIDERS value that points an engine at it.
func serveProvider(t *testing.T, address string, factory func() tfprotov6.ProviderServer) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(address, factory,
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	reattach, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": cfg.Protocol, "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}

// Write writes a file of the working directory.
func (c *CLIEngine) Write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Read reads a file of the working directory.
func (c *CLIEngine) Read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name)) //nolint:gosec // a file the test wrote or had the engine write
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// Run runs the engine with args and returns its output and exit code; a failure to start
// fails the test.
func (c *CLIEngine) Run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...) //nolint:gosec // the engine the test runner chose, with the test's arguments
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitCode()
	default:
		c.t.Fatalf("running %s %s: %v", c.bin, strings.Join(args, " "), err)
		return "", -1
	}
}

// Stdout runs the engine and returns what it wrote to standard output, failing the test
// unless it exits with 0 (warnings on standard error are not part of the answer).
func (c *CLIEngine) Stdout(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...) //nolint:gosec // the engine the test runner chose, with the test's arguments
	cmd.Dir, cmd.Env = c.dir, c.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("%s %s: %v:\n%s", filepath.Base(c.bin), strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// MustRun runs the engine and fails the test unless it exits with 0.
func (c *CLIEngine) MustRun(args ...string) string {
	c.t.Helper()
	out, code := c.Run(args...)
	if code != 0 {
		c.t.Fatalf("%s %s exited with %d:\n%s", filepath.Base(c.bin), strings.Join(args, " "), code, out)
	}
	return out
}
