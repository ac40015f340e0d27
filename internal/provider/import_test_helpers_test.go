package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// importableResource is a resource whose ImportState a test calls directly.
type importableResource interface {
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
}

// importErrorDetail runs r's ImportState for id (the resource configured by the test) and
// returns the detail of the one error it must give; it fails the test otherwise.
func importErrorDetail(t *testing.T, r importableResource, id string) string {
	t.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	var ir resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
	resp := resource.ImportStateResponse{
		State:    tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)},
		Identity: &tfsdk.ResourceIdentity{Schema: ir.IdentitySchema, Raw: tftypes.NewValue(ir.IdentitySchema.Type().TerraformType(ctx), nil)},
	}
	r.ImportState(ctx, resource.ImportStateRequest{ID: id}, &resp)
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 {
		t.Fatalf("importing %s: want 1 error, got %v", id, resp.Diagnostics)
	}
	return errs[0].Detail()
}
