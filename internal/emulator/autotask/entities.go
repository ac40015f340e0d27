package autotask

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The entities as Autotask answers them, rendered from the shared rows. Each row of the
// store is one record of the declaration (internal/api/autotask) it stands for:
//
//	companies (psa autotask)     Companies: companyName, companyNumber (identifier), isActive,
//	                             companyType (the picklist's default)
//	contracts (psa autotask)     Contracts: contractName, companyID, status (the first value of
//	                             the status picklist whose label rules.AutotaskContractStatus
//	                             reads as the row's status), contractType, startDate, endDate
//	psa_products (psa autotask)  Services, or ServiceBundles for product class Bundle: name
//	                             (description), sku (identifier), invoiceDescription (customer
//	                             description), description (notes), unitPrice, unitCost,
//	                             isActive, manufacturerServiceProviderProductNumber
//	                             (manufacturer part number), catalogNumberPartNumber (vendor
//	                             SKU), externalID (integration cross-reference), periodType
//	autotask_contract_services   ContractServices; autotask_contract_service_units: ContractServiceUnits

// entityTypes are the declarations of the served entities.
var entityTypes = map[string]reflect.Type{
	at.EntityCompanies:            reflect.TypeFor[at.Company](),
	at.EntityContracts:            reflect.TypeFor[at.Contract](),
	at.EntityServices:             reflect.TypeFor[at.Service](),
	at.EntityServiceBundles:       reflect.TypeFor[at.ServiceBundle](),
	at.EntityContractServices:     reflect.TypeFor[at.ContractService](),
	at.EntityContractServiceUnits: reflect.TypeFor[at.ContractServiceUnit](),
}

// view is one request's look at a database: its partner and picklists.
type view struct {
	ctx       context.Context
	q         store.Q
	partner   string
	picklists []store.PicklistValue
}

func newView(r *http.Request, q store.Q) (*view, error) {
	v := &view{ctx: r.Context(), q: q, partner: callerOf(r).PartnerID}
	var err error
	v.picklists, err = q.Picklists(v.ctx, v.partner)
	return v, err
}

// picklist is the values of entity.field, in sort order.
func (v *view) picklist(entity, field string) []store.PicklistValue {
	var out []store.PicklistValue
	for _, p := range v.picklists {
		if p.Entity == entity && strings.EqualFold(p.Field, field) {
			out = append(out, p)
		}
	}
	return out
}

func number(s string) *int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil
	}
	return &n
}

// defaultValue is the default value of entity.field, or nil.
func (v *view) defaultValue(entity, field string) *int {
	for _, p := range v.picklist(entity, field) {
		if p.IsDefault {
			return number(p.Value)
		}
	}
	return nil
}

// orDefault is a stored picklist value, or entity.field's default when there is none.
func (v *view) orDefault(stored *int64, entity, field string) *int {
	if stored != nil {
		n := int(*stored)
		return &n
	}
	return v.defaultValue(entity, field)
}

// statusValue is the contract status value standing for a stored status.
func (v *view) statusValue(status string) (*int, error) {
	for _, p := range v.picklist(at.EntityContracts, at.FieldContractStatus) {
		if p.IsActive && string(rules.AutotaskContractStatus(p.Label)) == status {
			return number(p.Value), nil
		}
	}
	return nil, fmt.Errorf("this Autotask database's contract status picklist has no value for %s contracts", status)
}

// records reads every record of entity in the database, by id.
func (v *view) records(entity string) ([]record, error) {
	switch entity {
	case at.EntityCompanies:
		return load(func() ([]store.Company, error) { return v.q.AllCompanies(v.ctx, v.partner, api.PsaAutotask) }, v.company)
	case at.EntityContracts:
		return load(func() ([]store.Contract, error) { return v.q.AllContracts(v.ctx, v.partner, api.PsaAutotask) }, v.contract)
	case at.EntityServices, at.EntityServiceBundles:
		services, err := v.q.AutotaskServices(v.ctx, v.partner)
		if err != nil {
			return nil, err
		}
		var out []record
		for _, s := range services {
			if s.Bundle() == (entity == at.EntityServiceBundles) {
				rec, err := v.service(s)
				if err != nil {
					return nil, err
				}
				out = append(out, rec)
			}
		}
		return out, nil
	case at.EntityContractServices:
		return load(func() ([]store.ContractService, error) { return v.q.ContractServices(v.ctx, v.partner) }, contractService)
	case at.EntityContractServiceUnits:
		return load(func() ([]store.ContractServiceUnit, error) { return v.q.ContractServiceUnits(v.ctx, v.partner) }, contractServiceUnit)
	}
	return nil, fmt.Errorf("no entity %s", entity)
}

