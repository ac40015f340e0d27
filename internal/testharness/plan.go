package testharness

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// ProviderServer makes a provider's protocol server, as providerserver.NewProtocol6WithError
// returns it.
type ProviderServer func() (tfprotov6.ProviderServer, error)

// Plan is one PlanResourceChange of a resource, in the resource's model type M.
type Plan[M any] struct {
	// Resource gives the schema that turns models into values; TypeName is its type name.
	Resource resource.Resource
	TypeName string
	// Prior is the state, Config the configuration. Proposed is the proposed new state
	// Terraform sends; nil means Prior (nothing changes).
	Prior    M
	Proposed *M
	Config   M
	// Private is the private state the last refresh or apply left, by key.
	Private map[string][]byte
}

// PlanResource plans p through the protocol server newServer makes, as Terraform does: it
// configures the provider for emulator e (ProviderAttrs; every other provider argument
// null), then sends PlanResourceChange. It returns the response and the planned state as a
// model (the zero M when the response has none). For what plugin-testing cannot see:
// warnings, and plans that depend on private state.
func PlanResource[M any](ctx context.Context, t testing.TB, newServer ProviderServer, e *emulator.Emulator, p Plan[M]) (*tfprotov6.PlanResourceChangeResponse, M) {
	t.Helper()
	server, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	configureProvider(ctx, t, server, e)

	var sr resource.SchemaResponse
	p.Resource.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	value := func(m M) *tfprotov6.DynamicValue {
		t.Helper()
		st := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
		if diags := st.Set(ctx, &m); diags.HasError() {
			t.Fatalf("building a %s value: %v", p.TypeName, diags)
		}
		dv, err := tfprotov6.NewDynamicValue(typ, st.Raw)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	proposed := p.Prior
	if p.Proposed != nil {
		proposed = *p.Proposed
	}
	private, err := json.Marshal(p.Private)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         p.TypeName,
		PriorState:       value(p.Prior),
		ProposedNewState: value(proposed),
		Config:           value(p.Config),
		PriorPrivate:     private,
	})
	if err != nil {
		t.Fatal(err)
	}
	var planned M
	if resp.PlannedState != nil {
		raw, err := resp.PlannedState.Unmarshal(typ)
		if err != nil {
			t.Fatal(err)
		}
		if diags := (tfsdk.Plan{Schema: sr.Schema, Raw: raw}).Get(ctx, &planned); diags.HasError() {
			t.Fatalf("reading the planned state: %v", diags)
		}
	}
	return resp, planned
}

// configureProvider sends ConfigureProvider with ProviderAttrs(e); every provider argument
// they do not set is null, whatever the schema holds.
func configureProvider(ctx context.Context, t testing.TB, server tfprotov6.ProviderServer, e *emulator.Emulator) {
	t.Helper()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType()
	object, ok := providerType.(tftypes.Object)
	if !ok {
		t.Fatalf("the provider schema is a %T, not an object", providerType)
	}
	args := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		args[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range ProviderAttrs(e) {
		args[name] = tftypes.NewValue(tftypes.String, v)
	}
	config, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, args))
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range configured.Diagnostics {
		t.Fatalf("configuring the provider: %s: %s", d.Summary, d.Detail)
	}
}
