package provider

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Ownership with the engine itself: a duplicate block beside a mapping in state, a second
// workspace, two provider configurations, two workspaces applying at once and an apply
// stopped midway each end with exactly one owner per object and no customer unmapped.
// See provider_ownership.go and DESIGN.md ("One owner per object").

// ticketOnly is a ticket-only customer mapping of an Autotask customer and company.
func ticketOnly(customerID string, companyID int64) testharness.Attrs {
	return customerMapping("autotask", customerID, companyID, 0, nil, true)
}

// flat is engine output with its line wrapping undone.
func flat(out string) string { return strings.Join(strings.Fields(out), " ") }

// mustContain fails the test unless out (flattened) contains every phrase.
func mustContain(t *testing.T, out string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !strings.Contains(flat(out), p) {
			t.Errorf("output does not say %q:\n%s", p, out)
		}
	}
}

// stateAddresses is what `terraform state list` prints, one address a line, for args.
func stateAddresses(engine *testharness.CLIEngine, args ...string) []string {
	return strings.Fields(engine.Stdout(append([]string{"state", "list"}, args...)...))
}

// requireOneOwner fails the test unless the customer is mapped in Autotask and exactly one
// address of the engines' states holds that mapping.
func requireOneOwner(t *testing.T, c *client.Client, customerID string, engines ...*testharness.CLIEngine) {
	t.Helper()
	if m, _, err := c.GetCustomerMapping(context.Background(), api.PsaAutotask, customerID); err != nil || !m.Mapped {
		t.Errorf("customer %s: want it mapped, got %+v, %v", customerID, m, err)
	}
	var owners []string
	for _, engine := range engines {
		owners = append(owners, stateAddresses(engine, "-id=autotask/"+customerID)...)
	}
	if len(owners) != 1 {
		t.Errorf("customer %s: want exactly one owner, got %v", customerID, owners)
	}
}

// TestAccOwnership_duplicateBlock: a block added beside a mapping already in state fails the
// plan, naming the new block and how to find the one in state; removing it leaves the one
// owner. An import block into the second address fails the plan the same way. When the
// duplicate was imported anyway (terraform import, which plans nothing), every plan fails
// until one is forgotten; deleting its block fails the plan too (the destroy would unmap the
// customer under the other), and a removed block with destroy = false forgets it without
// unmapping anything.
func TestAccOwnership_duplicateBlock(t *testing.T) {
	engine := newCLIEngine(t, "1.7.0")
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	importID := "autotask/" + seedCustomerAlpine
	engine.Write("main.tf", testharness.Config(e).Resource("sophos_psa_customer_mapping", "prod", ticketOnly(seedCustomerAlpine, seedATCompanyAlpine)).String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	duplicate := testharness.NewConfig().Resource("sophos_psa_customer_mapping", "dup", ticketOnly(seedCustomerAlpine, seedATCompanyAlpine))
	engine.Write("dup.tf", duplicate.String())
	out, code := engine.Run("plan", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("a duplicate block: want the plan to fail, got exit %d:\n%s", code, out)
	}
	mustContain(t, out, "Customer mapped twice in this configuration", "with sophos_psa_customer_mapping.dup",
		"terraform state list -id="+importID)
	if got := stateAddresses(engine, "-id="+importID); len(got) != 1 || got[0] != "sophos_psa_customer_mapping.prod" {
		t.Errorf("the command the error names: want sophos_psa_customer_mapping.prod, got %v", got)
	}
	engine.Write("dup.tf", "")
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("without the duplicate: want no changes, got exit %d:\n%s", code, out)
	}
	requireOneOwner(t, c, seedCustomerAlpine, engine)

	// An import block into a second address is refused at plan, like the duplicate itself.
	engine.Write("dup.tf", duplicate.Block("import", testharness.Attrs{"to": testharness.Expr("sophos_psa_customer_mapping.dup"), "id": importID}).String())
	if out, code := engine.Run("plan", "-input=false", "-no-color"); code != 1 || !strings.Contains(flat(out), "Customer mapped twice in this configuration") {
		t.Fatalf("an import into a second address: want the plan to fail, got exit %d:\n%s", code, out)
	}
	// `terraform import`, which plans nothing, puts a second owner into state anyway: every
	// plan fails until one is forgotten.
	engine.Write("dup.tf", duplicate.String())
	engine.MustRun("import", "-input=false", "-no-color", "sophos_psa_customer_mapping.dup", importID)
	out, code = engine.Run("plan", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("two addresses in state for one mapping: want the plan to fail, got exit %d:\n%s", code, out)
	}
	mustContain(t, out, "Customer mapped twice in this configuration", "removed block (lifecycle { destroy = false })")
	engine.Write("dup.tf", "")
	out, code = engine.Run("plan", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("deleting the duplicate block would unmap the customer: want the plan to fail, got exit %d:\n%s", code, out)
	}
	mustContain(t, out, customerMappingDestroyedSummary, "removed block (lifecycle { destroy = false })")
	engine.Write("dup.tf", testharness.NewConfig().Raw("removed {\n  from = sophos_psa_customer_mapping.dup\n  lifecycle {\n    destroy = false\n  }\n}\n").String())
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("after forgetting the duplicate: want no changes, got exit %d:\n%s", code, out)
	}
	requireOneOwner(t, c, seedCustomerAlpine, engine)
}

