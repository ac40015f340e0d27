package testharness

import (
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Plan is one PlanResourceChange of a resource, in the resource's model type M.
type Plan[M any] struct {
	// Resource gives the schema that turns models into values; TypeName is its type name.
	Resource resource.Resource
	TypeName string
	// Prior is the state, nil for a create; Config the configuration. Proposed is the
	// proposed new state Terraform sends; nil means Prior (nothing changes), or Config for
	// a create.
	Prior    *M
	Proposed *M
	Config   M
	// Private is the private state the last refresh or apply left, by key.
	Private map[string][]byte
}

// PlanResource sends p's PlanResourceChange to s and returns the response and the planned
// state as a model (the zero M when the response has none).
func PlanResource[M any](s *Server, p Plan[M]) (*tfprotov6.PlanResourceChangeResponse, M) {
	s.t.Helper()
	ctx, t := s.ctx, s.t
	var sr resource.SchemaResponse
	p.Resource.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	value := func(m *M) *tfprotov6.DynamicValue {
		t.Helper()
		st := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
		if m != nil {
			if diags := st.Set(ctx, m); diags.HasError() {
				t.Fatalf("building a %s value: %v", p.TypeName, diags)
			}
		}
		dv, err := tfprotov6.NewDynamicValue(typ, st.Raw)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	proposed := p.Prior
	if p.Proposed != nil {
		proposed = p.Proposed
	} else if p.Prior == nil {
		proposed = &p.Config
	}
	private, err := json.Marshal(p.Private)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         p.TypeName,
		PriorState:       value(p.Prior),
		ProposedNewState: value(proposed),
		Config:           value(&p.Config),
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
