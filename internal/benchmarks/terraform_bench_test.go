//go:build unix

// This file is longer than the project's ~400 lines on purpose: the three benchmarks, the
// no-op provider they are compared with and the command runner that serves both to terraform
// are one measurement, read together.

// Package benchmarks times real terraform commands against the emulator: the provider is
// served in-process to the terraform binary (TF_REATTACH_PROVIDERS, as
// terraform-plugin-testing does it), next to a no-op provider served the same way, so each
// figure can be read against what terraform core and the plugin framework cost on their own.
// Only `go test -bench` runs anything here; timings are reported, never asserted.
// The package has test files only: nothing, least of all the provider binary, imports it.
package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	frameworkprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/provider"
)

// Each benchmark runs, per iteration, on a fresh emulator: terraform init, an apply that
// creates N resources (plan and apply in one command), a plan that refreshes the N
// unchanged resources and must be empty, and a destroy, each command with a provider server
// of its own (as terraform starts a provider process per command). For each command it
// reports the wall time ("<command>-s"), the CPU time ("<command>-cpu-s": terraform's plus
// this process's, which serves the provider and the emulator) and the API requests the
// emulator counted ("<command>-requests"). Sub-benchmarks: "noop" (the no-op provider, a
// configuration of the same shape and count, no API), "latency=0ms" and "latency=100ms"
// (the emulator's Latency fault on every request). The parent then prints a table of all
// three with the ratios to noop, and the requests by route.

const (
	sophosAddress = "registry.terraform.io/psa-iac/sophos"
	noopAddress   = "registry.terraform.io/psa-iac/noop"
	noopType      = "noop_resource"
)

// Seeded PSA products (internal/emulator/seed/default.yaml) the product mappings map to.
const (
	seedCWIXA         = 102      // ConnectWise SOPHOS-CIX-ADV
	seedATMDRComplete = 29680003 // Autotask MDR Complete
)

// BenchmarkTerraformCustomerMappings maps 1,000 synthetic customers to their Autotask
// company and contract.
func BenchmarkTerraformCustomerMappings(b *testing.B) {
	benchTerraform(b, scenario{
		what:       "customer mappings",
		n:          1000,
		sophosType: "sophos_psa_customer_mapping",
		prepare: func(ctx context.Context, e *emulator.Emulator) (func(string) string, error) {
			if _, err := e.Admin().SynthesizeResult(emulator.SynthOptions{Customers: 1000}); err != nil {
				return nil, fmt.Errorf("synthesizing customers: %w", err)
			}
			return customerMappings(ctx, e)
		},
	})
}

// BenchmarkTerraformProductMappings maps the 25 Sophos products with usage in both PSAs:
// 50 product mappings.
func BenchmarkTerraformProductMappings(b *testing.B) {
	benchTerraform(b, scenario{
		what:       "product mappings",
		n:          50,
		sophosType: "sophos_psa_product_mapping",
		prepare:    productMappings,
	})
}

// BenchmarkTerraformConnectWiseProducts creates 200 ConnectWise catalog products.
func BenchmarkTerraformConnectWiseProducts(b *testing.B) {
	benchTerraform(b, scenario{
		what:       "ConnectWise products",
		n:          200,
		sophosType: "sophos_connectwise_product",
		prepare: func(context.Context, *emulator.Emulator) (func(string) string, error) {
			return func(typ string) string {
				return fmt.Sprintf(`
resource %q "bulk" {
  count = 200

  identifier  = "TF-BULK-${count.index}"
  description = "Bulk product ${count.index}"
  subcategory = "Managed Services"
  type        = "Service"
}
`, typ)
			}, nil
		},
	})
}

// scenario is one benchmark's configuration.
type scenario struct {
	what       string
	n          int    // resources created
	sophosType string // the resource type; the no-op provider's is noopType
	// prepare seeds emulator e and returns the configuration's resources for a resource
	// type (without provider blocks).
	prepare func(ctx context.Context, e *emulator.Emulator) (func(resourceType string) string, error)
}

var (
	warmUp    sync.Once
	warmUpErr error
)

// commands are the terraform commands each iteration runs, in order.
var commands = []string{"init", "apply", "plan", "destroy"}

