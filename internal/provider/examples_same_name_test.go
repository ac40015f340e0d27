package provider

import (
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

// planDirectPSAExamples plans, on e, the examples that read ConnectWise and Autotask through
// their own APIs (the demo's psa-direct and the guides' provider blocks), with the
// arguments their blocks leave out in the environment as make demo exports them, and the
// guides' variables given. Ephemeral variables need Terraform 1.10.
func planDirectPSAExamples(t *testing.T, e *emulator.Emulator, ca string, read func(string) string) {
	engine := newCLIEngine(t, "1.10.0")
	engine.ServeAs(testharness.ProviderHost() + "/example/sophos") // asSecondProvider
	sophos, cwMember, atUser := e.Credentials(), e.ConnectWiseMember(), e.AutotaskUser()
	for k, v := range map[string]string{
		envAuthURL: e.URL(), envAPIURL: e.URL(), envClientID: sophos.ClientID, envClientSecret: sophos.ClientSecret,
		"CONNECTWISE_SITE": e.TLSURL(), "CONNECTWISE_COMPANY_ID": cwMember.CompanyID, "CONNECTWISE_PUBLIC_KEY": cwMember.PublicKey,
		"CONNECTWISE_PRIVATE_KEY": cwMember.PrivateKey, "CONNECTWISE_CLIENT_ID": cwMember.ClientID, "CONNECTWISE_CA_CERTIFICATE_FILE": ca,
		"AUTOTASK_USERNAME": atUser.UserName, "AUTOTASK_SECRET": atUser.Secret, "AUTOTASK_INTEGRATION_CODE": atUser.IntegrationCode,
		"AUTOTASK_ZONE_LOOKUP_URL": e.AutotaskURL(), "AUTOTASK_CA_CERTIFICATE_FILE": ca,
	} {
		t.Setenv(k, v) // the provider is served in this process
	}
	requests := func() int { return cwRoomRequests(e) + autotaskRequests(e) }
	for _, c := range []struct {
		paths []string
		vars  []string
		// aliased: the example's second configuration of the provider (alias "direct"). A
		// reattached provider serves every configuration of an address from one server,
		// where Terraform starts a process per configuration (testharness.ServeAs); so here
		// that configuration is the provider under a second address, served on its own.
		aliased bool
	}{
		{paths: []string{"demo/psa-direct/main.tf"}, aliased: true},
		{paths: []string{"guides/connectwise/provider.tf"}, vars: []string{"connectwise_site=" + e.TLSURL(), "connectwise_company_id=" + cwMember.CompanyID,
			"connectwise_public_key=" + cwMember.PublicKey, "connectwise_private_key=" + cwMember.PrivateKey,
			"connectwise_client_id=" + cwMember.ClientID, "connectwise_ca_certificate_file=" + ca}},
		{paths: []string{"guides/autotask/provider.tf", "guides/autotask/recurring-contracts.tf"}, vars: []string{"autotask_username=" + atUser.UserName,
			"autotask_secret=" + atUser.Secret, "autotask_integration_code=" + atUser.IntegrationCode}},
	} {
		for _, p := range c.paths {
			text := read(p)
			if c.aliased {
				text = asSecondProvider(t, text)
			}
			engine.Write(strings.ReplaceAll(p, "/", "-"), text)
		}
		engine.MustRun("init", "-input=false", "-no-color")
		args := []string{"plan", "-input=false", "-no-color", "-lock=false"}
		for _, v := range c.vars {
			args = append(args, "-var", v)
		}
		before := requests()
		if out, code := engine.Run(args...); code != 0 {
			t.Errorf("example %v does not plan on the same-name seed (exit %d):\n%s", c.paths, code, out)
		} else if requests() == before {
			t.Errorf("example %v planned without reading the PSA's own API", c.paths)
		}
		for _, p := range c.paths {
			engine.Write(strings.ReplaceAll(p, "/", "-"), "")
		}
	}
}

// asSecondProvider rewrites an example's aliased configuration of the provider
// (`provider "sophos" { alias = "direct" ...}`, used as sophos.direct) into the provider
// under a second address (`second`, example/sophos), which the engine serves on a server of
// its own (ServeAs, in planDirectPSAExamples' engine).
func asSecondProvider(t *testing.T, text string) string {
	t.Helper()
	block := "provider \"sophos\" {\n  alias = \"direct\"\n"
	if !strings.Contains(text, block) {
		t.Fatalf("the example has no provider configuration with alias \"direct\":\n%s", text)
	}
	text = strings.Replace(text, block, "provider \"second\" {\n", 1)
	text = strings.ReplaceAll(text, "sophos.direct", "second")
	return strings.Replace(text, "required_providers {\n", "required_providers {\n    second = { source = \"example/sophos\" }\n", 1)
}

// TestAccExamplesWithCustomersOfTheSameName plans every documentation example that plans
// with this engine (resources, data sources, functions, guides, the demo, and those reading
// ConnectWise and Autotask directly) on the same-name seed: none
// keys a map by a name or picks a customer by a name that is not unique. Left out: the
// examples of newer engines (identity imports, actions, terraform query; their own tests
// run them), and the imports of a mapping or product that this seed does not have (the
// import tests run them where it does); none of those reads a name.
func TestAccExamplesWithCustomersOfTheSameName(t *testing.T) {
	engine := newCLIEngine(t, "1.8.0") // provider functions
	// Over HTTPS too, for the examples that read the PSAs' own APIs.
	e, ca := testharness.EmulatorTLSWith(t, emulator.Options{Seed: sameNameSeed()})
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
	plan([]string{reconciliationGuide})
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
	t.Run("reading the PSAs directly", func(t *testing.T) { planDirectPSAExamples(t, e, ca, read) })

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