// TestAccOwnership_secondWorkspace: a second state of the same configuration (a new
// workspace) takes over none of the first one's objects, the ConnectWise product included:
// its plan fails with one error per object, saying not to import it there; its destroy
// touches nothing, and the first workspace still has no changes.
func TestAccOwnership_secondWorkspace(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	engine.Write("main.tf", testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "bayside", ticketOnly(seedCustomerBayside, seedATCompanyBayside)).
		Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-WORKSPACES")).
		Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint)).
		String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	product := productIDByIdentifier(context.Background(), t, c, "TF-WORKSPACES")

	engine.MustRun("workspace", "new", "staging", "-no-color")
	out, code := engine.Run("plan", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("a second workspace: want the plan to fail, got exit %d:\n%s", code, out)
	}
	if n := strings.Count(out, notInStateSuffix+"\n"); n != 3 {
		t.Errorf("want one error per object (3), got %d:\n%s", n, out)
	}
	mustContain(t, out, "PSA customer mapping not in this state", "ConnectWise product not in this state", "PSA product mapping not in this state",
		"last written by an API client with this provider's client_id", "Another state of this configuration manages it", "do not import it here")
	engine.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")

	engine.MustRun("workspace", "select", "default", "-no-color")
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the first workspace: want no changes, got exit %d:\n%s", code, out)
	}
	if again := productIDByIdentifier(context.Background(), t, c, "TF-WORKSPACES"); again != product {
		t.Errorf("the product was replaced: %d, want %d", again, product)
	}
	requireOneOwner(t, c, seedCustomerBayside, engine)
}

// twoProvidersConfig maps customerID through two provider configurations: "sophos" and
// "second", an address of its own served by a server of its own (CLIEngine.ServeAs), as
// Terraform serves two provider configurations (aliases, or a module's provider) from two
// provider processes that share no plan.
func twoProvidersConfig(e *emulator.Emulator, customerID string, companyID int64) string {
	attrs := ticketOnly(customerID, companyID)
	return testharness.NewConfig().
		Raw("terraform {\n  required_providers {\n    sophos = { source = \"hashicorp/sophos\" }\n    second = { source = \"example/sophos\" }\n  }\n}\n").
		Provider(testharness.ProviderAttrs(e)).
		Block("provider", testharness.ProviderAttrs(e), "second").
		Resource("sophos_psa_customer_mapping", "a", attrs).
		Resource("sophos_psa_customer_mapping", "b", attrs.With(testharness.Attrs{"provider": testharness.Expr("second")})).
		String()
}

