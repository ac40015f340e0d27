package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The sophos_psa_usage_sync_history data source's model and its one mapper from the API.

type psaUsageSyncHistoryModel struct {
	PSA        types.String        `tfsdk:"psa"`
	CustomerID types.String        `tfsdk:"customer_id"`
	MaxRuns    types.Int64         `tfsdk:"max_runs"`
	Runs       []usageSyncRunModel `tfsdk:"runs"`
}

type usageSyncRunModel struct {
	ID              types.Int64               `tfsdk:"id"`
	Trigger         types.String              `tfsdk:"trigger"`
	Status          types.String              `tfsdk:"status"`
	Month           types.String              `tfsdk:"month"`
	StartedAt       types.String              `tfsdk:"started_at"`
	FinishedAt      types.String              `tfsdk:"finished_at"`
	Error           types.String              `tfsdk:"error"`
	CustomersSynced types.Int64               `tfsdk:"customers_synced"`
	CustomersFailed types.Int64               `tfsdk:"customers_failed"`
	Results         []usageSyncCustomerResult `tfsdk:"results"`
}

type usageSyncCustomerResult struct {
	CustomerID   types.String            `tfsdk:"customer_id"`
	CustomerName types.String            `tfsdk:"customer_name"`
	CompanyID    types.Int64             `tfsdk:"company_id"`
	CompanyName  types.String            `tfsdk:"company_name"`
	ContractID   types.Int64             `tfsdk:"contract_id"`
	ContractName types.String            `tfsdk:"contract_name"`
	Status       types.String            `tfsdk:"status"`
	Error        types.String            `tfsdk:"error"`
	Lines        []usageSyncLineModel    `tfsdk:"lines"`
	PSALines     []usageSyncPSALineModel `tfsdk:"psa_lines"`
}

type usageSyncLineModel struct {
	SophosProduct        types.String  `tfsdk:"sophos_product"`
	PSAProductID         types.Int64   `tfsdk:"psa_product_id"`
	PSAProductIdentifier types.String  `tfsdk:"psa_product_identifier"`
	Quantity             types.Float64 `tfsdk:"quantity"`
}

// usageSyncPSALineModel is a line of the PSA a run wrote.
type usageSyncPSALineModel struct {
	Action                types.String   `tfsdk:"action"`
	PSAProductID          types.Int64    `tfsdk:"psa_product_id"`
	SophosProducts        []types.String `tfsdk:"sophos_products"`
	Quantity              types.Float64  `tfsdk:"quantity"`
	AdditionID            types.Int64    `tfsdk:"addition_id"`
	ContractServiceID     types.Int64    `tfsdk:"contract_service_id"`
	ContractServiceUnitID types.Int64    `tfsdk:"contract_service_unit_id"`
}

// usageSyncRunFromAPI maps a run of the API to the model; it is the one mapper.
func usageSyncRunFromAPI(r *api.UsageSyncRun) usageSyncRunModel {
	m := usageSyncRunModel{
		ID: types.Int64Value(r.Id), Trigger: types.StringValue(string(r.Trigger)), Status: types.StringValue(string(r.Status)),
		Month: types.StringValue(r.Month), StartedAt: types.StringValue(r.StartedAt.UTC().Format(time.RFC3339)),
		FinishedAt: types.StringValue(r.FinishedAt.UTC().Format(time.RFC3339)), Error: types.StringPointerValue(r.Error),
		CustomersSynced: types.Int64Value(int64(r.CustomersSynced)), CustomersFailed: types.Int64Value(int64(r.CustomersFailed)),
		Results: make([]usageSyncCustomerResult, 0, len(r.Results)),
	}
	for _, res := range r.Results {
		row := usageSyncCustomerResult{
			CustomerID: types.StringValue(res.CustomerId), CustomerName: types.StringValue(res.CustomerName),
			CompanyID: types.Int64Value(res.CompanyId), CompanyName: types.StringPointerValue(res.CompanyName),
			ContractID: types.Int64PointerValue(res.ContractId), ContractName: types.StringPointerValue(res.ContractName),
			Status: types.StringValue(string(res.Status)), Error: types.StringPointerValue(res.Error),
			Lines: make([]usageSyncLineModel, 0, len(res.Lines)), PSALines: make([]usageSyncPSALineModel, 0, len(res.PsaLines)),
		}
		for _, l := range res.Lines {
			row.Lines = append(row.Lines, usageSyncLineModel{SophosProduct: types.StringValue(l.SophosProduct), PSAProductID: types.Int64Value(l.PsaProductId),
				PSAProductIdentifier: types.StringPointerValue(l.PsaProductIdentifier), Quantity: types.Float64Value(l.Quantity)})
		}
		for _, l := range res.PsaLines {
			products := make([]types.String, len(l.SophosProducts))
			for i, p := range l.SophosProducts {
				products[i] = types.StringValue(p)
			}
			row.PSALines = append(row.PSALines, usageSyncPSALineModel{Action: types.StringValue(string(l.Action)), PSAProductID: types.Int64Value(l.PsaProductId),
				SophosProducts: products, Quantity: types.Float64Value(l.Quantity), AdditionID: types.Int64PointerValue(l.AdditionId),
				ContractServiceID: types.Int64PointerValue(l.ContractServiceId), ContractServiceUnitID: types.Int64PointerValue(l.ContractServiceUnitId)})
		}
		m.Results = append(m.Results, row)
	}
	return m
}