// measurement is what one command cost.
type measurement struct {
	wall time.Duration
	// cpu is terraform's CPU time plus this process's (provider and emulator) during the
	// command: steadier than wall time on a loaded machine.
	cpu    time.Duration
	routes map[string]int
}

func (m measurement) requests() int {
	total := 0
	for _, n := range m.routes {
		total += n
	}
	return total
}

// result is one sub-benchmark's per-command figures, averaged over b.N.
type result struct {
	name string
	per  map[string]measurement
}

func benchTerraform(b *testing.B, sc scenario) {
	terraform := terraformPath(b)
	// The first run of terraform reads its binary from disk: not the no-op provider's cost.
	warmUp.Do(func() { warmUpErr = exec.Command(terraform, "version").Run() }) //nolint:gosec // the terraform binary the developer chose
	if warmUpErr != nil {
		b.Fatalf("%s version: %v", terraform, warmUpErr)
	}
	var results []result
	run := func(name string, latency time.Duration, noop bool) {
		b.Run(name, func(b *testing.B) {
			r := result{name: name, per: map[string]measurement{}}
			for range b.N {
				for cmd, m := range runOnce(b, terraform, sc, latency, noop) {
					acc := r.per[cmd]
					acc.wall += m.wall
					acc.cpu += m.cpu
					if acc.routes == nil {
						acc.routes = map[string]int{}
					}
					for route, n := range m.routes {
						acc.routes[route] += n
					}
					r.per[cmd] = acc
				}
			}
			for _, cmd := range commands {
				m := r.per[cmd]
				m.wall /= time.Duration(b.N)
				m.cpu /= time.Duration(b.N)
				for route := range m.routes {
					m.routes[route] /= b.N
				}
				r.per[cmd] = m
				b.ReportMetric(m.wall.Seconds(), cmd+"-s")
				b.ReportMetric(m.cpu.Seconds(), cmd+"-cpu-s")
				if !noop {
					b.ReportMetric(float64(m.requests()), cmd+"-requests")
				}
			}
			results = append(results, r)
		})
	}
	run("noop", 0, true)
	run("latency=0ms", 0, false)
	run("latency=100ms", 100*time.Millisecond, false)
	// Printed, not logged: the testing package shows a parent benchmark's log only with -v,
	// and any benchmark's log cut to ten lines.
	fmt.Printf("\n%s: %s, N=%d (cpu: terraform's, plus this process's: provider and emulator)\n%s\n\n", b.Name(), sc.what, sc.n, table(results))
	var last result
	for _, r := range results {
		if r.name == "noop" {
			continue
		}
		for _, cmd := range commands {
			m := r.per[cmd]
			switch {
			case m.requests() == 0:
			case last.per != nil && maps.Equal(m.routes, last.per[cmd].routes):
				fmt.Printf("  %s, %s: the requests of %s\n", r.name, cmd, last.name)
			default:
				fmt.Printf("  %s, %s: %d requests by route%s\n", r.name, cmd, m.requests(), byRoute(m.routes))
			}
		}
		last = r
	}
	fmt.Println()
}

