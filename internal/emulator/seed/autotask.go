package seed

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// An Autotask database's own data: its picklists, its products as services and service
// bundles, and its contracts' types and services.

// DefaultAutotaskPicklists are the picklists of an Autotask database whose seed names none.
// Autotask publishes that these fields are picklists whose values differ per database, and
// that contractType 7 is Recurring Service; the other values and labels are the emulator's
// (see internal/emulator/README.md). The status labels are read by rules.AutotaskContractStatus.
func DefaultAutotaskPicklists() []Picklist {
	periods := []PicklistValue{{Value: 1, Label: "Monthly", Default: true, System: true}, {Value: 2, Label: "Quarterly", System: true},
		{Value: 3, Label: "Semi-Annual", System: true}, {Value: 4, Label: "Yearly", System: true}}
	return []Picklist{
		{Entity: at.EntityCompanies, Field: at.FieldCompanyType, Values: []PicklistValue{
			{Value: 1, Label: "Customer", Default: true, System: true}, {Value: 2, Label: "Lead", System: true},
			{Value: 3, Label: "Prospect", System: true}, {Value: 4, Label: "Dead", System: true},
			{Value: 6, Label: "Cancellation", System: true}, {Value: 7, Label: "Vendor", System: true}, {Value: 8, Label: "Partner", System: true}}},
		{Entity: at.EntityContracts, Field: at.FieldContractStatus, Values: []PicklistValue{
			{Value: 1, Label: "Active", Default: true, System: true}, {Value: 0, Label: "Inactive", System: true},
			{Value: 2, Label: "Expired"}, {Value: 3, Label: "Terminated"}}},
		{Entity: at.EntityContracts, Field: at.FieldContractType, Values: []PicklistValue{
			{Value: 1, Label: "Time and Materials", System: true}, {Value: 3, Label: "Fixed Price", System: true},
			{Value: 4, Label: "Block Hours", System: true}, {Value: 6, Label: "Retainer", System: true},
			{Value: at.ContractTypeRecurringService, Label: "Recurring Service", Default: true, System: true},
			{Value: 8, Label: "Per Ticket", System: true}}},
		{Entity: at.EntityServices, Field: at.FieldPeriodType, Values: periods},
		{Entity: at.EntityServiceBundles, Field: at.FieldPeriodType, Values: slices.Clone(periods)},
	}
}

// EffectivePicklists are the partner's picklists: the defaults, with those a seed names in
// their place.
func (a *Autotask) EffectivePicklists() []Picklist {
	out := DefaultAutotaskPicklists()
	if a == nil {
		return out
	}
	for _, p := range a.Picklists {
		i := slices.IndexFunc(out, func(d Picklist) bool {
			return strings.EqualFold(d.Entity, p.Entity) && strings.EqualFold(d.Field, p.Field)
		})
		if i < 0 {
			out = append(out, p)
		} else {
			out[i] = p
		}
	}
	return out
}

// picklist finds entity.field in lists.
func picklist(lists []Picklist, entity, field string) []PicklistValue {
	for _, p := range lists {
		if strings.EqualFold(p.Entity, entity) && strings.EqualFold(p.Field, field) {
			return p.Values
		}
	}
	return nil
}

// valueOf is the value of label in a picklist; nil for "" (the default); false when no
// value has the label.
func valueOf(values []PicklistValue, label string) (*int64, bool) {
	if label == "" {
		return nil, true
	}
	for _, v := range values {
		if strings.EqualFold(v.Label, label) {
			return &v.Value, true
		}
	}
	return nil, false
}

func labels(values []PicklistValue) string {
	var out []string
	for _, v := range values {
		out = append(out, v.Label)
	}
	return api.QuotedList(out)
}

// servedEntities are the entities the Autotask room serves.
func servedEntities() []string {
	return []string{at.EntityCompanies, at.EntityContracts, at.EntityServices, at.EntityServiceBundles, at.EntityContractServices, at.EntityContractServiceUnits}
}

