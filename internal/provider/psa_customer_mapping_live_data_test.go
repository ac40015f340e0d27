package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Plans tell the truth about mappings whose live data changed: what the API will refuse
// fails at plan, on the attribute to change, and what it accepts plans.

// TestAccPSACustomerMapping_customerNoLongerUsageBilled: a customer switched to term billing
// in Sophos while its usage sync is on. The unchanged configuration still plans (a warning,
// asserted through the protocol in TestPSACustomerMappingModifyPlan_liveDataWarnings); an
// unrelated edit of the mapping fails at plan, not half-way through apply, and switching
// usage sync off applies.
func TestAccPSACustomerMapping_customerNoLongerUsageBilled(t *testing.T) {
	e := testharness.Emulator(t)
	const address = "sophos_psa_customer_mapping.m"
	mapping := func(usage, ticket any) string {
		return testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, usage, ticket)).String()
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckCustomerMappingsDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           mapping(true, nil),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetTenantBillingType(seedCustomerAlpine, api.BillingTypeTerm); err != nil {
						t.Fatal(err)
					}
				},
				Config:   mapping(true, nil),
				PlanOnly: true,
			},
			// (Not PlanOnly: plugin-testing would first run a plan without refresh, which cannot
			// know what changed.)
			{
				Config: mapping(true, true),
				ExpectError: errorPhrases("Usage sync not available for this customer", `"Alpine Dental Group"`,
					"is term-billed", "Set usage_sync_enabled = false"),
			},
			{
				Config: mapping(false, true),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("usage_sync_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("ticket_sync_enabled"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// TestAccPSACustomerMapping_upperCaseCustomerID: an id pasted in upper case fails at plan,
// naming the value and the lower-case id to write, instead of writing the mapping and then
// failing with an inconsistent result (a tainted resource every later plan refuses).
func TestAccPSACustomerMapping_upperCaseCustomerID(t *testing.T) {
	e := testharness.Emulator(t)
	upper := "29946C86-596B-4918-B186-DBE32C6A986B"
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:   testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("autotask", upper, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String(),
			PlanOnly: true,
			ExpectError: errorPhrases("Customer id not in lower case", `customer_id "`+upper+`" has upper-case letters`,
				`write "`+seedCustomerAlpine+`"`),
		}},
	})
}

// TestPSACustomerMappingModifyPlan_liveDataWarnings: an unchanged mapping whose customer is
// no longer usage-billed, or whose contract was made inactive, plans with a warning on the
// attribute to change (plugin-testing cannot see warnings, so this plans through the
// provider's protocol server, as terraform does).
func TestPSACustomerMappingModifyPlan_liveDataWarnings(t *testing.T) {
	e := testharness.Emulator(t)
	prior := psaCustomerMappingModel{
		ID:  types.StringValue("autotask/" + seedCustomerAlpine),
		PSA: types.StringValue("autotask"),
		customerMappingFields: customerMappingFields{
			CustomerID:        types.StringValue(seedCustomerAlpine),
			CustomerName:      types.StringValue("Alpine Dental Group"),
			CompanyID:         types.Int64Value(seedATCompanyAlpine),
			CompanyName:       types.StringValue("Alpine Dental Group"),
			ContractID:        types.Int64Value(seedATContractAlpine),
			ContractName:      types.StringValue("Alpine Dental - Sophos MSP Flex"),
			UsageSyncEnabled:  types.BoolValue(true),
			TicketSyncEnabled: types.BoolValue(false),
		},
	}
	for name, tc := range map[string]struct {
		health         customerMappingHealth
		attr, summary  string
		detailFragment string
	}{
		"term-billed customer": {customerMappingHealth{BillingType: "term", ContractStatus: "active"}, "usage_sync_enabled",
			"Usage sync no longer available for this customer", "is term-billed in Sophos Central now"},
		"inactive contract": {customerMappingHealth{BillingType: "usage", ContractStatus: "inactive"}, "contract_id",
			"Contract inactive", "every usage sync to an inactive contract fails"},
	} {
		t.Run(name, func(t *testing.T) {
			raw, err := json.Marshal(tc.health)
			if err != nil {
				t.Fatal(err)
			}
			config := prior
			config.ID, config.CustomerName, config.CompanyName, config.ContractName = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
			resp, planned := testharness.PlanResource(serve(t, e), testharness.Plan[psaCustomerMappingModel]{
				Resource: &psaCustomerMappingResource{},
				TypeName: "sophos_psa_customer_mapping",
				Prior:    &prior,
				Config:   config,
				Private:  map[string][]byte{customerMappingHealthKey.name: raw},
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
			if len(warnings) != 1 || warnings[0].Summary != tc.summary || !strings.Contains(warnings[0].Detail, tc.detailFragment) ||
				warnings[0].Attribute == nil || !warnings[0].Attribute.Equal(tftypes.NewAttributePath().WithAttributeName(tc.attr)) {
				t.Fatalf("want one warning %q on %s, got %v", tc.summary, tc.attr, resp.Diagnostics)
			}
			if planned != prior {
				t.Errorf("want the plan to change nothing, got\n%+v", planned)
			}
		})
	}
}