// runOnce runs init, apply, plan and destroy once on a fresh emulator; only the commands
// are timed.
func runOnce(b *testing.B, terraform string, sc scenario, latency time.Duration, noop bool) map[string]measurement {
	b.StopTimer()
	ctx := context.Background()
	e, err := emulator.Start(ctx, emulator.Options{})
	if err != nil {
		b.Fatalf("starting the emulator: %v", err)
	}
	defer func() {
		// The provider's HTTP client may still hold an idle connection; the emulator then
		// closes it after a grace period and says so. That is no failure.
		if err := e.Close(); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			b.Errorf("closing the emulator: %v", err)
		}
	}()
	resources, err := sc.prepare(ctx, e)
	if err != nil {
		b.Fatal(err)
	}
	e.SetFaults(emulator.Faults{Latency: latency})

	dir := b.TempDir()
	address, newProvider, config := sophosAddress, provider.New("bench"), sophosConfig(e)+resources(sc.sophosType)
	if noop {
		address, newProvider, config = noopAddress, func() frameworkprovider.Provider { return &noopProvider{} }, noopConfig+resources(noopType)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		b.Fatal(err)
	}
	// An empty CLI configuration: terraform warns when the default one is missing.
	cliConfig := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		b.Fatal(err)
	}

	out := map[string]measurement{}
	for _, cmd := range commands {
		args := map[string][]string{
			"init":    {"init", "-input=false", "-no-color"},
			"apply":   {"apply", "-input=false", "-no-color", "-auto-approve"},
			"plan":    {"plan", "-input=false", "-no-color", "-detailed-exitcode"},
			"destroy": {"destroy", "-input=false", "-no-color", "-auto-approve"},
		}[cmd]
		reattach, stop, err := serveProvider(b, address, provider.NewProtocolServer(newProvider))
		if err != nil {
			b.Fatalf("serving %s: %v", address, err)
		}
		e.ResetCounters()
		c := exec.CommandContext(ctx, terraform, args...) //nolint:gosec // the terraform binary the developer chose
		c.Dir = dir
		c.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_CLI_CONFIG_FILE="+cliConfig,
			"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		var output bytes.Buffer
		c.Stdout, c.Stderr = &output, &output
		b.StartTimer()
		start, startCPU := time.Now(), processCPU()
		err = c.Run()
		wall, cpu := time.Since(start), processCPU()-startCPU
		b.StopTimer()
		stop()
		if c.ProcessState != nil {
			cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		}
		out[cmd] = measurement{wall: wall, cpu: cpu, routes: e.Counters()}
		if exit := (*exec.ExitError)(nil); cmd == "plan" && errors.As(err, &exit) && exit.ExitCode() == 2 {
			b.Fatalf("terraform plan after the apply is not empty\n%s", tail(output.String()))
		}
		if err != nil {
			b.Fatalf("terraform %s: %v\n%s", cmd, err, tail(output.String()))
		}
		if want := wantSummary(cmd, sc.n); want != "" && !strings.Contains(output.String(), want) {
			b.Fatalf("terraform %s: want %q in the output\n%s", cmd, want, tail(output.String()))
		}
	}
	return out
}

// wantSummary is what the output of cmd must say, so a wrong configuration cannot pass for
// a fast one; the plan ran with -detailed-exitcode, which fails on any change.
func wantSummary(cmd string, n int) string {
	switch cmd {
	case "apply":
		return fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed.", n)
	case "destroy":
		return fmt.Sprintf("Resources: %d destroyed.", n)
	default:
		return ""
	}
}

// terraformPath is TF_ACC_TERRAFORM_PATH, else terraform on PATH; the benchmark is skipped
// without one.
func terraformPath(b *testing.B) string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		b.Skip("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
	}
	return p
}

// serveProvider serves a provider in this process for one terraform command, as
// terraform-plugin-testing does, and returns the TF_REATTACH_PROVIDERS value that points
// terraform at it and a function that stops it.
func serveProvider(b *testing.B, address string, factory func() tfprotov6.ProviderServer) (string, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, factory,
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithLoggingSink(logSink{b}),
			tf6server.WithGoPluginLogger(hclog.New(&hclog.LoggerOptions{Output: io.Discard, Level: hclog.Off})),
			tf6server.WithoutLogStderrOverride())
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case err := <-served:
		cancel()
		if err == nil {
			err = errors.New("Serve returned without an error")
		}
		return "", nil, fmt.Errorf("the provider server stopped before it was ready: %w", err)
	}
	type addr struct{ Network, String string }
	reattach, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol":        string(cfg.Protocol),
		"ProtocolVersion": cfg.ProtocolVersion,
		"Pid":             cfg.Pid,
		"Test":            cfg.Test,
		"Addr":            addr{cfg.Addr.Network(), cfg.Addr.String()},
	}})
	if err != nil {
		cancel()
		return "", nil, err
	}
	return string(reattach), func() { cancel(); <-closeCh }, nil
}

// logSink names the benchmark to the provider's logging sink, which, as in the acceptance
// tests, writes nothing unless TF_LOG is set (then to stderr or TF_LOG_PATH).
type logSink struct{ *testing.B }