func load[T any](read func() ([]T, error), render func(T) (record, error)) ([]record, error) {
	rows, err := read()
	if err != nil {
		return nil, err
	}
	out := make([]record, 0, len(rows))
	for _, row := range rows {
		rec, err := render(row)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// dateTime is a stored date (YYYY-MM-DD) as Autotask's datetimes read: midnight UTC.
func dateTime(d string) *string {
	if d == "" {
		return nil
	}
	s := d + "T00:00:00Z"
	return &s
}

func stamp(nanos int64) *string {
	s := time.Unix(0, nanos).UTC().Format(time.RFC3339)
	return &s
}

func (v *view) company(c store.Company) (record, error) {
	active := !c.Inactive
	return newRecord(c.ID, &at.Company{ID: c.ID, CompanyName: c.Name, CompanyNumber: opt(c.Identifier), IsActive: &active,
		CompanyType: v.defaultValue(at.EntityCompanies, at.FieldCompanyType)}), nil
}

func (v *view) contract(c store.Contract) (record, error) {
	status, err := v.statusValue(c.Status)
	if err != nil {
		return record{}, err
	}
	out := &at.Contract{ID: c.ID, CompanyID: c.CompanyID, ContractName: c.Name, Status: status,
		ContractType: v.orDefault(c.Type, at.EntityContracts, at.FieldContractType), StartDate: dateTime(c.StartDate)}
	if c.EndDate != nil {
		out.EndDate = dateTime(*c.EndDate)
	}
	return newRecord(c.ID, out), nil
}

// service renders a product as a Service, or as a ServiceBundle (the fields they share)
// when it is a bundle.
func (v *view) service(s store.AutotaskService) (record, error) {
	active := !s.Inactive
	price, cost := s.Price, s.Cost
	entity := at.EntityServices
	if s.Bundle() {
		entity = at.EntityServiceBundles
	}
	svc := &at.Service{ID: s.ID, Name: s.Description, Description: opt(s.Notes), InvoiceDescription: opt(s.CustomerDescription),
		IsActive: &active, PeriodType: v.orDefault(s.PeriodType, entity, at.FieldPeriodType), UnitPrice: &price, UnitCost: &cost,
		SKU: opt(s.Identifier), ManufacturerServiceProviderProductNumber: opt(s.ManufacturerPartNumber), CatalogNumberPartNumber: opt(s.VendorSku),
		ExternalID: opt(s.IntegrationXRef), CreateDate: stamp(s.CreatedAt), LastModifiedDate: stamp(s.UpdatedAt)}
	if !s.Bundle() {
		return newRecord(s.ID, svc), nil
	}
	raw, err := json.Marshal(svc)
	if err != nil {
		return record{}, err
	}
	var bundle at.ServiceBundle
	if err := json.Unmarshal(raw, &bundle); err != nil {
		return record{}, err
	}
	return newRecord(s.ID, &bundle), nil
}

func contractService(cs store.ContractService) (record, error) {
	return newRecord(cs.ID, &at.ContractService{ID: cs.ID, ContractID: cs.ContractID, ServiceID: cs.ServiceID, UnitPrice: cs.UnitPrice,
		UnitCost: cs.UnitCost, AdjustedPrice: cs.AdjustedPrice, InvoiceDescription: cs.InvoiceDescription, InternalDescription: cs.InternalDescription}), nil
}

func contractServiceUnit(u store.ContractServiceUnit) (record, error) {
	units := u.Units
	return newRecord(u.ID, &at.ContractServiceUnit{ID: u.ID, ContractID: u.ContractID, ContractServiceID: u.ContractServiceID, ServiceID: u.ServiceID,
		Units: &units, StartDate: dateTime(u.StartDate), EndDate: dateTime(u.EndDate), Price: u.Price, Cost: u.Cost}), nil
}
