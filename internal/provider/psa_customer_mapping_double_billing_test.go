package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// planNewCustomerMapping plans creating mapping m (its configuration) in provider process s
// (plugin-testing cannot see warnings) and returns its warnings' summaries and details.
func planNewCustomerMapping(t *testing.T, s *testharness.Server, m psaCustomerMappingModel) []string {
	t.Helper()
	resp, _ := testharness.PlanResource(s, testharness.Plan[psaCustomerMappingModel]{
		Resource: &psaCustomerMappingResource{}, TypeName: "sophos_psa_customer_mapping", Config: m,
	})
	diags := testharness.Diagnostics(resp.Diagnostics)
	if diags.HasError() {
		t.Fatalf("want no error, got %v", diags)
	}
	var out []string
	for _, w := range diags.Warnings() {
		out = append(out, w.Summary()+": "+w.Detail())
	}
	return out
}

// newMapping is the configuration of a mapping with usage sync on.
func newMapping(psa api.Psa, customerID string, companyID, contractID int64) psaCustomerMappingModel {
	return psaCustomerMappingModel{
		ID: types.StringNull(), PSA: types.StringValue(string(psa)), customerMappingFields: customerMappingFields{
			CustomerID: types.StringValue(customerID), CustomerName: types.StringNull(), CompanyID: types.Int64Value(companyID),
			CompanyName: types.StringNull(), ContractID: types.Int64Value(contractID), ContractName: types.StringNull(),
			UsageSyncEnabled: types.BoolValue(true), TicketSyncEnabled: types.BoolValue(false),
		},
	}
}

// TestPSACustomerMappingModifyPlan_doubleBilling: switching usage sync on for a customer
// that has it on in the other PSA, in Sophos Central or in the same configuration, warns
// that its usage would be billed twice; a customer synced to one PSA only does not.
func TestPSACustomerMappingModifyPlan_doubleBilling(t *testing.T) {
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerAlpine, 251, 501, true, false)
	warned := func(ws []string) bool {
		for _, w := range ws {
			if strings.HasPrefix(w, "Usage synced to both PSAs") && strings.Contains(w, "billed twice") {
				return true
			}
		}
		return false
	}
	if ws := planNewCustomerMapping(t, serve(t, e), newMapping(api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine)); !warned(ws) {
		t.Errorf("usage on in ConnectWise already: want the double-billing warning, got %v", ws)
	}
	if ws := planNewCustomerMapping(t, serve(t, e), newMapping(api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside)); warned(ws) {
		t.Errorf("usage in one PSA only: want no double-billing warning, got %v", ws)
	}
	// Both PSAs in one configuration (one provider process): the second plan warns.
	s := serve(t, e)
	planNewCustomerMapping(t, s, newMapping(api.PsaAutotask, seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater))
	if ws := planNewCustomerMapping(t, s, newMapping(api.PsaConnectwise, seedCustomerTidewater, 253, 504)); !warned(ws) {
		t.Errorf("both PSAs in one configuration: want the double-billing warning, got %v", ws)
	}
}
