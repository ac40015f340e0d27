package provider

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProviderSchema checks the schemas as Terraform receives them: the framework accepts
// them, the provider serves exactly the documented resource and data source types, and the
// provider, every resource, every data source and every attribute (nested ones too) has a
// Markdown description.
func TestProviderSchema(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	checkSchema(t, "provider", resp.Provider)
	for name, s := range resp.ResourceSchemas {
		checkSchema(t, "resource "+name, s)
	}
	for name, s := range resp.DataSourceSchemas {
		checkSchema(t, "data source "+name, s)
	}
	wantResources := []string{connectWiseProductTypeName, sophosConnectWiseProductTypeName, "sophos_psa_customer_mapping", "sophos_psa_integration",
		"sophos_psa_product_mapping", "sophos_psa_usage_sync_schedule"}
	if got := slices.Sorted(maps.Keys(resp.ResourceSchemas)); !slices.Equal(got, wantResources) {
		t.Errorf("resource types %q, want exactly %q", got, wantResources)
	}
	wantDataSources := []string{"sophos_billing_reconciliation", "sophos_billing_usage", "sophos_customers", "sophos_products", "sophos_psa_companies", "sophos_psa_contracts",
		"sophos_psa_customer_mappings", "sophos_psa_integrations", "sophos_psa_product_mappings", "sophos_psa_products", "sophos_psa_usage_sync_history"}
	if got := slices.Sorted(maps.Keys(resp.DataSourceSchemas)); !slices.Equal(got, wantDataSources) {
		t.Errorf("data source types %q, want exactly %q", got, wantDataSources)
	}
}

func checkSchema(t *testing.T, what string, s *tfprotov6.Schema) {
	t.Helper()
	if s.Block.Description == "" || s.Block.DescriptionKind != tfprotov6.StringKindMarkdown {
		t.Errorf("%s has no Markdown description", what)
	}
	checkAttributes(t, what, s.Block.Attributes)
}

func checkAttributes(t *testing.T, what string, attrs []*tfprotov6.SchemaAttribute) {
	t.Helper()
	for _, a := range attrs {
		if a.Description == "" || a.DescriptionKind != tfprotov6.StringKindMarkdown {
			t.Errorf("%s: attribute %s has no MarkdownDescription", what, a.Name)
		}
		if a.NestedType != nil {
			checkAttributes(t, what+"."+a.Name, a.NestedType.Attributes)
		}
	}
}
