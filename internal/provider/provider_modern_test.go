package provider

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProviderServesIdentityListsAndActions: over the protocol, every mapping resource and
// the ConnectWise product have an identity schema and a list resource, and both actions are served, with
// no diagnostics (the framework refuses a list resource whose resource has no identity).
func TestProviderServesIdentityListsAndActions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server := providerserver.NewProtocol6(newTestProvider())()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schema.Diagnostics)
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(identities.Diagnostics) > 0 {
		t.Fatalf("GetResourceIdentitySchemas: %v %v", err, identities.Diagnostics)
	}
	// Every resource has an identity. The mapping tables and the ConnectWise catalog have list
	// resources; the PSA connection and its schedule, one object per PSA known by the PSA's
	// name, are imported without a query (README, DESIGN.md).
	if got, want := slices.Sorted(maps.Keys(identities.IdentitySchemas)), slices.Sorted(maps.Keys(schema.ResourceSchemas)); !slices.Equal(got, want) {
		t.Errorf("resources with identity %v, want every resource %v", got, want)
	}
	listed := []string{"connectwise_product", "sophos_connectwise_product", "sophos_psa_customer_mapping", "sophos_psa_product_mapping"}
	if got := slices.Sorted(maps.Keys(schema.ListResourceSchemas)); !slices.Equal(got, listed) {
		t.Errorf("list resources %v, want %v", got, listed)
	}
	if got, want := slices.Sorted(maps.Keys(schema.ActionSchemas)), []string{"sophos_psa_refresh_customer_details", "sophos_psa_sync_usage"}; !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
}

// TestModernSchemasAreDescribedAndDocumented: list resources, actions and identity
// attributes have descriptions; every list resource and action has an example; every
// resource an import-by-identity example; and the docs have one page per type as the
// Registry names it (docs/<kind>/<type without "sophos_">.md), none for a type that does not
// exist: both ConnectWise product names share docs/resources/connectwise_product.md, which
// the Registry shows as sophos_connectwise_product.
func TestModernSchemasAreDescribedAndDocumented(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server := providerserver.NewProtocol6(newTestProvider())()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	exists := func(path string) bool {
		_, err := os.Stat(filepath.Join(root, path))
		return err == nil
	}
	pages := map[string]bool{}
	page := func(kind, typeName string) {
		path := filepath.Join("docs", kind, strings.TrimPrefix(typeName, "sophos_")+".md")
		pages[path] = true
		if !exists(path) {
			t.Errorf("%s has no page %s", typeName, path)
		}
	}
	for name, s := range schema.ListResourceSchemas {
		checkSchema(t, "list resource "+name, s)
		page("list-resources", name)
		if strings.HasPrefix(name, "sophos_") && !exists(filepath.Join("examples", "list-resources", name, "list-resource.tfquery.hcl")) {
			t.Errorf("list resource %s has no example", name)
		}
	}
	for name, a := range schema.ActionSchemas {
		checkSchema(t, "action "+name, a.Schema)
		page("actions", name)
		if !exists(filepath.Join("examples", "actions", name, "action.tf")) || !exists(filepath.Join("examples", "actions", name, "invoke.sh")) {
			t.Errorf("action %s lacks action.tf or invoke.sh", name)
		}
	}
	for name, id := range identities.IdentitySchemas {
		for _, a := range id.IdentityAttributes {
			if a.Description == "" {
				t.Errorf("identity attribute %s.%s has no description", name, a.Name)
			}
		}
		page("resources", name)
		if !exists(filepath.Join("examples", "resources", name, "import-by-identity.tf")) {
			t.Errorf("resource %s has no import-by-identity.tf", name)
		}
	}
	for name := range schema.DataSourceSchemas {
		page("data-sources", name)
	}
	for name := range schema.ResourceSchemas {
		page("resources", name)
	}
	for _, kind := range []string{"resources", "data-sources", "list-resources", "actions"} {
		entries, err := os.ReadDir(filepath.Join(root, "docs", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if path := filepath.Join("docs", kind, e.Name()); !pages[path] {
				t.Errorf("%s is a page for a type the provider does not serve (the Registry would show it as sophos_%s)", path, strings.TrimSuffix(e.Name(), ".md"))
			}
		}
	}
}
