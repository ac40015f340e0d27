package providerschema_test

import (
	"context"
	"encoding/json"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/zclconf/go-cty/cty"

	"github.com/psa-iac/terraform-provider-sophos/internal/provider"
	"github.com/psa-iac/terraform-provider-sophos/internal/providerschema"
)

const address = "registry.terraform.io/hashicorp/sophos"

// TestJSONIsWhatTerraformReads: the output decodes as `providers schema -json` (format
// version checked) and holds what engines before 1.14 leave out: list resources, actions
// and resource identities, with their types and import flags; and the functions.
func TestJSONIsWhatTerraformReads(t *testing.T) {
	t.Parallel()
	out, err := providerschema.JSON(context.Background(), providerserver.NewProtocol6(provider.New("test")())(), address)
	if err != nil {
		t.Fatal(err)
	}
	var schemas tfjson.ProviderSchemas
	if err := json.Unmarshal(out, &schemas); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	p := schemas.Schemas[address]
	if p == nil {
		t.Fatalf("no schema for %s", address)
	}
	id := p.ResourceIdentitySchemas["sophos_psa_customer_mapping"]
	if id == nil || !id.Attributes["customer_id"].RequiredForImport || !id.Attributes["psa"].IdentityType.Equals(cty.String) {
		t.Errorf("customer mapping identity %+v", id)
	}
	if cw := p.ResourceIdentitySchemas["sophos_connectwise_product"]; cw == nil || !cw.Attributes["id"].IdentityType.Equals(cty.Number) {
		t.Errorf("ConnectWise product identity %+v", cw)
	}
	list := p.ListResourceSchemas["sophos_psa_customer_mapping"]
	if list == nil || !list.Block.Attributes["psa"].Required || !list.Block.Attributes["mapped"].Optional ||
		list.Block.Attributes["sync_status"].DescriptionKind != tfjson.SchemaDescriptionKindMarkdown {
		t.Errorf("customer mapping list %+v", list)
	}
	action := p.ActionSchemas["sophos_psa_sync_usage"]
	if action == nil || !action.Block.Attributes["psa"].Required || action.Block.Description == "" {
		t.Errorf("sync action %+v", action)
	}
	if a := p.ResourceSchemas["sophos_psa_customer_mapping"].Block.Attributes["company_id"]; !a.Required || !a.AttributeType.Equals(cty.Number) {
		t.Errorf("company_id %+v", a)
	}
	f := p.Functions["usage_rollup"]
	if f == nil || len(f.Parameters) != 5 || f.Parameters[0].Name != "lines" || !f.Parameters[0].IsNullable ||
		!f.Parameters[4].Type.Equals(cty.String) || !f.ReturnType.IsListType() || f.Summary == "" {
		t.Errorf("usage_rollup %+v", f)
	}
}