// autotask checks a partner's Autotask data beyond what it shares with ConnectWise.
func (v *seedValidator) autotask(path string, a *Autotask) {
	for i := range a.Picklists {
		v.picklist(fmt.Sprintf("%s.picklists[%d]", path, i), &a.Picklists[i])
	}
	lists := a.EffectivePicklists()
	statuses := map[api.CustomerMappingContractStatus]bool{}
	for _, s := range picklist(lists, at.EntityContracts, at.FieldContractStatus) {
		if !s.Inactive {
			statuses[rules.AutotaskContractStatus(s.Label)] = true
		}
	}
	for _, want := range api.CustomerMappingContractStatuses() {
		if want != api.CustomerMappingContractStatusMissing && !statuses[want] {
			v.addf(path+".picklists", "Contracts.status needs an active value whose label reads as %s (see rules.AutotaskContractStatus: %s), so that contracts of every status can be served",
				want, strings.Join(rules.AutotaskStatusWords()[want], ", "))
		}
	}
	if !slices.ContainsFunc(picklist(lists, at.EntityContracts, at.FieldContractType), func(p PicklistValue) bool { return p.Default }) {
		v.addf(path+".picklists", "Contracts.contractType needs a default value (the type of contracts that name none)")
	}
	kinds := map[int64]bool{} // product id -> is a bundle
	for i := range a.Products {
		p := &a.Products[i]
		pp := fmt.Sprintf("%s.products[%d]", path, i)
		kinds[p.ID] = p.ProductClass == string(api.ProductClassBundle)
		entity := at.EntityServices
		if kinds[p.ID] {
			entity = at.EntityServiceBundles
		}
		if _, ok := valueOf(picklist(lists, entity, at.FieldPeriodType), p.PeriodType); !ok {
			v.addf(pp+".periodType", "%q is not a %s periodType (%s)", p.PeriodType, entity, labels(picklist(lists, entity, at.FieldPeriodType)))
		}
	}
	for i, p := range a.Products {
		pp := fmt.Sprintf("%s.products[%d]", path, i)
		if len(p.Services) > 0 && !kinds[p.ID] {
			v.addf(pp+".services", "only a service bundle (productClass Bundle) has services")
		}
		for _, s := range p.Services {
			if bundle, ok := kinds[s]; !ok || bundle {
				v.addf(pp+".services", "%d is not a service (a product of this Autotask that is not a bundle)", s)
			}
		}
	}
	for i, c := range a.Contracts {
		cp := fmt.Sprintf("%s.contracts[%d]", path, i)
		if _, ok := valueOf(picklist(lists, at.EntityContracts, at.FieldContractType), c.Type); !ok {
			v.addf(cp+".type", "%q is not a contractType (%s)", c.Type, labels(picklist(lists, at.EntityContracts, at.FieldContractType)))
		}
		for j, s := range c.Services {
			sp := fmt.Sprintf("%s.services[%d]", cp, j)
			if bundle, ok := kinds[s.ServiceID]; !ok || bundle {
				v.addf(sp+".serviceId", "%d is not a service (a product of this Autotask that is not a bundle)", s.ServiceID)
			}
			for k, u := range s.Units {
				v.units(fmt.Sprintf("%s.units[%d]", sp, k), u)
			}
		}
	}
}

// units checks the units of a contract service: a period, or monthly ones.
func (v *seedValidator) units(path string, u Units) {
	if u.Units < 0 {
		v.addf(path+".units", "units must not be negative")
	}
	if u.MonthlyFrom == "" {
		v.date(path+".startDate", u.StartDate)
		v.date(path+".endDate", u.EndDate)
		if u.EndDate < u.StartDate {
			v.addf(path, "the period must not end before it starts")
		}
		return
	}
	if _, err := time.Parse(store.MonthLayout, u.MonthlyFrom); err != nil {
		v.addf(path+".monthlyFrom", "must be a month YYYY-MM (got %q)", u.MonthlyFrom)
	}
	if u.ID != 0 || u.StartDate != "" || u.EndDate != "" {
		v.addf(path, "monthlyFrom makes one period a month: leave id, startDate and endDate out")
	}
}

// periods are the periods of units as [start, end] dates: its own, or with MonthlyFrom one a
// month up to the month of now and the contract's end (endDate, "" for none).
func (u Units) periods(now time.Time, endDate string) [][2]string {
	if u.MonthlyFrom == "" {
		return [][2]string{{u.StartDate, u.EndDate}}
	}
	var out [][2]string
	last := now.UTC().Format(store.MonthLayout)
	first, err := time.Parse(store.MonthLayout, u.MonthlyFrom)
	for m := first; err == nil && m.Format(store.MonthLayout) <= last; m = m.AddDate(0, 1, 0) {
		start := m.Format(time.DateOnly)
		if endDate != "" && start > endDate {
			break
		}
		out = append(out, [2]string{start, m.AddDate(0, 1, -1).Format(time.DateOnly)})
	}
	return out
}

// picklist checks one picklist of a seed.
func (v *seedValidator) picklist(path string, p *Picklist) {
	v.oneOf(path+".entity", p.Entity, servedEntities()...)
	v.required(path+".field", p.Field)
	if len(p.Values) == 0 {
		v.addf(path+".values", "a picklist needs values")
	}
	seen, defaults := map[int64]bool{}, 0
	for i := range p.Values {
		pv := &p.Values[i]
		vp := fmt.Sprintf("%s.values[%d]", path, i)
		v.required(vp+".label", pv.Label)
		if seen[pv.Value] {
			v.addf(vp+".value", "duplicate value %d", pv.Value)
		}
		seen[pv.Value] = true
		if pv.Default {
			defaults++
		}
		if pv.SortOrder == 0 {
			pv.SortOrder = i + 1
		}
	}
	if defaults > 1 {
		v.addf(path+".values", "at most one value is the default")
	}
}

