package provider

import (
	"math"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The model of sophos_billing_reconciliation and the one mapper of a reconciliation
// (rules.Reconciliation) to it.

type billingReconciliationModel struct {
	PSA              types.String                       `tfsdk:"psa"`
	Year             types.Int64                        `tfsdk:"year"`
	Month            types.Int64                        `tfsdk:"month"`
	Tolerance        types.Float64                      `tfsdk:"tolerance"`
	CustomerMappings types.List                         `tfsdk:"customer_mappings"`
	ProductMappings  types.List                         `tfsdk:"product_mappings"`
	Rows             []reconciliationRowModel           `tfsdk:"rows"`
	TotalsByStatus   map[string]reconciliationTotal     `tfsdk:"totals_by_status"`
	TotalsByCustomer map[string]reconciliationCustomers `tfsdk:"totals_by_customer"`
}

// reconciliationCustomerInput is an element of customer_mappings.
type reconciliationCustomerInput struct {
	CustomerID types.String `tfsdk:"customer_id"`
	CompanyID  types.Int64  `tfsdk:"company_id"`
	ContractID types.Int64  `tfsdk:"contract_id"`
}

// reconciliationProductInput is an element of product_mappings.
type reconciliationProductInput struct {
	ProductCode  types.String `tfsdk:"product_code"`
	PSAProductID types.Int64  `tfsdk:"psa_product_id"`
}

type reconciliationRowModel struct {
	CustomerID      types.String   `tfsdk:"customer_id"`
	CustomerName    types.String   `tfsdk:"customer_name"`
	CompanyID       types.Int64    `tfsdk:"company_id"`
	ContractID      types.Int64    `tfsdk:"contract_id"`
	ContractName    types.String   `tfsdk:"contract_name"`
	ContractStatus  types.String   `tfsdk:"contract_status"`
	PSAProductID    types.Int64    `tfsdk:"psa_product_id"`
	SophosProducts  []types.String `tfsdk:"sophos_products"`
	ProductCodes    []types.String `tfsdk:"product_codes"`
	SophosQuantity  types.Float64  `tfsdk:"sophos_quantity"`
	PSAQuantity     types.Float64  `tfsdk:"psa_quantity"`
	PSALines        types.Int64    `tfsdk:"psa_lines"`
	SophosUnitPrice types.Float64  `tfsdk:"sophos_unit_price"`
	PSAUnitPrice    types.Float64  `tfsdk:"psa_unit_price"`
	Status          types.String   `tfsdk:"status"`
	Problems        []types.String `tfsdk:"problems"`
	MoneyAtStake    moneyAtStake   `tfsdk:"money_at_stake"`
}

// moneyAtStake splits what a row or a total puts at stake: the quantity difference, the
// price shortfall, and both.
type moneyAtStake struct {
	Quantity types.Float64 `tfsdk:"quantity"`
	Price    types.Float64 `tfsdk:"price"`
	Total    types.Float64 `tfsdk:"total"`
}

type reconciliationTotal struct {
	Rows         types.Int64  `tfsdk:"rows"`
	MoneyAtStake moneyAtStake `tfsdk:"money_at_stake"`
}

type reconciliationCustomers struct {
	Rows         types.Int64  `tfsdk:"rows"`
	Problems     types.Int64  `tfsdk:"problems"`
	MoneyAtStake moneyAtStake `tfsdk:"money_at_stake"`
}

func moneyOf(t rules.ReconcileTotal) moneyAtStake {
	return moneyAtStake{Quantity: amount(t.QuantityAtStake), Price: amount(t.PriceAtStake), Total: amount(t.QuantityAtStake + t.PriceAtStake)}
}

// amount is a sum of quantities or prices as a row shows it: to a millionth, so binary
// rounding (102.49999999999999 for 25 x 4.10) does not show, and no real figure changes.
func amount(v float64) types.Float64 { return types.Float64Value(math.Round(v*1e6) / 1e6) }

// optionalAmount is amount, or null.
func optionalAmount(v *float64) types.Float64 {
	if v == nil {
		return types.Float64Null()
	}
	return amount(*v)
}

// reconciliationNames are what the rows show next to their ids: customers' names (from the
// billing lines, else the mapping tables) and contracts' names (from the PSA).
type reconciliationNames struct {
	customers map[string]string
	contracts map[int64]string
}

// setReconciliation maps r onto the model. codesOnly: the product mappings were product
// codes (product_mappings), so rows name no Sophos product.
func (m *billingReconciliationModel) setReconciliation(r *rules.Reconciliation, names reconciliationNames, codesOnly bool) {
	m.Rows = make([]reconciliationRowModel, 0, len(r.Rows))
	for _, row := range r.Rows {
		out := reconciliationRowModel{
			CustomerID: optionalString(&row.CustomerID), CustomerName: optionalString(ptr(names.customers[row.CustomerID])),
			CompanyID: types.Int64PointerValue(row.CompanyID), ContractID: types.Int64PointerValue(row.ContractID),
			ContractStatus: optionalString(ptr(string(row.ContractStatus))), PSAProductID: types.Int64PointerValue(row.PSAProductID),
			SophosProducts: stringValues(row.SophosProducts), ProductCodes: stringValues(row.ProductCodes),
			SophosQuantity: amount(row.SophosQuantity), PSAQuantity: amount(row.PSAQuantity),
			PSALines: types.Int64Value(int64(row.PSALines)), SophosUnitPrice: optionalAmount(row.SophosUnitPrice),
			PSAUnitPrice: optionalAmount(row.PSAUnitPrice), Status: types.StringValue(string(row.Status)),
			Problems:     stringValues(api.Strings(row.Problems)),
			MoneyAtStake: moneyOf(rules.ReconcileTotal{QuantityAtStake: row.QuantityAtStake, PriceAtStake: row.PriceAtStake}),
			ContractName: types.StringNull(),
		}
		if row.ContractID != nil {
			out.ContractName = optionalString(ptr(names.contracts[*row.ContractID]))
		}
		if codesOnly {
			out.SophosProducts = []types.String{}
		}
		m.Rows = append(m.Rows, out)
	}
	m.TotalsByStatus = make(map[string]reconciliationTotal, len(r.ByStatus))
	for _, t := range r.ByStatus {
		m.TotalsByStatus[string(t.Status)] = reconciliationTotal{Rows: types.Int64Value(int64(t.Rows)), MoneyAtStake: moneyOf(t.ReconcileTotal)}
	}
	m.TotalsByCustomer = make(map[string]reconciliationCustomers, len(r.ByCustomer))
	for _, t := range r.ByCustomer {
		m.TotalsByCustomer[t.CustomerID] = reconciliationCustomers{Rows: types.Int64Value(int64(t.Rows)),
			Problems: types.Int64Value(int64(t.Problems)), MoneyAtStake: moneyOf(t.ReconcileTotal)}
	}
}

func stringValues(ss []string) []types.String {
	out := make([]types.String, len(ss))
	for i, s := range ss {
		out[i] = types.StringValue(s)
	}
	return out
}
