package provider

import (
	"context"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// listed is one result of a list resource, decoded.
type listed[I, R any] struct {
	displayName string
	identity    I
	resource    R
}

// runList configures a (new) list resource lr of managed resource r with a client of e and
// lists with the configuration values (limit 0: no limit), decoding identities and states.
// It fails the test on an error result.
func runList[I, R any](t *testing.T, e *emulator.Emulator, lr list.ListResource, r resource.ResourceWithIdentity, values map[string]tftypes.Value, limit int64) []listed[I, R] {
	t.Helper()
	ctx := context.Background()
	var listSchema list.ListResourceSchemaResponse
	lr.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &listSchema)
	var resourceSchema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resourceSchema)
	var identitySchema resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identitySchema)
	if c, ok := lr.(list.ListResourceWithConfigure); ok {
		var resp resource.ConfigureResponse
		c.Configure(ctx, resource.ConfigureRequest{ProviderData: newProviderData(testharness.Client(t, e, testharness.FastRetries))}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("configure: %v", resp.Diagnostics)
		}
	}
	typ := listSchema.Schema.Type().TerraformType(ctx)
	objType, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("the list schema is not an object: %s", typ)
	}
	full := map[string]tftypes.Value{}
	for name, attrType := range objType.AttributeTypes {
		full[name] = tftypes.NewValue(attrType, nil)
	}
	for name, v := range values {
		full[name] = v
	}
	req := list.ListRequest{
		Config:                 tfsdk.Config{Schema: listSchema.Schema, Raw: tftypes.NewValue(typ, full)},
		IncludeResource:        true,
		Limit:                  limit,
		ResourceSchema:         resourceSchema.Schema,
		ResourceIdentitySchema: identitySchema.IdentitySchema,
	}
	var stream list.ListResultsStream
	lr.List(ctx, req, &stream)
	var out []listed[I, R]
	for result := range stream.Results {
		if result.Diagnostics.HasError() {
			t.Fatalf("list: %v", result.Diagnostics)
		}
		var item listed[I, R]
		item.displayName = result.DisplayName
		if diags := result.Identity.Get(ctx, &item.identity); diags.HasError() {
			t.Fatalf("identity: %v", diags)
		}
		if diags := result.Resource.Get(ctx, &item.resource); diags.HasError() {
			t.Fatalf("resource: %v", diags)
		}
		out = append(out, item)
	}
	return out
}

func boolValue(b bool) tftypes.Value     { return tftypes.NewValue(tftypes.Bool, b) }
func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