// Parallel completes the testing interface the sink takes; the sink only asks for Name.
func (logSink) Parallel() {}

// sophosConfig is the terraform block and the provider block for emulator e.
func sophosConfig(e *emulator.Emulator) string {
	c := e.Credentials()
	return fmt.Sprintf(`
terraform {
  required_providers {
    sophos = { source = "psa-iac/sophos" }
  }
}

provider "sophos" {
  auth_url      = %q
  api_url       = %q
  client_id     = %q
  client_secret = %q
}
`, e.URL(), e.URL(), c.ClientID, c.ClientSecret)
}

const noopConfig = `
terraform {
  required_providers {
    noop = { source = "psa-iac/noop" }
  }
}
`

// newClient is an API client on emulator e, for reading what the configuration refers to.
func newClient(e *emulator.Emulator) (*client.Client, error) {
	c := e.Credentials()
	return client.New(client.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, PartnerID: c.PartnerID,
		AuthURL: e.URL(), APIURL: e.URL(), MaxRetries: 3})
}

// customerMappings maps every synthetic customer to its own Autotask company and contract,
// with literal ids, as a generated or hand-kept configuration has them.
func customerMappings(ctx context.Context, e *emulator.Emulator) (func(string) string, error) {
	c, err := newClient(e)
	if err != nil {
		return nil, err
	}
	customers, err := c.ListTenants(ctx)
	if err != nil {
		return nil, err
	}
	companies, err := c.ListPSACompanies(ctx, api.PsaAutotask, client.CompanyQuery{Search: "Synth Customer"})
	if err != nil {
		return nil, err
	}
	contracts, err := c.ListPSAContracts(ctx, api.PsaAutotask, client.ContractQuery{})
	if err != nil {
		return nil, err
	}
	companyIDs, contractIDs := map[string]int64{}, map[string]int64{}
	for _, co := range companies {
		companyIDs[co.Name] = co.Id
	}
	for _, k := range contracts {
		contractIDs[k.Name] = k.Id
	}
	var bodies []string
	for _, cu := range customers {
		if !strings.HasPrefix(cu.Name, "Synth Customer ") {
			continue
		}
		bodies = append(bodies, fmt.Sprintf(
			"%q {\n  psa                = \"autotask\"\n  customer_id        = %q\n  company_id         = %d\n  contract_id        = %d\n  usage_sync_enabled = true\n}\n",
			"c"+strings.TrimPrefix(cu.Name, "Synth Customer "), cu.Id, companyIDs[cu.Name], contractIDs[cu.Name+" - Sophos MSP Flex"]))
	}
	return func(typ string) string {
		var b strings.Builder
		for _, body := range bodies {
			fmt.Fprintf(&b, "\nresource %q %s", typ, body)
		}
		return b.String()
	}, nil
}

// productMappings maps every Sophos product with usage to one product of each PSA, by a
// literal for_each over the products' names (the same names for the no-op provider).
func productMappings(ctx context.Context, e *emulator.Emulator) (func(string) string, error) {
	c, err := newClient(e)
	if err != nil {
		return nil, err
	}
	type psaMapping struct {
		psa     api.Psa
		product int64
		names   []string
	}
	mappings := []psaMapping{{psa: api.PsaConnectwise, product: seedCWIXA}, {psa: api.PsaAutotask, product: seedATMDRComplete}}
	for i, m := range mappings {
		ms, err := c.ListProductMappings(ctx, m.psa)
		if err != nil {
			return nil, err
		}
		for _, pm := range ms {
			mappings[i].names = append(mappings[i].names, strconv.Quote(pm.SophosProduct))
		}
	}
	return func(typ string) string {
		var b strings.Builder
		for _, m := range mappings {
			fmt.Fprintf(&b, `
resource %[1]q %[2]q {
  for_each = toset([%[3]s])

  psa            = %[2]q
  sophos_product = each.key
  psa_product_id = %[4]d
}
`, typ, m.psa, strings.Join(m.names, ", "), m.product)
		}
		return b.String()
	}, nil
}