// TestAccOwnership_twoProviderConfigurations: two provider configurations mapping one
// customer pass the plan (they share nothing), and the apply leaves exactly one owner: the
// other resource's error names this configuration's own API client as the writer and never
// a console edit. Without the second block the plan is empty.
func TestAccOwnership_twoProviderConfigurations(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	engine.ServeAs(testharness.ProviderHost() + "/example/sophos")
	engine.Write("main.tf", twoProvidersConfig(e, seedCustomerHarborline, seedATCompanyHarborline))
	engine.MustRun("init", "-input=false", "-no-color")
	out, code := engine.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("one customer through two provider configurations: want the apply to fail for one of them, got exit %d:\n%s", code, out)
	}
	mustContain(t, out, "an API client with this provider's client_id ("+e.Credentials().ClientID+")")
	if strings.Contains(flat(out), "someone in the Sophos Central Partner console") || strings.Contains(flat(out), "edited it in Sophos Central") {
		t.Errorf("the error blames the console:\n%s", out)
	}
	requireOneOwner(t, c, seedCustomerHarborline, engine)
	kept := stateAddresses(engine)[0]
	name := strings.TrimPrefix(kept, "sophos_psa_customer_mapping.")
	config := testharness.NewConfig().
		Raw("terraform {\n  required_providers {\n    sophos = { source = \"hashicorp/sophos\" }\n    second = { source = \"example/sophos\" }\n  }\n}\n").
		Provider(testharness.ProviderAttrs(e)).
		Block("provider", testharness.ProviderAttrs(e), "second")
	attrs := ticketOnly(seedCustomerHarborline, seedATCompanyHarborline)
	if name == "b" {
		attrs = attrs.With(testharness.Attrs{"provider": testharness.Expr("second")})
	}
	engine.Write("main.tf", config.Resource("sophos_psa_customer_mapping", name, attrs).String())
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("with the one owner's block only: want no changes, got exit %d:\n%s", code, out)
	}
}

// TestAccOwnership_concurrentWorkspaces: two states apply overlapping configurations at the
// same time. Each customer ends with exactly one owner; the apply that lost the shared
// customer names this configuration's API client as the writer, never a console edit.
func TestAccOwnership_concurrentWorkspaces(t *testing.T) {
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	e.SetFaults(emulator.Faults{Latency: 100 * time.Millisecond}) // writes of both overlap
	one, two := newCLIEngine(t, "1.5.0"), newCLIEngine(t, "1.5.0")
	one.Write("main.tf", testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "alpine", ticketOnly(seedCustomerAlpine, seedATCompanyAlpine)).
		Resource("sophos_psa_customer_mapping", "bayside", ticketOnly(seedCustomerBayside, seedATCompanyBayside)).String())
	two.Write("main.tf", testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "bayside", ticketOnly(seedCustomerBayside, seedATCompanyBayside)).
		Resource("sophos_psa_customer_mapping", "harborline", ticketOnly(seedCustomerHarborline, seedATCompanyHarborline)).String())
	one.MustRun("init", "-input=false", "-no-color")
	two.MustRun("init", "-input=false", "-no-color")
	var wg sync.WaitGroup
	outs, codes := make([]string, 2), make([]int, 2)
	for i, engine := range []*testharness.CLIEngine{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			cmd := engine.Start(&out, "apply", "-auto-approve", "-input=false", "-no-color")
			codes[i] = 0
			if err := cmd.Wait(); err != nil {
				codes[i] = cmd.ProcessState.ExitCode()
			}
			outs[i] = out.String()
		}()
	}
	wg.Wait()
	e.SetFaults(emulator.Faults{})
	if (codes[0] == 0) == (codes[1] == 0) {
		t.Fatalf("want exactly one apply to fail (the shared customer has one owner), got exit codes %v:\n%s\n---\n%s", codes, outs[0], outs[1])
	}
	failed := outs[0]
	if codes[1] != 0 {
		failed = outs[1]
	}
	mustContain(t, failed, "an API client with this provider's client_id ("+e.Credentials().ClientID+")")
	if strings.Contains(flat(failed), "someone in the Sophos Central Partner console") {
		t.Errorf("the error blames the console:\n%s", failed)
	}
	for _, customer := range []string{seedCustomerAlpine, seedCustomerBayside, seedCustomerHarborline} {
		requireOneOwner(t, c, customer, one, two)
	}
}

