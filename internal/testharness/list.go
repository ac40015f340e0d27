package testharness

import (
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// List is one ListResource call (`terraform query`) of the list resource TypeName.
type List struct {
	TypeName string
	// Resource is the managed resource the list resource lists; its schemas turn the
	// results into models.
	Resource resource.ResourceWithIdentity
	// Config are the list block's arguments; every other one is null.
	Config map[string]tftypes.Value
	// Limit is the most results Terraform asks for (0: no limit).
	Limit int64
}

// Listed is one result of a list resource, decoded into the resource's identity model I and
// state model R.
type Listed[I, R any] struct {
	DisplayName string
	Identity    I
	Resource    R
}

// ListResource sends l's ListResource call to s, with the resource's state included, and
// decodes every result; it fails the test on an error result.
func ListResource[I, R any](s *Server, l List) []Listed[I, R] {
	s.t.Helper()
	ctx, t := s.ctx, s.t
	var rs resource.SchemaResponse
	l.Resource.Schema(ctx, resource.SchemaRequest{}, &rs)
	var is resource.IdentitySchemaResponse
	l.Resource.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &is)
	lister, ok := s.server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the provider's server serves no list resources")
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName:        l.TypeName,
		Config:          s.value(s.schemas.ListResourceSchemas[l.TypeName], l.Config),
		IncludeResource: true,
		Limit:           l.Limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	stateType := rs.Schema.Type().TerraformType(ctx)
	identityType := is.IdentitySchema.Type().TerraformType(ctx)
	var out []Listed[I, R]
	for result := range stream.Results {
		if len(result.Diagnostics) > 0 {
			t.Fatalf("list %s: %v", l.TypeName, Diagnostics(result.Diagnostics))
		}
		item := Listed[I, R]{DisplayName: result.DisplayName}
		if result.Identity == nil || result.Resource == nil {
			t.Fatalf("list %s: a result without identity or state: %+v", l.TypeName, result)
		}
		identity, err := result.Identity.IdentityData.Unmarshal(identityType)
		if err != nil {
			t.Fatal(err)
		}
		if diags := (tfsdk.ResourceIdentity{Schema: is.IdentitySchema, Raw: identity}).Get(ctx, &item.Identity); diags.HasError() {
			t.Fatalf("identity: %v", diags)
		}
		state, err := result.Resource.Unmarshal(stateType)
		if err != nil {
			t.Fatal(err)
		}
		if diags := (tfsdk.State{Schema: rs.Schema, Raw: state}).Get(ctx, &item.Resource); diags.HasError() {
			t.Fatalf("resource: %v", diags)
		}
		out = append(out, item)
	}
	return out
}
