package provider

import (
	"slices"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestPSACustomerMappingList: the filters of the customer-mapping list, the identity and
// state of each result and the display name.
func TestPSACustomerMappingList(t *testing.T) {
	t.Parallel()
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerGreenfield, seedATCompanyGreenfield, 0, false, true)
	if _, err := e.Admin().RunUsageSync(api.PsaAutotask); err != nil {
		t.Fatal(err)
	}
	run := func(values map[string]tftypes.Value, limit int64) []testharness.Listed[psaCustomerMappingIdentityModel, psaCustomerMappingModel] {
		t.Helper()
		values["psa"] = stringValue("autotask")
		return testharness.ListResource[psaCustomerMappingIdentityModel, psaCustomerMappingModel](serve(t, e), testharness.List{TypeName: "sophos_psa_customer_mapping", Resource: &psaCustomerMappingResource{}, Config: values, Limit: limit})
	}
	customers := func(results []testharness.Listed[psaCustomerMappingIdentityModel, psaCustomerMappingModel]) []string {
		var out []string
		for _, r := range results {
			out = append(out, r.Identity.CustomerID.ValueString())
		}
		slices.Sort(out)
		return out
	}
	sorted := func(ids ...string) []string { slices.Sort(ids); return ids }

	all := run(map[string]tftypes.Value{}, 0)
	if got, want := customers(all), sorted(seedCustomerAlpine, seedCustomerGreenfield); !slices.Equal(got, want) {
		t.Fatalf("mapped customers %v, want %v", got, want)
	}
	for _, r := range all {
		if r.Identity.PSA.ValueString() != "autotask" || r.Resource.ID.ValueString() != customerMappingID("autotask", r.Identity.CustomerID.ValueString()) {
			t.Errorf("identity %+v does not match the state %+v", r.Identity, r.Resource)
		}
		if r.Identity.CustomerID.ValueString() == seedCustomerAlpine {
			if r.DisplayName != "Alpine Dental Group -> Alpine Dental Group / Alpine Dental - Sophos MSP Flex" {
				t.Errorf("display name %q", r.DisplayName)
			}
			if r.Resource.CompanyID.ValueInt64() != seedATCompanyAlpine || r.Resource.ContractID.ValueInt64() != seedATContractAlpine || !r.Resource.UsageSyncEnabled.ValueBool() {
				t.Errorf("state %+v", r.Resource)
			}
		}
	}
	unmapped := run(map[string]tftypes.Value{"mapped": boolValue(false)}, 0)
	if len(unmapped) == 0 || slices.ContainsFunc(unmapped, func(r testharness.Listed[psaCustomerMappingIdentityModel, psaCustomerMappingModel]) bool {
		return !r.Resource.CompanyID.IsNull() || r.Identity.CustomerID.ValueString() == seedCustomerAlpine
	}) {
		t.Errorf("mapped = false must list only unmapped customers, got %d", len(unmapped))
	}
	for name, tc := range map[string]struct {
		values map[string]tftypes.Value
		want   []string
	}{
		"term customers":   {map[string]tftypes.Value{"usage_sync_available": boolValue(false)}, []string{seedCustomerGreenfield}},
		"usage sync on":    {map[string]tftypes.Value{"usage_sync_enabled": boolValue(true)}, []string{seedCustomerAlpine}},
		"usage sync off":   {map[string]tftypes.Value{"usage_sync_enabled": boolValue(false)}, []string{seedCustomerGreenfield}},
		"last sync ok":     {map[string]tftypes.Value{"sync_status": stringValue("successful")}, []string{seedCustomerAlpine}},
		"last sync failed": {map[string]tftypes.Value{"sync_status": stringValue("failed")}, nil},
		"usage and mapped": {map[string]tftypes.Value{"usage_sync_available": boolValue(true), "mapped": boolValue(true)}, []string{seedCustomerAlpine}},
	} {
		if got := customers(run(tc.values, 0)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
	if got := run(map[string]tftypes.Value{}, 1); len(got) != 1 {
		t.Errorf("limit 1: got %d results", len(got))
	}
}

// TestPSAProductMappingList: mapped (the default), unmapped and by sync switch.
func TestPSAProductMappingList(t *testing.T) {
	t.Parallel()
	e := testharness.Emulator(t)
	for sp, id := range map[string]int64{"Sophos_Intercept_X_Advanced": seedCWIXA, "Sophos_Intercept_X_Advanced_XDR": seedCWIXAXDR} {
		if err := e.Admin().SetProductMapping(api.PsaConnectwise, sp, id, sp == "Sophos_Intercept_X_Advanced"); err != nil {
			t.Fatal(err)
		}
	}
	run := func(values map[string]tftypes.Value) []testharness.Listed[psaProductMappingIdentityModel, psaProductMappingModel] {
		t.Helper()
		values["psa"] = stringValue("connectwise")
		return testharness.ListResource[psaProductMappingIdentityModel, psaProductMappingModel](serve(t, e), testharness.List{TypeName: "sophos_psa_product_mapping", Resource: &psaProductMappingResource{}, Config: values})
	}
	products := func(results []testharness.Listed[psaProductMappingIdentityModel, psaProductMappingModel]) []string {
		var out []string
		for _, r := range results {
			out = append(out, r.Identity.SophosProduct.ValueString())
		}
		slices.Sort(out)
		return out
	}
	mapped := run(map[string]tftypes.Value{})
	if got := products(mapped); !slices.Equal(got, []string{"Sophos_Intercept_X_Advanced", "Sophos_Intercept_X_Advanced_XDR"}) {
		t.Fatalf("mapped products %v", got)
	}
	for _, r := range mapped {
		if r.Identity.SophosProduct.ValueString() == "Sophos_Intercept_X_Advanced" &&
			(r.DisplayName != "Sophos Central Intercept X Advanced -> Sophos Intercept X Advanced" || r.Resource.PSAProductID.ValueInt64() != seedCWIXA) {
			t.Errorf("result %+v", r)
		}
	}
	if got := products(run(map[string]tftypes.Value{"sync_enabled": boolValue(false)})); !slices.Equal(got, []string{"Sophos_Intercept_X_Advanced_XDR"}) {
		t.Errorf("sync off: %v", got)
	}
	unmapped := run(map[string]tftypes.Value{"mapped": boolValue(false)})
	if len(unmapped) == 0 || slices.ContainsFunc(unmapped, func(r testharness.Listed[psaProductMappingIdentityModel, psaProductMappingModel]) bool {
		return !r.Resource.PSAProductID.IsNull()
	}) {
		t.Errorf("mapped = false must list only unmapped products, got %d", len(unmapped))
	}
}

// TestConnectWiseProductList: both names list the catalog; filters by identifier, inactive
// products and whether a Sophos product is mapped to them.
func TestConnectWiseProductList(t *testing.T) {
	t.Parallel()
	e := testharness.Emulator(t)
	if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
		t.Fatal(err)
	}
	r := &connectWiseProductResource{typeName: sophosConnectWiseProductTypeName}
	ids := func(typeName string, values map[string]tftypes.Value) []int64 {
		t.Helper()
		var out []int64
		for _, res := range testharness.ListResource[connectWiseProductIdentityModel, connectWiseProductModel](serve(t, e), testharness.List{TypeName: typeName, Resource: r, Config: values}) {
			if err := (sameText{}).CompareValues(res.Resource.ID.ValueString(), res.Identity.ID.ValueInt64()); err != nil {
				t.Errorf("identity %s does not match id %s", res.Identity.ID, res.Resource.ID)
			}
			out = append(out, res.Identity.ID.ValueInt64())
		}
		slices.Sort(out)
		return out
	}
	for _, lr := range []string{sophosConnectWiseProductTypeName, connectWiseProductTypeName} {
		active := ids(lr, map[string]tftypes.Value{})
		if !slices.Contains(active, seedCWIXA) || slices.Contains(active, seedCWInactive) {
			t.Errorf("active products %v", active)
		}
		if all := ids(lr, map[string]tftypes.Value{"include_inactive": boolValue(true)}); !slices.Contains(all, seedCWInactive) {
			t.Errorf("with inactive %v", all)
		}
		if got := ids(lr, map[string]tftypes.Value{"mapped": boolValue(true)}); !slices.Equal(got, []int64{seedCWIXA}) {
			t.Errorf("mapped %v", got)
		}
		if got := ids(lr, map[string]tftypes.Value{"mapped": boolValue(false)}); slices.Contains(got, seedCWIXA) || len(got) != len(active)-1 {
			t.Errorf("not mapped %v", got)
		}
		if got := ids(lr, map[string]tftypes.Value{"identifier": stringValue("SOPHOS-CIX-ADV")}); !slices.Equal(got, []int64{seedCWIXA}) {
			t.Errorf("by identifier %v", got)
		}
	}
}
