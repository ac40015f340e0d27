package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Two more customers of the default seed's partner, with the names of two it has already:
// 10 in 2,000 customers of a real MSP share a name.
const (
	seedCustomerNorthgateTwin = "6f1b6a0e-2f55-4c63-9d2b-7a3e1c9b0d11" // "Northgate Property Management"
	seedCustomerSummitTwin    = "8a2c7b1f-3e66-4d74-8e3c-8b4f2d0a1e22" // "Summit Outdoor Supply"
	seedCustomerSummit        = "1dbcf79e-6e1a-4361-a536-bee1e6403f4b"
)

// sameNameSeed is the default seed where two pairs of usage-billed customers share a name,
// all four with usage this month: the Northgate pair synced to ConnectWise, the Summit pair
// to Autotask, failing (their contracts are made inactive before the sync). Their companies,
// contracts and product mappings are none that an example maps.
func sameNameSeed() *emulator.Seed {
	s := emulator.DefaultSeed()
	p := &s.Partners[0]
	p.Tenants = append(p.Tenants,
		emulator.SeedTenant{ID: seedCustomerNorthgateTwin, Name: "Northgate Property Management", BillingType: "usage", DataRegion: "eu01", DataGeography: "IE"},
		emulator.SeedTenant{ID: seedCustomerSummitTwin, Name: "Summit Outdoor Supply", BillingType: "usage", DataRegion: "us01", DataGeography: "US"})
	contract := func(id int64) *int64 { return &id }
	p.CustomerMappings = append(p.CustomerMappings,
		emulator.SeedCustomerMapping{PSA: "connectwise", CustomerID: seedCustomerNorthgate, CompanyID: 260, ContractID: contract(511), UsageSyncEnabled: true},
		emulator.SeedCustomerMapping{PSA: "connectwise", CustomerID: seedCustomerNorthgateTwin, CompanyID: 266, ContractID: contract(517), UsageSyncEnabled: true},
		emulator.SeedCustomerMapping{PSA: "autotask", CustomerID: seedCustomerSummit, CompanyID: 29682016, ContractID: contract(29684015), UsageSyncEnabled: true},
		emulator.SeedCustomerMapping{PSA: "autotask", CustomerID: seedCustomerSummitTwin, CompanyID: 29682012, ContractID: contract(29684013), UsageSyncEnabled: true})
	p.ProductMappings = append(p.ProductMappings, emulator.SeedProductMapping{PSA: "connectwise", SophosProduct: "Sophos_Email_Advanced", PsaProductID: 106})
	for _, id := range []string{seedCustomerNorthgate, seedCustomerNorthgateTwin, seedCustomerSummit, seedCustomerSummitTwin} {
		p.BillingUsage.Lines = append(p.BillingUsage.Lines, emulator.SeedBillingLine{CustomerID: id, ProductCode: "CEMA1CSAA", Quantity: 10})
	}
	return s
}

