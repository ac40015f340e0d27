package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The one mapper of each Autotask object to the contract's row the provider works with, so
// a row read from Autotask is the row the Sophos integration shows of the same object. The
// emulator's Autotask room renders its shared rows the other way (internal/emulator/README.md,
// "What the rows are in Autotask"); the acceptance tests of both modes hold the two together.

// autotaskCompany is a company: companyName, companyNumber as the identifier.
func autotaskCompany(c at.Company) api.PsaCompany {
	out := api.PsaCompany{Id: c.ID, Psa: api.PsaAutotask, Name: c.CompanyName}
	if c.CompanyNumber != nil && *c.CompanyNumber != "" {
		out.Identifier = c.CompanyNumber
	}
	return out
}

// autotaskContract is a contract with what the directory worked out: what its status means,
// its company's name, and whether its name is unique among the contracts that are not
// cancelled; its type is the contractType picklist's label.
func autotaskContract(c at.Contract, status api.CustomerMappingContractStatus, companyName string, types map[string]at.PicklistValue, nameUnique bool) api.PsaContract {
	out := api.PsaContract{Id: c.ID, Psa: api.PsaAutotask, Name: c.ContractName, CompanyId: c.CompanyID, CompanyName: companyName,
		Status: api.ContractStatus(status), StartDate: autotaskDate(c.StartDate), NameUnique: nameUnique}
	if c.EndDate != nil {
		end := autotaskDate(c.EndDate)
		out.EndDate = &end
	}
	if c.ContractType != nil {
		if t, ok := types[fmt.Sprint(*c.ContractType)]; ok {
			out.Type = &t.Label
		}
	}
	return out
}

// autotaskDate is the date of an Autotask datetime ("2024-01-01T00:00:00Z" -> "2024-01-01").
func autotaskDate(s *string) string {
	if s == nil {
		return ""
	}
	if len(*s) >= len("2006-01-02") {
		return (*s)[:len("2006-01-02")]
	}
	return *s
}

// serviceRow is what a product is made of, from a service or a service bundle.
type serviceRow struct {
	id                                          int64
	name                                        string
	sku, invoiceDescription, description        *string
	unitPrice, unitCost                         *float64
	isActive                                    *bool
	partNumber, catalogNumber, externalID, last *string
}

func serviceRowOf(s at.Service) serviceRow {
	return serviceRow{id: s.ID, name: s.Name, sku: s.SKU, invoiceDescription: s.InvoiceDescription, description: s.Description,
		unitPrice: s.UnitPrice, unitCost: s.UnitCost, isActive: s.IsActive, partNumber: s.ManufacturerServiceProviderProductNumber,
		catalogNumber: s.CatalogNumberPartNumber, externalID: s.ExternalID, last: s.LastModifiedDate}
}

func bundleRowOf(b at.ServiceBundle) serviceRow {
	return serviceRow{id: b.ID, name: b.Name, sku: b.SKU, invoiceDescription: b.InvoiceDescription, description: b.Description,
		unitPrice: b.UnitPrice, unitCost: b.UnitCost, isActive: b.IsActive, partNumber: b.ManufacturerServiceProviderProductNumber,
		catalogNumber: b.CatalogNumberPartNumber, externalID: b.ExternalID, last: b.LastModifiedDate}
}

// autotaskProduct is a service (class Service) or service bundle (Bundle) as a product: its
// name is the description, its SKU the identifier, its invoice description the customer
// description (the name when it has none), its description the notes; Autotask services have
// no taxable flag and no ConnectWise reference data. Its version is lastModifiedDate.
func autotaskProduct(s serviceRow, class api.ProductClass) api.PsaProduct {
	out := api.PsaProduct{Id: s.id, Psa: api.PsaAutotask, Identifier: deref(s.sku), Description: s.name, CustomerDescription: s.name,
		ProductClass: class, InactiveFlag: s.isActive != nil && !*s.isActive, ManufacturerPartNumber: s.partNumber,
		VendorSku: s.catalogNumber, Notes: s.description, IntegrationXRef: s.externalID, Etag: s.last}
	if s.invoiceDescription != nil && *s.invoiceDescription != "" {
		out.CustomerDescription = *s.invoiceDescription
	}
	if s.unitPrice != nil {
		out.Price = *s.unitPrice
	}
	if s.unitCost != nil {
		out.Cost = *s.unitCost
	}
	return out
}

// autotaskContractStatus is what a contract's status means to Sophos: its label read by
// rules.AutotaskContractStatus. A value the picklist lacks is read as active (offered, as
// Sophos offers every contract it cannot tell is cancelled), and logged.
func autotaskContractStatus(ctx context.Context, c at.Contract, statuses map[string]at.PicklistValue) api.CustomerMappingContractStatus {
	if c.Status == nil {
		return api.CustomerMappingContractStatusActive
	}
	v, ok := statuses[fmt.Sprint(*c.Status)]
	if !ok {
		tflog.Warn(ctx, "An Autotask contract's status is not in the status picklist; it is read as active",
			map[string]any{"contract_id": c.ID, "status": *c.Status})
		return api.CustomerMappingContractStatusActive
	}
	return rules.AutotaskContractStatus(v.Label)
}
