package testharness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	// reattach maps each provider address the engine is pointed at to its in-process server.
	reattach map[string]any
	factory  func() tfprotov6.ProviderServer
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
	c := &CLIEngine{t: t, bin: engine.bin, dir: t.TempDir(), reattach: map[string]any{}, factory: factory}
	c.ServeAs(ProviderHost() + "/hashicorp/sophos")
	return c
}

// ProviderHost is the registry host provider addresses of the engine are on:
// TF_ACC_PROVIDER_HOST, or registry.terraform.io.
func ProviderHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}

// ServeAs serves the provider under one more address, from a server of its own: what a
// configuration with two provider configurations of this provider (aliases, or a module's
// own) gets from Terraform, which starts a provider process per provider configuration,
// where one reattached server would serve them all with one configuration. A configuration
// uses it through required_providers { <name> = { source = "<address>" } }.
func (c *CLIEngine) ServeAs(address string) {
	c.t.Helper()
	c.reattach[address] = serveProvider(c.t, address, c.factory)
	all, err := json.Marshal(c.reattach)
	if err != nil {
		c.t.Fatal(err)
	}
	c.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(all), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
}

// serveProvider serves the provider under address until the test ends and returns the
// TF_REATTACH_PROVIDERS entry that points an engine at it.
func serveProvider(t *testing.T, address string, factory func() tfprotov6.ProviderServer) any {
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
	return map[string]any{
		"Protocol": cfg.Protocol, "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}
}

// Dir is the working directory.
func (c *CLIEngine) Dir() string { return c.dir }

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

// Start starts the engine with args in the background and returns the running command, whose
// combined output goes to out; the test waits for it or kills it (an apply stopped midway).
func (c *CLIEngine) Start(out *bytes.Buffer, args ...string) *exec.Cmd {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...) //nolint:gosec // the engine the test runner chose, with the test's arguments
	cmd.Dir, cmd.Env = c.dir, c.env
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("starting %s %s: %v", c.bin, strings.Join(args, " "), err)
	}
	return cmd
}

// Shell runs a shell script (bash) in the working directory, with the engine's environment
// and the engine on PATH as "terraform", for the docs' command lines (a plan piped into jq);
// it returns the script's output and exit code.
func (c *CLIEngine) Shell(script string) (string, int) {
	c.t.Helper()
	bin := filepath.Join(c.t.TempDir(), "bin")
	if err := os.MkdirAll(bin, 0o750); err != nil {
		c.t.Fatal(err)
	}
	if err := os.Symlink(c.bin, filepath.Join(bin, "terraform")); err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", script) //nolint:gosec // the test's own script, as the docs write it
	cmd.Dir, cmd.Env = c.dir, append(slices.Clip(c.env), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exitErr):
		return string(out), exitErr.ExitCode()
	default:
		c.t.Fatalf("running bash: %v", err)
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
