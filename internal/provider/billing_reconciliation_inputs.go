package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// What sophos_billing_reconciliation compares, from either side: the mapping tables as
// Sophos keeps them (the snapshot's listings and the Sophos products list) or as the
// configuration writes them (customer_mappings, product_mappings), and the PSA's lines with
// its contracts' statuses.

// reconciliationMappings are the mappings of a reconciliation in the rules' types.
type reconciliationMappings struct {
	customers       []api.CustomerMapping
	products        []api.SophosProduct
	productMappings []api.ProductMapping
	// customersFromConfig and codesFromConfig say which came from the configuration.
	customersFromConfig, codesFromConfig bool
}

// configuredMappings decodes customer_mappings and product_mappings into mappings of psa:
// a configured customer bills through psa (usage sync on); each billing code is a product
// of its own, mapped to its PSA product. known is false while either is not known yet.
func configuredMappings(ctx context.Context, m *billingReconciliationModel, psa api.Psa) (out reconciliationMappings, known bool, diags diag.Diagnostics) {
	if !fullyKnown(ctx, m.CustomerMappings, m.ProductMappings) {
		return out, false, nil
	}
	var problem string
	if !m.CustomerMappings.IsNull() {
		out.customersFromConfig = true
		out.customers, problem = decodeInputs(ctx, m.CustomerMappings, func(in reconciliationCustomerInput) (api.CustomerMapping, string) {
			return api.CustomerMapping{Psa: psa, CustomerId: in.CustomerID.ValueString(), Mapped: true, UsageSyncEnabled: true,
				CompanyId: in.CompanyID.ValueInt64Pointer(), ContractId: in.ContractID.ValueInt64Pointer()}, ""
		})
		if problem != "" {
			diags.AddAttributeError(path.Root("customer_mappings"), "Invalid customer_mappings", "customer_mappings "+problem)
		}
	}
	if !m.ProductMappings.IsNull() {
		out.codesFromConfig = true
		seen := map[string]int{}
		var i int
		out.productMappings, problem = decodeInputs(ctx, m.ProductMappings, func(in reconciliationProductInput) (api.ProductMapping, string) {
			code := in.ProductCode.ValueString()
			defer func() { i++ }()
			if first, twice := seen[code]; twice {
				return api.ProductMapping{}, fmt.Sprintf("product_code %q is listed twice (elements %d and %d); a billing code is "+
					"invoiced as one PSA product. List each code once.", code, first, i)
			}
			seen[code] = i
			out.products = append(out.products, api.SophosProduct{Identifier: code, BillingProductCodes: []string{code}})
			return api.ProductMapping{Psa: psa, SophosProduct: code, Mapped: true, SyncEnabled: true, PsaProductId: in.PSAProductID.ValueInt64Pointer()}, ""
		})
		if problem != "" {
			diags.AddAttributeError(path.Root("product_mappings"), "Invalid product_mappings", "product_mappings "+problem)
		}
	}
	return out, true, diags
}

// addReconcileViolations reports what rules.Reconcile refused: on the argument that wrote
// it, or, for Sophos's own tables, saying which and where to fix it.
func addReconcileViolations(diags *diag.Diagnostics, vs rules.Violations, in reconciliationMappings) {
	for _, v := range vs {
		switch {
		case v.Field == rules.InputTolerance:
			diags.AddAttributeError(path.Root("tolerance"), v.Summary, v.Message)
		case v.Field == rules.InputCustomerMappings && in.customersFromConfig:
			diags.AddAttributeError(path.Root("customer_mappings"), v.Summary, v.Message)
		case v.Field != rules.InputCustomerMappings && in.codesFromConfig:
			diags.AddAttributeError(path.Root("product_mappings"), v.Summary, v.Message)
		default:
			diags.AddError(v.Summary, v.Message+" This is in Sophos Central Partner's mapping tables, which the reconciliation "+
				"read: fix the mapping there, or write the mappings of this PSA in the configuration (customer_mappings, "+
				"product_mappings).")
		}
	}
}

