package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// A mapping whose contract was cancelled, deleted or made inactive in the PSA (since the last
// apply, or before someone imports the mapping as the console has it) plans with a warning
// on contract_id while the plan leaves it as it is; an edit the API would refuse fails.

// tidewaterInConsole maps Tidewater in Autotask to its contract 29684016 with usage sync on,
// as someone in the console would, and then changes the contract in the PSA with stale.
func tidewaterInConsole(t *testing.T, e *emulator.Emulator, stale func(api.Psa, int64) error) {
	t.Helper()
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, false)
	if err := stale(api.PsaAutotask, seedATContractTidewater); err != nil {
		t.Fatal(err)
	}
}

// TestPSACustomerMappingModifyPlan_staleContract plans, through the provider's protocol
// server (plugin-testing cannot see warnings), Tidewater's mapping with usage sync on and a
// contract that is no longer usable: unchanged, it warns on contract_id with what is wrong,
// that billing stopped and how to fix it, with or without the health the last refresh keeps
// in private state (an import planned without its refresh has none); an edit fails.
func TestPSACustomerMappingModifyPlan_staleContract(t *testing.T) {
	prior := psaCustomerMappingModel{
		ID:  types.StringValue("autotask/" + seedCustomerTidewater),
		PSA: types.StringValue("autotask"),
		customerMappingFields: customerMappingFields{
			CustomerID:        types.StringValue(seedCustomerTidewater),
			CustomerName:      types.StringValue("Tidewater Marine Services"),
			CompanyID:         types.Int64Value(seedATCompanyTidewater),
			CompanyName:       types.StringValue("Tidewater Marine Services"),
			ContractID:        types.Int64Value(seedATContractTidewater),
			ContractName:      types.StringValue("Tidewater - Sophos MSP Flex"),
			UsageSyncEnabled:  types.BoolValue(true),
			TicketSyncEnabled: types.BoolValue(false),
		},
	}
	cancelled := `Contract 29684016 ("Tidewater - Sophos MSP Flex") of customer "Tidewater Marine Services" (` + seedCustomerTidewater + `) was cancelled in the PSA`
	for name, tc := range map[string]struct {
		stale    func(*emulator.Emulator) func(api.Psa, int64) error
		health   *customerMappingHealth // nil: no private state
		edit     bool                   // the plan switches ticket sync on
		severity tfprotov6.DiagnosticSeverity
		summary  string
		phrases  []string
	}{
		"cancelled": {
			stale:  func(e *emulator.Emulator) func(api.Psa, int64) error { return e.Admin().CancelContract },
			health: &customerMappingHealth{BillingType: "usage", ContractStatus: "cancelled"}, severity: tfprotov6.DiagnosticSeverityWarning,
			summary: "Mapped contract cancelled",
			phrases: []string{cancelled, "so the customer's usage can no longer sync to it: billing this customer through Autotask PSA has stopped",
				"The plan keeps the mapping as it is", "refuses any change of it that keeps this contract with usage sync on",
				`To fix it (in this change or a later one): Contracts of company 29682017 that can be mapped: 29684017 ("Tidewater - Block Hours 2022", expired).`,
				"Set contract_id to an active or expired contract of company 29682017", "set usage_sync_enabled = false"},
		},
		"cancelled, imported without private state": {
			stale:    func(e *emulator.Emulator) func(api.Psa, int64) error { return e.Admin().CancelContract },
			severity: tfprotov6.DiagnosticSeverityWarning, summary: "Mapped contract cancelled",
			phrases: []string{cancelled, "billing this customer through Autotask PSA has stopped"},
		},
		"deleted": {
			stale:  func(e *emulator.Emulator) func(api.Psa, int64) error { return e.Admin().CancelContract },
			health: &customerMappingHealth{BillingType: "usage", ContractStatus: "missing"}, severity: tfprotov6.DiagnosticSeverityWarning,
			summary: "Mapped contract deleted",
			phrases: []string{"no longer exists in the PSA, so the customer's usage can no longer sync to it", "has stopped"},
		},
		"inactive, imported without private state": {
			stale:    func(e *emulator.Emulator) func(api.Psa, int64) error { return e.Admin().DeactivateContract },
			severity: tfprotov6.DiagnosticSeverityWarning, summary: "Contract inactive",
			phrases: []string{`Contract 29684016 ("Tidewater - Sophos MSP Flex")`, "is inactive in Autotask PSA", "Reactivate it in the PSA"},
		},
		"cancelled, edited": {
			stale:  func(e *emulator.Emulator) func(api.Psa, int64) error { return e.Admin().CancelContract },
			health: &customerMappingHealth{BillingType: "usage", ContractStatus: "cancelled"}, edit: true, severity: tfprotov6.DiagnosticSeverityError,
			summary: "Mapped contract cancelled",
			phrases: []string{cancelled, "Sophos Central refuses a change of the mapping that keeps it with usage sync on", "set usage_sync_enabled = false"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := testharness.Emulator(t)
			tidewaterInConsole(t, e, tc.stale(e))
			private := map[string][]byte{}
			if tc.health != nil {
				raw, err := json.Marshal(tc.health)
				if err != nil {
					t.Fatal(err)
				}
				private[customerMappingHealthKey.name] = raw
			}
			proposed := prior
			if tc.edit {
				proposed.TicketSyncEnabled = types.BoolValue(true)
			}
			d, planned := planCustomerMapping(t, e, prior, proposed, private, tc.severity, tc.summary, "contract_id")
			for _, want := range tc.phrases {
				if !strings.Contains(d.Detail, want) {
					t.Errorf("detail does not contain %q:\n%s", want, d.Detail)
				}
			}
			if !tc.edit && planned != prior {
				t.Errorf("want the plan to change nothing, got\n%+v", planned)
			}
		})
	}
}