// TestAccOwnership_killedApply: terraform is killed in the middle of an apply, while it waits
// for the answers of writes that were made, and the emulator is restarted on its database. The next
// plan lists every object the stopped apply made with its import block; the command the
// first error gives writes them all, with their addresses, into one file, and the apply
// after it converges: every object once in state and once in the API (no orphan, no
// duplicate), and a plan with no changes.
func TestAccOwnership_killedApply(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	db := filepath.Join(t.TempDir(), "emulator.db")
	first := emulator.StartForTest(t, emulator.Options{DBPath: db})
	customers := map[string]int64{seedCustomerAlpine: seedATCompanyAlpine, seedCustomerBayside: seedATCompanyBayside,
		seedCustomerHarborline: seedATCompanyHarborline, seedCustomerNorthgate: seedATCompanyNorthgate, seedCustomerTidewater: seedATCompanyTidewater}
	config := func(e *emulator.Emulator) string {
		cfg := testharness.Config(e).
			Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-KILLED")).
			Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint))
		for id, company := range customers {
			cfg = cfg.Resource("sophos_psa_customer_mapping", "c_"+id[:8], ticketOnly(id, company))
		}
		return cfg.String()
	}
	engine.Write("main.tf", config(first))
	engine.MustRun("init", "-input=false", "-no-color")

	// Two customer mappings and the product are made, but their answers never come (the
	// writes commit, the answers stall); terraform is killed while it waits for them.
	c1 := testharness.Client(t, first, testharness.FastRetries)
	first.InjectNext(emulator.InjectedFault{Kind: emulator.FaultStallAfterCommit, Method: http.MethodPut, PathPrefix: "/partner/v1/psa/autotask/customer-mappings/", Count: 2})
	first.InjectNext(emulator.InjectedFault{Kind: emulator.FaultStallAfterCommit, Method: http.MethodPost, PathPrefix: "/partner/v1/psa/connectwise/products", Count: 1})
	var out bytes.Buffer
	apply := engine.Start(&out, "apply", "-auto-approve", "-input=false", "-no-color")
	stalled := func() (n int) {
		ctx := context.Background()
		for id := range customers {
			if m, _, err := c1.GetCustomerMapping(ctx, api.PsaAutotask, id); err == nil && m.Mapped {
				n++
			}
		}
		if found, err := c1.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{Identifier: "TF-KILLED", IncludeInactive: true}); err == nil {
			n += len(found)
		}
		return n
	}
	for deadline := time.Now().Add(5 * time.Minute); stalled() < 3; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the apply did not make three objects:\n%s", out.String())
		}
	}
	if err := apply.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = apply.Wait()
	if err := first.Close(); err != nil { // the stalled requests end with their client
		t.Logf("closing the emulator: %v", err)
	}

	second := emulator.StartForTest(t, emulator.Options{DBPath: db})
	c := testharness.Client(t, second, testharness.FastRetries)
	engine.Write("main.tf", config(second))
	inState := 0 // OpenTofu refuses to list a state that was never written
	if out, code := engine.Run("state", "list"); code == 0 {
		inState = strings.Count(out, "sophos_")
	}
	if out, code := engine.Shell(importRecipe); code != 0 {
		t.Fatalf("the import command: exit %d:\n%s", code, out)
	}
	imports := engine.Read("imports.tf")
	blocks := strings.Count(imports, "import {")
	if blocks == 0 || strings.Contains(imports, "<NAME>") {
		plan, _ := engine.Run("plan", "-input=false", "-no-color")
		t.Logf("the plan:\n%s", plan)
		t.Fatalf("want import blocks with addresses for what the stopped apply made (%d resources in state), got:\n%s", inState, imports)
	}
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); code != 0 {
		t.Fatalf("after the import: want no changes, got exit %d:\n%s", code, out)
	}
	if got := stateAddresses(engine); len(got) != len(customers)+2 {
		t.Errorf("want every resource in state once, got %v", got)
	}
	for id := range customers {
		requireOneOwner(t, c, id, engine)
	}
	products, err := c.ListPSAProducts(context.Background(), api.PsaConnectwise, client.ProductQuery{Identifier: "TF-KILLED", IncludeInactive: true})
	if err != nil || len(products) != 1 {
		t.Errorf("want exactly one product TF-KILLED, got %v, %v", products, err)
	}
	if got := stateAddresses(engine, fmt.Sprintf("-id=%d", products[0].Id)); len(got) != 1 {
		t.Errorf("want the product owned once, got %v", got)
	}
}