// TestAccExamplesWithCustomersOfTheSameName plans every documentation example that plans
// with this engine (resources, data sources, functions, guides, the demo) on the same-name seed: none
// keys a map by a name or picks a customer by a name that is not unique. Left out: the
// examples of newer engines (identity imports, actions, terraform query; their own tests
// run them), and the imports of a mapping or product that this seed does not have (the
// import tests run them where it does); none of those reads a name.
func TestAccExamplesWithCustomersOfTheSameName(t *testing.T) {
	engine := newCLIEngine(t, "1.8.0") // provider functions
	ca := filepath.Join(t.TempDir(), "emulator-ca.pem")
	e, err := emulator.Start(context.Background(), emulator.Options{Seed: sameNameSeed(), TLSAddr: "127.0.0.1:0", CACertFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	for _, id := range []int64{29684015, 29684013} {
		if err := e.Admin().DeactivateContract(api.PsaAutotask, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, psa := range api.PSAs() {
		if _, err := e.Admin().SyncUsage(psa); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", path)) //nolint:gosec // an example of this repository
		if err != nil {
			t.Fatal(err)
		}
		// The provider as the test serves it, not from its registry.
		return testharness.AsServed(string(b))
	}
	// Provider functions need the provider in required_providers.
	root := testharness.RequiredProviders + testharness.ProviderBlock(e)
	main := root // the configuration's main.tf: the provider block
	plan := func(paths []string, args ...string) {
		t.Helper()
		engine.Write("main.tf", main)
		for _, p := range paths {
			name := filepath.Base(filepath.Dir(p)) + "-" + filepath.Base(p)
			engine.Write(name, read(p))
			defer engine.Write(name, "")
		}
		if out, code := engine.Run(append([]string{"plan", "-input=false", "-no-color", "-lock=false"}, args...)...); code != 0 {
			t.Errorf("example %v does not plan on the same-name seed (exit %d):\n%s", paths, code, out)
		}
	}
	engine.Write("main.tf", root)
	engine.MustRun("init", "-input=false", "-no-color")

	dataSources, err := filepath.Glob(filepath.Join("..", "..", "examples", "data-sources", "*", "data-source.tf"))
	if err != nil || len(dataSources) == 0 {
		t.Fatalf("no data-source examples: %v", err)
	}
	// The reconciliation reads the PSA's own API: its examples plan with the PSA blocks.
	withPSABlocks := testharness.RequiredProviders + testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{
		"connectwise": testharness.ConnectWiseBlock(e, ca), "autotask": testharness.AutotaskBlock(e, ca)})).String()
	for _, p := range dataSources {
		p = strings.TrimPrefix(p, filepath.Join("..", "..", "examples")+"/")
		if strings.Contains(p, "sophos_billing_reconciliation") {
			continue
		}
		plan([]string{p})
	}
	main = withPSABlocks
	plan([]string{"data-sources/sophos_billing_reconciliation/data-source.tf", "data-sources/sophos_billing_reconciliation/from-configuration.tf"})
	main = root
	for _, paths := range [][]string{
		{"resources/connectwise_product/resource.tf"},
		{"resources/sophos_connectwise_product/resource.tf"},
		{"resources/sophos_psa_customer_mapping/resource.tf"},
		{"resources/sophos_psa_product_mapping/resource.tf"},
		{"resources/sophos_psa_usage_sync_schedule/resource.tf", "resources/sophos_psa_usage_sync_schedule/import-by-string-id.tf"},
		{"functions/usage_rollup/function.tf"},
		{"guides/billing-review/review.tf"},
		{"guides/choosing-a-contract/main.tf"},
		{"guides/onboarding/import-for-each.tf"},
	} {
		plan(paths)
	}
	// The demo is a configuration of its own, with its provider block (whose settings come
	// from the environment there, from an override file here).
	engine.Write("main.tf", "")
	engine.Write("provider_override.tf", testharness.ProviderBlock(e))
	for _, p := range []string{"demo/main.tf", "demo/outputs.tf"} {
		engine.Write("demo-"+filepath.Base(p), read(p))
	}
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-lock=false"); code != 0 {
		t.Errorf("the demo does not plan on the same-name seed (exit %d):\n%s", code, out)
	}
	for _, f := range []string{"demo-main.tf", "demo-outputs.tf", "provider_override.tf"} {
		engine.Write(f, "")
	}

	// What connects the PSAs plans on a partner whose PSAs are not connected yet.
	for _, m := range []struct {
		psa api.Psa
		id  string
	}{{api.PsaConnectwise, seedCustomerNorthgate}, {api.PsaConnectwise, seedCustomerNorthgateTwin}, {api.PsaAutotask, seedCustomerSummit}, {api.PsaAutotask, seedCustomerSummitTwin}} {
		if err := e.Admin().DeleteCustomerMapping(m.psa, m.id); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Admin().DeleteProductMapping(api.PsaConnectwise, "Sophos_Email_Advanced"); err != nil {
		t.Fatal(err)
	}
	for _, psa := range api.PSAs() {
		if err := e.Admin().DisconnectIntegration(psa); err != nil {
			t.Fatal(err)
		}
	}
	plan([]string{"resources/sophos_psa_integration/resource.tf"}, "-var", "autotask_secret="+seedATSecret)
	engine.Write("main.tf", "")
	engine.Write("provider_override.tf", testharness.ProviderBlock(e))
	engine.Write("connect-main.tf", read("demo/connect/main.tf"))
	if out, code := engine.Run("plan", "-input=false", "-no-color", "-lock=false",
		"-var", "autotask_secret="+seedATSecret, "-var", "connectwise_private_key="+seedCWPrivate); code != 0 {
		t.Errorf("demo/connect does not plan (exit %d):\n%s", code, out)
	}
}