// TestPSACustomerMappingModifyPlan_cancelledContractWarning: a mapping whose contract was
// cancelled in the PSA, with usage sync off and nothing else changing, plans without error
// and without a change, and warns on contract_id naming the contract, the customer, that no
// usage is lost and the contracts that can be used instead. The plan goes through the
// provider's protocol server, so ModifyPlan reads the contract's status from private state
// as Terraform hands it over after a refresh.
func TestPSACustomerMappingModifyPlan_cancelledContractWarning(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().CancelContract(api.PsaAutotask, seedATContractTidewaterExpired); err != nil {
		t.Fatal(err)
	}
	prior := psaCustomerMappingModel{
		ID:  types.StringValue("autotask/" + seedCustomerTidewater),
		PSA: types.StringValue("autotask"),
		customerMappingFields: customerMappingFields{
			CustomerID:        types.StringValue(seedCustomerTidewater),
			CustomerName:      types.StringValue("Tidewater Marine Services"),
			CompanyID:         types.Int64Value(seedATCompanyTidewater),
			CompanyName:       types.StringValue("Tidewater Marine Services"),
			ContractID:        types.Int64Value(seedATContractTidewaterExpired),
			ContractName:      types.StringValue("Tidewater - Block Hours 2022"),
			UsageSyncEnabled:  types.BoolValue(false),
			TicketSyncEnabled: types.BoolValue(false),
		},
	}
	health, err := json.Marshal(customerMappingHealth{ContractStatus: string(api.CustomerMappingContractStatusCancelled)})
	if err != nil {
		t.Fatal(err)
	}
	// The configuration sets the same arguments; the names and the id are computed.
	config := prior
	config.ID, config.CustomerName, config.CompanyName, config.ContractName = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	resp, planned := testharness.PlanResource(serve(t, e), testharness.Plan[psaCustomerMappingModel]{
		Resource: &psaCustomerMappingResource{},
		TypeName: "sophos_psa_customer_mapping",
		Prior:    &prior,
		Config:   config,
		Private:  map[string][]byte{customerMappingHealthKey.name: health},
	})

	var warnings []*tfprotov6.Diagnostic
	for _, d := range resp.Diagnostics {
		switch d.Severity {
		case tfprotov6.DiagnosticSeverityError:
			t.Errorf("want no error, got %s: %s", d.Summary, d.Detail)
		case tfprotov6.DiagnosticSeverityWarning:
			warnings = append(warnings, d)
		}
	}
	if len(warnings) != 1 {
		t.Fatalf("want 1 warning, got %d: %v", len(warnings), resp.Diagnostics)
	}
	w := warnings[0]
	if w.Summary != "Mapped contract cancelled" {
		t.Errorf("warning summary = %q", w.Summary)
	}
	if w.Attribute == nil || !w.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("contract_id")) {
		t.Errorf("warning is on %v, want contract_id", w.Attribute)
	}
	for _, want := range []string{
		`Contract 29684017 ("Tidewater - Block Hours 2022") of customer "Tidewater Marine Services"`,
		"was cancelled in the PSA", "Usage sync is off, so no usage is lost",
		`Contracts of company 29682017 that can be mapped: 29684016 ("Tidewater - Sophos MSP Flex", active)`,
		"remove contract_id and usage_sync_enabled",
	} {
		if !strings.Contains(w.Detail, want) {
			t.Errorf("warning detail does not contain %q:\n%s", want, w.Detail)
		}
	}
	if planned != prior {
		t.Errorf("want the plan to change nothing, got\n%+v\nfrom\n%+v", planned, prior)
	}
}

