package provider

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProviderServesIdentityListsAndActions: over the protocol, every resource has an
// identity schema, every resource type a list resource, and both actions are served, with
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
	resources := slices.Sorted(maps.Keys(schema.ResourceSchemas))
	if got := slices.Sorted(maps.Keys(identities.IdentitySchemas)); !slices.Equal(got, resources) {
		t.Errorf("resources with identity %v, want every resource %v", got, resources)
	}
	if got := slices.Sorted(maps.Keys(schema.ListResourceSchemas)); !slices.Equal(got, resources) {
		t.Errorf("list resources %v, want one per resource %v", got, resources)
	}
	if got, want := slices.Sorted(maps.Keys(schema.ActionSchemas)), []string{"sophos_psa_refresh_customer_details", "sophos_psa_sync_usage"}; !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
}
