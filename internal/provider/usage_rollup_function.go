package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

var _ function.Function = (*usageRollupFunction)(nil)

// NewUsageRollupFunction returns provider::sophos::usage_rollup.
func NewUsageRollupFunction() function.Function { return &usageRollupFunction{} }

// usageRollupFunction is what the next usage sync sends, computed in the configuration from
// the data sources (rules.NextSync): the roll-up a billing review would otherwise write in HCL.
type usageRollupFunction struct{}

// The parameters of usage_rollup, in order.
const (
	rollupLines = iota
	rollupSophosProducts
	rollupCustomerMappings
	rollupProductMappings
	rollupSchedule
)

// rollupArgument is the parameter a violation of rules.NextSync is about.
func rollupArgument(field string) int64 {
	switch field {
	case rules.InputCustomerMappings:
		return rollupCustomerMappings
	case rules.InputProductMappings:
		return rollupProductMappings
	}
	return rollupSophosProducts
}

func (f *usageRollupFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "usage_rollup"
}

// usageRollupLineType is an element of the result.
func usageRollupLineType() types.ObjectType {
	return types.ObjectType{AttrTypes: map[string]attr.Type{
		"customer_id":     types.StringType,
		"company_id":      types.Int64Type,
		"contract_id":     types.Int64Type,
		"psa_product_id":  types.Int64Type,
		"sophos_products": types.ListType{ElemType: types.StringType},
		"quantity":        types.Float64Type,
	}}
}

func (f *usageRollupFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	schedules := api.Strings(api.UsageSyncFrequencies())
	resp.Definition = function.Definition{
		Summary: "What the next usage sync sends to a PSA, per customer and PSA product",
		MarkdownDescription: "Rolls the month's billing lines up the way Sophos's usage sync does, and returns what the next sync " +
			"sends to the PSA: one line per customer and PSA product, with the customer's company and contract and the quantity. " +
			"A billing line counts when its `product_code` belongs to a Sophos product (`sophos_products`) that is mapped with " +
			"`sync_enabled`, and its customer is mapped with `usage_sync_enabled` to a contract whose `contract_status` is " +
			"`active` or `expired`; products that sync with the invoice only (firewalls) count only when the schedule is `" +
			string(api.UsageSyncFrequencyWithInvoice) + "`. Lines of no customer and codes of no Sophos product are never sent: " +
			"the billing review reports them.\n\n" +
			"Each line of the result has `customer_id` (in lower case), `company_id`, `contract_id`, `psa_product_id`, " +
			"`sophos_products` (the Sophos products whose usage it sums, sorted: more than one when several are mapped to the " +
			"same PSA product) and `quantity`. Lines are sorted by customer id and PSA product id; key maps by " +
			"`customer_id`, never by a name (two customers may share one).\n\n" +
			"Pass the data sources' lists as they are, or lists of objects with the attributes below (more are ignored). " +
			"While an argument is not known yet (at plan, before a data source is read) the result is unknown. A customer or " +
			"Sophos product listed twice, a billing code of two Sophos products, or an unknown schedule is an error.\n\n" +
			"Provider-defined functions need Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: append(rollupListParameters(), function.StringParameter{
			Name:           "usage_sync_schedule",
			AllowNullValue: true,
			MarkdownDescription: "The PSA's usage-sync schedule, " + markdownList(schedules) + " (`usage_sync_schedule` of " +
				"`sophos_psa_integrations`); with `" + string(api.UsageSyncFrequencyWithInvoice) + "` the sync runs with the " +
				"Sophos monthly invoice and sends the products that sync with the invoice only. Null (a PSA not connected) leaves them out.",
			Validators: []function.StringParameterValidator{stringvalidator.OneOf(schedules...)},
		}),
		Return: function.ListReturn{ElementType: usageRollupLineType()},
	}
}