// diagnosticsText renders protocol diagnostics for a failure message.
func diagnosticsText(ds []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n%s on %v: %s: %s", d.Severity, d.Attribute, d.Summary, d.Detail)
	}
	return b.String()
}

// TestAccPSACustomerMapping_importStaleContract: a console mapping whose contract was
// cancelled imports as it stands with an import block (the import plan is a no-op import;
// the warning is asserted in TestPSACustomerMappingModifyPlan_staleContract and, with the
// engine's output, in TestAccPSACustomerMapping_importStaleContractCLI), later plans of the
// unchanged configuration succeed, and only an edit the API would refuse fails.
func TestAccPSACustomerMapping_importStaleContract(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.tidewater"
	id := "autotask/" + seedCustomerTidewater
	tidewaterInConsole(t, e, e.Admin().CancelContract)
	mapping := func(ticket any) testharness.Configuration {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater",
			customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, ticket))
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config: mapping(nil).String(), ResourceName: address, ImportState: true, ImportStateKind: acc.ImportBlockWithID, ImportStateId: id,
				ImportPlanChecks: acc.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("contract_id"), knownvalue.Int64Exact(seedATContractTidewater)),
					plancheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(true)),
				}},
			},
			{
				Config: mapping(nil).Block("import", testharness.Attrs{"to": testharness.Expr(address), "id": id}).String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
			},
			{Config: mapping(nil).String(), PlanOnly: true},
			{
				Config:      mapping(true).String(),
				ExpectError: errorPhrases("Mapped contract cancelled", "refuses a change of the mapping that keeps it with usage sync on"),
			},
		},
	})
}

// TestAccPSACustomerMapping_importStaleContractCLI runs the engine itself, whose output shows
// the warnings plugin-testing hides: the plan of an import block for a mapping whose contract
// was cancelled imports it with a warning on contract_id, and so does the plan after
// `terraform import`.
func TestAccPSACustomerMapping_importStaleContractCLI(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	tidewaterInConsole(t, e, e.Admin().CancelContract)
	const address = "sophos_psa_customer_mapping.tidewater"
	id := "autotask/" + seedCustomerTidewater
	mapping := testharness.Config(e).Resource("sophos_psa_customer_mapping", "tidewater",
		customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, nil))
	warning := []string{"Warning: Mapped contract cancelled", "with " + address,
		`Contract 29684016 ("Tidewater - Sophos MSP Flex") of customer "Tidewater Marine Services" (` + seedCustomerTidewater + `) was cancelled in the PSA`,
		"billing this customer through Autotask PSA has stopped", "To fix it (in this change or a later one)"}
	contains := func(out string, phrases ...string) {
		t.Helper()
		flat := strings.Join(strings.Fields(out), " ")
		for _, p := range phrases {
			if !strings.Contains(flat, p) {
				t.Errorf("output does not contain %q:\n%s", p, out)
			}
		}
	}

	engine.Write("main.tf", mapping.Block("import", testharness.Attrs{"to": testharness.Expr(address), "id": id}).String())
	engine.MustRun("init", "-input=false", "-no-color")
	out := engine.MustRun("plan", "-input=false", "-no-color")
	contains(out, append([]string{"Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."}, warning...)...)

	engine.Write("main.tf", mapping.String())
	engine.MustRun("import", "-input=false", "-no-color", address, id)
	out, code := engine.Run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if code != 0 {
		t.Errorf("the plan after terraform import is not empty (exit %d):\n%s", code, out)
	}
	contains(out, append([]string{"No changes."}, warning...)...)
	engine.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if err := checkCustomerUnmapped(testharness.Client(t, e, testharness.FastRetries), api.PsaAutotask, seedCustomerTidewater); err != nil {
		t.Errorf("after destroy: %v", err)
	}
}

