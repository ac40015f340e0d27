package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// useStateUnlessChanged keeps a computed string's state value in the plan unless the
// attribute it derives from changes. A computed value such as a mapping's PSA product name
// then shows "(known after apply)" only when it can really change.
func useStateUnlessChanged(source path.Path) planmodifier.String {
	return useStateUnlessChangedModifier{source: source}
}

type useStateUnlessChangedModifier struct {
	source path.Path
}

func (m useStateUnlessChangedModifier) Description(_ context.Context) string {
	return "Keeps the value in state unless " + m.source.String() + " changes; null when it is null."
}

func (m useStateUnlessChangedModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m useStateUnlessChangedModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	// Creating, or a value the configuration sets: nothing to keep.
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	var planned, prior attr.Value
	if req.Plan.GetAttribute(ctx, m.source, &planned).HasError() || req.State.GetAttribute(ctx, m.source, &prior).HasError() {
		return
	}
	switch {
	case planned == nil || planned.IsUnknown():
	case planned.IsNull():
		// The value describes an object that is no longer set (e.g. the name of a removed contract).
		resp.PlanValue = types.StringNull()
	case prior != nil && planned.Equal(prior):
		resp.PlanValue = req.StateValue
	}
}

// keepPlanned is the value a write stores for a computed attribute: the API's value where
// the plan left it unknown, and otherwise the value the plan showed, null included.
// Terraform rejects a result that differs from a known planned value, so a name taken from
// state at plan time is kept even if it was renamed before apply (the next refresh brings
// the new one), and a planned null stays null.
func keepPlanned(planned, applied types.String) types.String {
	if planned.IsUnknown() {
		return applied
	}
	return planned
}
