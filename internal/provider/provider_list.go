package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// List resources (Terraform 1.14+, `terraform query`): each lists the objects one resource
// type manages, with their identity, so `terraform query -generate-config-out` can write
// resource and import blocks for them. Each is in its x_list.go; what they share is here.

// listItem is how one listed object becomes a result: its display name, its identity and,
// when Terraform asks for it, its state.
type listItem struct {
	displayName string
	identity    any
	resource    func() any
}

// streamList streams items as list results, at most req.Limit of them (0: all). An item
// whose identity or state cannot be set is an error result, and the stream ends there.
func streamList(ctx context.Context, req list.ListRequest, items []listItem) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = item.displayName
			result.Diagnostics.Append(result.Identity.Set(ctx, item.identity)...)
			if req.IncludeResource && !result.Diagnostics.HasError() {
				result.Diagnostics.Append(result.Resource.Set(ctx, item.resource())...)
			}
			if !push(result) || result.Diagnostics.HasError() {
				return
			}
		}
	}
}

// listFrom reads the list block's configuration into a C and streams the items that items
// makes of it; a configuration that cannot be read, or an error items reports in diags,
// is a stream of that error.
func listFrom[C any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, items func(cfg C, diags *diag.Diagnostics) []listItem) {
	var cfg C
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if !diags.HasError() {
		listed := items(cfg, &diags)
		if !diags.HasError() {
			stream.Results = streamList(ctx, req, listed)
			return
		}
	}
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// mappedOnly is the `mapped` filter of a mapping list: mapped rows unless it says false
// (unmapped rows cannot be imported, and -generate-config-out writes an import block for
// every result).
func mappedOnly(filter types.Bool, mapped bool) bool {
	if filter.IsNull() {
		filter = types.BoolValue(true)
	}
	return keep(filter, mapped)
}

// keep says whether a value passes an optional boolean filter (null keeps everything).
func keep(filter types.Bool, value bool) bool {
	return filter.IsNull() || filter.IsUnknown() || filter.ValueBool() == value
}