// rollupListParameters are the four list parameters, in order: each a list of one input shape.
func rollupListParameters() []function.Parameter {
	var out []function.Parameter
	for _, p := range []struct {
		name, what string
		shape      inputShape
	}{
		{"lines", "The month's billing lines: `data.sophos_billing_usage.<name>.lines`.", billingLineShape()},
		{"sophos_products", "The Sophos products with the billing codes each covers: `data.sophos_products.<name>.products`.", sophosProductShape()},
		{"customer_mappings", "The customer mappings of one PSA: `data.sophos_psa_customer_mappings.<name>.mappings`.", customerMappingShape()},
		{"product_mappings", "The product mappings of the same PSA: `data.sophos_psa_product_mappings.<name>.mappings`.", productMappingShape()},
	} {
		out = append(out, function.ListParameter{Name: p.name, ElementType: p.shape.objectType(), AllowNullValue: true,
			MarkdownDescription: p.what + " Each has:" + p.shape.describe()})
	}
	return out
}

func (f *usageRollupFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var lines, products, customers, mappings types.List
	var schedule types.String
	if resp.Error = req.Arguments.Get(ctx, &lines, &products, &customers, &mappings, &schedule); resp.Error != nil {
		return
	}
	if !fullyKnown(ctx, lines, products, customers, mappings, schedule) {
		resp.Error = resp.Result.Set(ctx, types.ListUnknown(usageRollupLineType()))
		return
	}
	in := rules.SyncInput{WithInvoice: schedule.ValueString() == string(api.UsageSyncFrequencyWithInvoice)}
	var problems []*function.FuncError
	decoded := func(position int64, problem string) {
		if problem != "" {
			problems = append(problems, argumentError(position, problem))
		}
	}
	var problem string
	in.Lines, problem = decodeInputs(ctx, lines, billingLineInput.toAPI)
	decoded(rollupLines, problem)
	in.Products, problem = decodeInputs(ctx, products, sophosProductInput.toAPI)
	decoded(rollupSophosProducts, problem)
	// The rows of one PSA's data source do not say which PSA: the roll-up does not need it.
	in.Customers, problem = decodeInputs(ctx, customers, func(m customerMappingInput) (api.CustomerMapping, string) { return m.toAPI("") })
	decoded(rollupCustomerMappings, problem)
	in.ProductMappings, problem = decodeInputs(ctx, mappings, func(m productMappingInput) (api.ProductMapping, string) { return m.toAPI("") })
	decoded(rollupProductMappings, problem)
	if len(problems) > 0 {
		resp.Error = function.ConcatFuncErrors(problems...)
		return
	}
	sent, vs := rules.NextSync(in)
	for _, v := range vs {
		problems = append(problems, argumentError(rollupArgument(v.Field), v.Message))
	}
	if len(problems) > 0 {
		resp.Error = function.ConcatFuncErrors(problems...)
		return
	}
	out := make([]attr.Value, len(sent))
	for i, l := range sent {
		products := make([]attr.Value, len(l.SophosProducts))
		for j, p := range l.SophosProducts {
			products[j] = types.StringValue(p)
		}
		out[i] = types.ObjectValueMust(usageRollupLineType().AttrTypes, map[string]attr.Value{
			"customer_id":     types.StringValue(l.CustomerID),
			"company_id":      types.Int64Value(l.CompanyID),
			"contract_id":     types.Int64Value(l.ContractID),
			"psa_product_id":  types.Int64Value(l.PSAProductID),
			"sophos_products": types.ListValueMust(types.StringType, products),
			"quantity":        types.Float64Value(l.Quantity),
		})
	}
	resp.Error = resp.Result.Set(ctx, types.ListValueMust(usageRollupLineType(), out))
}

// argumentError is an error in the argument at position. The engine writes it as
// `Invalid value for "<parameter>" parameter: <text>.`, so text has no final period.
func argumentError(position int64, text string) *function.FuncError {
	return function.NewArgumentFuncError(position, strings.TrimSuffix(text, "."))
}

// fullyKnown reports whether values hold no unknown value at any depth: a list of objects
// with one unknown attribute cannot be rolled up yet.
func fullyKnown(ctx context.Context, values ...attr.Value) bool {
	for _, v := range values {
		tf, err := v.ToTerraformValue(ctx)
		if err != nil || !tf.IsFullyKnown() {
			return false
		}
	}
	return true
}