// TestPSACustomerMappingModifyPlan_companyRemoved: a mapping whose company was removed from
// the PSA plans, left as it is, with a warning on company_id (what happened, that nothing
// syncs, how to fix it); an edit that keeps the company fails, as the API would refuse it.
func TestPSACustomerMappingModifyPlan_companyRemoved(t *testing.T) {
	prior := psaCustomerMappingModel{
		ID:  types.StringValue("connectwise/" + seedCustomerCedarRidge),
		PSA: types.StringValue("connectwise"),
		customerMappingFields: customerMappingFields{
			CustomerID:        types.StringValue(seedCustomerCedarRidge),
			CustomerName:      types.StringValue("Cedar Ridge Veterinary Clinic"),
			CompanyID:         types.Int64Value(seedCWCompanyCedarRidge),
			CompanyName:       types.StringValue("Cedar Ridge Veterinary Clinic"),
			ContractID:        types.Int64Null(),
			ContractName:      types.StringNull(),
			UsageSyncEnabled:  types.BoolValue(false),
			TicketSyncEnabled: types.BoolValue(true),
		},
	}
	removed := false
	health, err := json.Marshal(customerMappingHealth{CompanyExists: &removed})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		edit     bool
		severity tfprotov6.DiagnosticSeverity
		phrase   string
	}{
		"unchanged": {severity: tfprotov6.DiagnosticSeverityWarning, phrase: "The plan keeps the mapping as it is. To fix it (in this change or a later one), set company_id"},
		"edited":    {edit: true, severity: tfprotov6.DiagnosticSeverityError, phrase: "Sophos Central refuses any change of the mapping that keeps this company"},
	} {
		t.Run(name, func(t *testing.T) {
			e := testharness.Emulator(t)
			setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerCedarRidge, seedCWCompanyCedarRidge, 0, false, true)
			if err := e.Admin().RemoveCompany(api.PsaConnectwise, seedCWCompanyCedarRidge); err != nil {
				t.Fatal(err)
			}
			proposed := prior
			if tc.edit {
				proposed.TicketSyncEnabled = types.BoolValue(false)
			}
			d, _ := planCustomerMapping(t, e, prior, proposed, map[string][]byte{customerMappingHealthKey.name: health}, tc.severity, "PSA company removed", "company_id")
			for _, want := range []string{`Customer "Cedar Ridge Veterinary Clinic"`, "company 253", "which was removed from the PSA", "nothing of this customer (usage or tickets) can sync", tc.phrase} {
				if !strings.Contains(d.Detail, want) {
					t.Errorf("detail does not contain %q:\n%s", want, d.Detail)
				}
			}
		})
	}
}

// planCustomerMapping plans proposed over prior through the provider's protocol server
// (plugin-testing cannot see warnings), with the configuration proposed implies and private
// state private, and returns its one diagnostic, which must have severity and summary and
// be on attr.
func planCustomerMapping(t *testing.T, e *emulator.Emulator, prior, proposed psaCustomerMappingModel, private map[string][]byte,
	severity tfprotov6.DiagnosticSeverity, summary, attr string) (*tfprotov6.Diagnostic, psaCustomerMappingModel) {
	t.Helper()
	config := proposed
	config.ID, config.CustomerName, config.CompanyName, config.ContractName = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	resp, planned := testharness.PlanResource(serve(t, e), testharness.Plan[psaCustomerMappingModel]{
		Resource: &psaCustomerMappingResource{},
		TypeName: "sophos_psa_customer_mapping",
		Prior:    &prior,
		Proposed: &proposed,
		Config:   config,
		Private:  private,
	})
	if len(resp.Diagnostics) != 1 {
		t.Fatalf("want one diagnostic, got %v", diagnosticsText(resp.Diagnostics))
	}
	d := resp.Diagnostics[0]
	if d.Severity != severity || d.Summary != summary || d.Attribute == nil ||
		!d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName(attr)) {
		t.Fatalf("want %v %q on %s, got %v", severity, summary, attr, diagnosticsText(resp.Diagnostics))
	}
	return d, planned
}