// sophosMappings completes in with Sophos's tables where the configuration wrote none: the
// customer mappings of psa and of the other PSA (so a customer only the other bills is left
// out; one whose other PSA is not connected has none there), the product mappings of psa
// and the Sophos products with their billing codes.
func (d *billingReconciliationDataSource) sophosMappings(ctx context.Context, psa api.Psa, in *reconciliationMappings) error {
	s := d.snapshot
	if !in.customersFromConfig {
		for _, p := range []api.Psa{psa, psa.Other()} {
			err := s.customerMappingsOf(p).each(ctx, func(m api.CustomerMapping, _ bool) bool {
				if m.Mapped {
					in.customers = append(in.customers, m)
				}
				return true
			})
			if err != nil && (p == psa || !client.IsIntegrationProblem(err)) {
				return err
			}
		}
	}
	if in.codesFromConfig {
		return nil
	}
	err := s.productMappingsOf(psa).each(ctx, func(m api.ProductMapping, _ bool) bool {
		in.productMappings = append(in.productMappings, m)
		return true
	})
	if err != nil {
		return err
	}
	in.products, err = s.sophosProductList(ctx)
	return err
}

// mappedContracts and mappedProducts are what the PSA's lines are read for: the contracts
// psa's customers are mapped to, the PSA products Sophos products (codes) are mapped to.
func (in reconciliationMappings) mappedContracts(psa api.Psa) []int64 {
	var out []int64
	for _, m := range in.customers {
		if m.Psa == psa && m.Mapped && m.ContractId != nil {
			out = append(out, *m.ContractId)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (in reconciliationMappings) mappedProducts() []int64 {
	var out []int64
	for _, m := range in.productMappings {
		if m.Mapped && m.PsaProductId != nil {
			out = append(out, *m.PsaProductId)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// listedContracts is the run's listing of psa's contracts by id (the snapshot's, shared).
func (d *billingReconciliationDataSource) listedContracts(ctx context.Context, psa api.Psa) (map[int64]api.PsaContract, error) {
	out := map[int64]api.PsaContract{}
	err := d.snapshot.contractsOf(psa).each(ctx, func(c api.PsaContract, _ bool) bool {
		out[c.Id] = c
		return true
	})
	return out, err
}

// withPSAStatuses sets the PSA's own status of each contract on psa's mappings and on the
// lines, and the lines' companies.
func (in *reconciliationMappings) withPSAStatuses(psa api.Psa, set *psaLineSet, listed map[int64]api.PsaContract) {
	for i := range in.customers {
		m := &in.customers[i]
		if m.Psa == psa && m.ContractId != nil {
			m.ContractStatus = ptr(contractStatusIn(listed, set.Gone, *m.ContractId))
		}
	}
	for i := range set.Lines {
		l := &set.Lines[i]
		l.ContractStatus = contractStatusIn(listed, set.Gone, l.ContractID)
		l.CompanyID = listed[l.ContractID].CompanyId
	}
}

// names are the customers' names (the billing report's, else the mapping tables') and the
// listed contracts' names.
func (in reconciliationMappings) names(lines []api.BillingUsageItem, listed map[int64]api.PsaContract) reconciliationNames {
	out := reconciliationNames{customers: map[string]string{}, contracts: map[int64]string{}}
	for _, l := range lines {
		if l.AccountId != nil && l.AssignedAccountIdentifier != nil && out.customers[customerKey(*l.AccountId)] == "" {
			out.customers[customerKey(*l.AccountId)] = *l.AssignedAccountIdentifier
		}
	}
	for _, m := range in.customers {
		if k := customerKey(m.CustomerId); out.customers[k] == "" && m.CustomerName != "" {
			out.customers[k] = m.CustomerName
		}
	}
	for id, c := range listed {
		out.contracts[id] = c.Name
	}
	return out
}

// monthDays are the first and last day of a month (YYYY-MM-DD).
func monthDays(year, month int) (from, to string) {
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	return first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly)
}