// notAutotask refuses Autotask-only fields in ConnectWise data.
func (v *seedValidator) notAutotask(path string, cw *ConnectWise) {
	for i, p := range cw.Products {
		if p.PeriodType != "" || len(p.Services) > 0 {
			v.addf(fmt.Sprintf("%s.products[%d]", path, i), "periodType and services are Autotask fields; leave them out of ConnectWise products")
		}
	}
	for i, c := range cw.Agreements {
		if c.Type != "" || len(c.Services) > 0 {
			v.addf(fmt.Sprintf("%s.agreements[%d]", path, i), "type and services are Autotask contract fields; leave them out of ConnectWise agreements")
		}
	}
}

// loadAutotask stores a partner's Autotask picklists (the defaults without an autotask
// block) and the Autotask side of its Autotask data.
func loadAutotask(ctx context.Context, q store.Q, partnerID string, a *Autotask, ts int64) error {
	lists := a.EffectivePicklists()
	if err := putPicklists(ctx, q, partnerID, lists); err != nil {
		return err
	}
	if a == nil {
		return nil
	}
	typeOf := func(c Contract) *int64 {
		v, _ := valueOf(picklist(lists, at.EntityContracts, at.FieldContractType), c.Type)
		return v
	}
	if err := loadPSAData(ctx, q, partnerID, api.PsaAutotask, a.Products, a.Companies, a.Contracts, typeOf, ts); err != nil {
		return err
	}
	for _, p := range a.Products {
		entity := at.EntityServices
		if p.ProductClass == string(api.ProductClassBundle) {
			entity = at.EntityServiceBundles
		}
		period, _ := valueOf(picklist(lists, entity, at.FieldPeriodType), p.PeriodType)
		if err := q.PutAutotaskService(ctx, p.ID, period, p.Services); err != nil {
			return fmt.Errorf("Autotask product %d: %w", p.ID, err)
		}
	}
	for _, c := range a.Contracts {
		for _, s := range c.Services {
			id, err := q.InsertContractService(ctx, partnerID, store.ContractService{ID: s.ID, ContractID: c.ID, ServiceID: s.ServiceID,
				UnitPrice: s.UnitPrice, UnitCost: s.UnitCost, AdjustedPrice: s.AdjustedPrice,
				InvoiceDescription: optText(s.InvoiceDescription), InternalDescription: optText(s.InternalDescription)})
			if err != nil {
				return fmt.Errorf("contract %d, service %d: %w", c.ID, s.ServiceID, err)
			}
			for _, u := range s.Units {
				for _, p := range u.periods(time.Unix(0, ts), c.EndDate) {
					_, err := q.InsertContractServiceUnit(ctx, partnerID, store.ContractServiceUnit{ID: u.ID, ContractServiceID: id, Units: u.Units,
						StartDate: p[0], EndDate: p[1], Price: u.Price, Cost: u.Cost})
					if err != nil {
						return fmt.Errorf("contract %d, service %d, units from %s: %w", c.ID, s.ServiceID, p[0], err)
					}
				}
			}
		}
	}
	return nil
}

func putPicklists(ctx context.Context, q store.Q, partnerID string, lists []Picklist) error {
	for _, p := range lists {
		values := make([]store.PicklistValue, 0, len(p.Values))
		for i, v := range p.Values {
			sort := v.SortOrder
			if sort == 0 {
				sort = i + 1
			}
			values = append(values, store.PicklistValue{Entity: p.Entity, Field: p.Field, Value: strconv.FormatInt(v.Value, 10), Label: v.Label,
				IsActive: !v.Inactive, IsDefault: v.Default, IsSystem: v.System, SortOrder: sort, ParentValue: v.ParentValue})
		}
		if err := q.PutPicklist(ctx, partnerID, p.Entity, p.Field, values); err != nil {
			return fmt.Errorf("Autotask picklist %s.%s: %w", p.Entity, p.Field, err)
		}
	}
	return nil
}

// AddMissingPicklists gives the default picklists to every partner that has none (a
// database made before the Autotask room).
func AddMissingPicklists(ctx context.Context, q store.Q) error {
	partners, err := q.PartnersWithoutPicklists(ctx)
	if err != nil {
		return err
	}
	for _, p := range partners {
		if err := putPicklists(ctx, q, p, DefaultAutotaskPicklists()); err != nil {
			return err
		}
	}
	return nil
}

func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
