package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// planNewCustomerMapping runs ModifyPlan of a new mapping of r (plugin-testing cannot see
// warnings) and returns its warnings' summaries and details.
func planNewCustomerMapping(ctx context.Context, t *testing.T, r *psaCustomerMappingResource, m psaCustomerMappingModel) []string {
	t.Helper()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	plan := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	if diags := plan.Set(ctx, &m); diags.HasError() {
		t.Fatalf("building the plan: %v", diags)
	}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{Plan: plan, State: tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("want no error, got %v", resp.Diagnostics)
	}
	var out []string
	for _, w := range resp.Diagnostics.Warnings() {
		out = append(out, w.Summary()+": "+w.Detail())
	}
	return out
}

func newMapping(psa api.Psa, customerID string, companyID, contractID int64) psaCustomerMappingModel {
	return psaCustomerMappingModel{
		ID: types.StringUnknown(), PSA: types.StringValue(string(psa)), customerMappingFields: customerMappingFields{
			CustomerID: types.StringValue(customerID), CustomerName: types.StringUnknown(), CompanyID: types.Int64Value(companyID),
			CompanyName: types.StringUnknown(), ContractID: types.Int64Value(contractID), ContractName: types.StringUnknown(),
			UsageSyncEnabled: types.BoolValue(true), TicketSyncEnabled: types.BoolValue(false),
		},
	}
}

// TestPSACustomerMappingModifyPlan_doubleBilling: switching usage sync on for a customer
// that has it on in the other PSA, in Sophos Central or in the same configuration, warns
// that its usage would be billed twice; a customer synced to one PSA only does not.
func TestPSACustomerMappingModifyPlan_doubleBilling(t *testing.T) {
	ctx := context.Background()
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaConnectwise, seedCustomerAlpine, 251, 501, true, false)
	newResource := func() *psaCustomerMappingResource {
		r := &psaCustomerMappingResource{}
		r.client = testharness.Client(t, e, testharness.FastRetries)
		r.providerData = *newProviderData(r.client)
		return r
	}
	warned := func(ws []string) bool {
		for _, w := range ws {
			if strings.HasPrefix(w, "Usage synced to both PSAs") && strings.Contains(w, "billed twice") {
				return true
			}
		}
		return false
	}
	if ws := planNewCustomerMapping(ctx, t, newResource(), newMapping(api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine)); !warned(ws) {
		t.Errorf("usage on in ConnectWise already: want the double-billing warning, got %v", ws)
	}
	if ws := planNewCustomerMapping(ctx, t, newResource(), newMapping(api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside)); warned(ws) {
		t.Errorf("usage in one PSA only: want no double-billing warning, got %v", ws)
	}
	// Both PSAs in one configuration (one provider process): the second plan warns.
	r := newResource()
	planNewCustomerMapping(ctx, t, r, newMapping(api.PsaAutotask, seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater))
	if ws := planNewCustomerMapping(ctx, t, r, newMapping(api.PsaConnectwise, seedCustomerTidewater, 253, 504)); !warned(ws) {
		t.Errorf("both PSAs in one configuration: want the double-billing warning, got %v", ws)
	}
}