// byRoute lists the routes of a count, busiest first.
func byRoute(routes map[string]int) string {
	keys := make([]string, 0, len(routes))
	for k := range routes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if routes[keys[i]] != routes[keys[j]] {
			return routes[keys[i]] > routes[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n    %5d  %s", routes[k], k)
	}
	return b.String()
}

// table renders results: per command, one row per sub-benchmark, with its ratio to noop.
func table(results []result) string {
	var noop map[string]measurement
	for _, r := range results {
		if r.name == "noop" {
			noop = r.per
		}
	}
	ratio := func(v, base time.Duration) string {
		if base <= 0 {
			return ""
		}
		return fmt.Sprintf("×%.2f", v.Seconds()/base.Seconds())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  %-8s %-14s %8s %9s %7s %9s %7s", "command", "provider", "requests", "wall", "/noop", "cpu", "/noop")
	for _, cmd := range commands {
		for _, r := range results {
			m, requests, wallRatio, cpuRatio := r.per[cmd], "-", "", ""
			if r.name != "noop" {
				requests = strconv.Itoa(m.requests())
				if base, ok := noop[cmd]; ok {
					wallRatio, cpuRatio = ratio(m.wall, base.wall), ratio(m.cpu, base.cpu)
				}
			}
			fmt.Fprintf(&b, "\n  %-8s %-14s %8s %8.2fs %7s %8.2fs %7s", cmd, r.name, requests, m.wall.Seconds(), wallRatio, m.cpu.Seconds(), cpuRatio)
		}
	}
	return b.String()
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// tail is the end of a command's output, for failure messages.
func tail(s string) string {
	const keep = 4000
	if len(s) > keep {
		return "…" + s[len(s)-keep:]
	}
	return s
}

// noopSequence numbers the no-op resources.
var noopSequence atomic.Int64

// noopProvider is a provider with one resource, noop_resource, that keeps what it is
// configured with and calls nothing: terraform core and the framework's cost alone.
type noopProvider struct{}

func (*noopProvider) Metadata(_ context.Context, _ frameworkprovider.MetadataRequest, resp *frameworkprovider.MetadataResponse) {
	resp.TypeName = "noop"
}

func (*noopProvider) Schema(context.Context, frameworkprovider.SchemaRequest, *frameworkprovider.SchemaResponse) {
}

func (*noopProvider) Configure(context.Context, frameworkprovider.ConfigureRequest, *frameworkprovider.ConfigureResponse) {
}

func (*noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return noopResource{} }}
}

func (*noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noopResource has the configured attributes of every benchmarked resource type.
type noopResource struct{}

type noopModel struct {
	ID               types.String `tfsdk:"id"`
	PSA              types.String `tfsdk:"psa"`
	CustomerID       types.String `tfsdk:"customer_id"`
	CompanyID        types.Int64  `tfsdk:"company_id"`
	ContractID       types.Int64  `tfsdk:"contract_id"`
	UsageSyncEnabled types.Bool   `tfsdk:"usage_sync_enabled"`
	SophosProduct    types.String `tfsdk:"sophos_product"`
	PSAProductID     types.Int64  `tfsdk:"psa_product_id"`
	Identifier       types.String `tfsdk:"identifier"`
	Description      types.String `tfsdk:"description"`
	Subcategory      types.String `tfsdk:"subcategory"`
	Type             types.String `tfsdk:"type"`
}

func (noopResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resource"
}

func (noopResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"psa":                schema.StringAttribute{Optional: true},
		"customer_id":        schema.StringAttribute{Optional: true},
		"company_id":         schema.Int64Attribute{Optional: true},
		"contract_id":        schema.Int64Attribute{Optional: true},
		"usage_sync_enabled": schema.BoolAttribute{Optional: true},
		"sophos_product":     schema.StringAttribute{Optional: true},
		"psa_product_id":     schema.Int64Attribute{Optional: true},
		"identifier":         schema.StringAttribute{Optional: true},
		"description":        schema.StringAttribute{Optional: true},
		"subcategory":        schema.StringAttribute{Optional: true},
		"type":               schema.StringAttribute{Optional: true},
	}}
}

func (noopResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m noopModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue(strconv.FormatInt(noopSequence.Add(1), 10))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noopResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m noopModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
