package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestProductMappingFieldsFromAPI(t *testing.T) {
	id := int64(102)
	name := "Sophos Intercept X Advanced"
	m := productMappingFieldsFromAPI(&api.ProductMapping{Psa: api.PsaConnectwise, SophosProduct: "Sophos_X", SophosProductName: "X", Mapped: true, PsaProductId: &id, PsaProductName: &name, SyncEnabled: true})
	if m.PSAProductID.ValueInt64() != 102 || m.PSAProductName.ValueString() != name || !m.SyncEnabled.ValueBool() {
		t.Errorf("unexpected mapping: %+v", m)
	}
	unmapped := productMappingFieldsFromAPI(&api.ProductMapping{Psa: api.PsaConnectwise, SophosProduct: "Sophos_X", SophosProductName: "X", PsaProductId: &id})
	if !unmapped.PSAProductID.IsNull() || !unmapped.PSAProductName.IsNull() {
		t.Errorf("an unmapped product must have no PSA product, got %+v", unmapped)
	}
	if got := psaProductMappingFromAPI(&api.ProductMapping{Psa: api.PsaAutotask, SophosProduct: "Sophos_X"}).ID.ValueString(); got != "autotask/Sophos_X" {
		t.Errorf("id %q, want autotask/Sophos_X", got)
	}
}
