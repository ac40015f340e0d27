package provider

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	atclient "github.com/psa-iac/terraform-provider-sophos/internal/client/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// autotaskDirectory reads Autotask through its own REST API (the provider's autotask
// block): companies, contracts with the labels of their status and type from the database's
// picklists (entityInformation/fields), services and service bundles as the products. Each
// entity is read once per provider process (one query, IncludeFields and MaxRecords 500,
// following nextPageUrl) and shared: a contract listing and a company check cost no second
// read of the companies. Only the active companies are listed (isActive eq true, on the
// server); an inactive one is read by id only when something needs it (a company check of
// it, or a contract of it that is not cancelled, listed with its company's name as through
// the integration), MaxRecords ids a query, each once. Rows are the contract's types with the integration's rules
// (provider_directory.go); the rows themselves are mapped in provider_directory_autotask_rows.go.
//
// Autotask's budget is shared with every other integration of the MSP's database (10,000
// requests an hour), so a failure that every later read would meet too (refused credentials,
// an unknown user, the hourly threshold, a security level that shows nothing) is final: it is
// remembered and returned again without another request.
type autotaskDirectory struct {
	client *atclient.Client
	user   string
	// integration is the Sophos integration's view of Autotask, asked only when Autotask
	// lists nothing, to tell an empty Autotask from an API user that may not see it.
	integration psaDirectory

	mu    sync.Mutex
	final error

	companies readOnce[[]at.Company] // the active ones
	// byID are the companies read by id (the inactive ones needed); nil for an id Autotask
	// does not have.
	byIDMu    sync.Mutex
	byID      map[int64]*at.Company
	contracts readOnce[[]at.Contract]
	fields    readOnce[*at.EntityFields]
	services  readOnce[[]at.Service]
	bundles   readOnce[[]at.ServiceBundle]
}

// The fields each entity is read with.
var (
	autotaskCompanyFields  = []string{at.FieldID, at.FieldCompanyName, at.FieldCompanyNumber, at.FieldIsActive}
	autotaskContractFields = []string{at.FieldID, at.FieldCompanyID, at.FieldContractName, at.FieldContractStatus, at.FieldContractType,
		at.FieldStartDate, at.FieldEndDate}
	autotaskServiceFields = []string{at.FieldID, at.FieldName, at.FieldSKU, at.FieldInvoiceDescription, at.FieldDescription,
		at.FieldUnitPrice, at.FieldUnitCost, at.FieldIsActive, at.FieldManufacturerServiceProviderProductNumber,
		at.FieldCatalogNumberPartNumber, at.FieldExternalID, at.FieldLastModifiedDate}
)

// activeCompaniesQuery selects the companies Autotask lists as active.
var activeCompaniesQuery = at.Query{Filter: []at.Filter{atclient.Eq(at.FieldIsActive, true)}, IncludeFields: autotaskCompanyFields}

// newAutotaskDirectory builds the Autotask client of the block's settings. opts are the
// HTTP layer's knobs (retries, budget) the provider's own settings give.
func newAutotaskDirectory(s psaSettings, opts psahttp.Options, integration psaDirectory) (*autotaskDirectory, error) {
	if f := s["ca_certificate_file"]; f != "" {
		pool, err := psahttp.CertPoolWith(f)
		if err != nil {
			return nil, err
		}
		opts.RootCAs = pool
	}
	c, err := atclient.New(atclient.Config{Username: s["username"], Secret: s["secret"], IntegrationCode: s["integration_code"],
		ZoneURL: s["zone_url"], ZoneLookupURL: s["zone_lookup_url"], ImpersonationResourceID: s["impersonation_resource_id"], Options: opts})
	if err != nil {
		return nil, err
	}
	return &autotaskDirectory{client: c, user: s["username"], integration: integration}, nil
}

// readOnce is one entity's read, kept once it succeeds.
type readOnce[T any] struct {
	mu   sync.Mutex
	done bool
	v    T
}

// get reads the entity with load unless it was read; a failure is not kept (the directory
// keeps final ones).
func (o *readOnce[T]) get(ctx context.Context, d *autotaskDirectory, load func(context.Context) (T, error)) (T, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return o.v, nil
	}
	if err := d.finalError(); err != nil {
		return o.v, err
	}
	v, err := load(ctx)
	if err != nil {
		return o.v, d.failed(err)
	}
	o.v, o.done = v, true
	return v, nil
}

func (d *autotaskDirectory) finalError() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.final
}

// failed marks a read's error as Autotask's own (psaAPIError), and keeps it when it is final.
func (d *autotaskDirectory) failed(err error) error {
	err = markPSAError(api.PsaAutotask, err, autotaskAdvice, autotaskFinal)
	if e, ok := asPSAAPIError(err); ok && e.final {
		d.mu.Lock()
		if d.final == nil {
			d.final = e
		}
		d.mu.Unlock()
	}
	return err
}

// activeCompanies are the companies Autotask lists as active.
func (d *autotaskDirectory) activeCompanies(ctx context.Context) ([]at.Company, error) {
	return d.companies.get(ctx, d, func(ctx context.Context) ([]at.Company, error) {
		rows, err := d.client.QueryCompanies(ctx, activeCompaniesQuery)
		if err == nil {
			err = d.checkNotHidden(ctx, len(rows), at.EntityCompanies, "companies", countOf(d.integration.listCompanies))
		}
		return rows, err
	})
}

// companiesByID reads the companies of ids, active or not, each once per run: a query of
// the ids not read yet (id in ..., MaxRecords ids a query). An id Autotask does not have is
// absent from the answer.
func (d *autotaskDirectory) companiesByID(ctx context.Context, ids []int64) (map[int64]at.Company, error) {
	d.byIDMu.Lock()
	defer d.byIDMu.Unlock()
	if d.byID == nil {
		d.byID = map[int64]*at.Company{}
	}
	var missing []int64
	for _, id := range ids {
		if _, read := d.byID[id]; !read {
			missing = append(missing, id)
		}
	}
	for chunk := range slices.Chunk(missing, at.MaxRecords) {
		if err := d.finalError(); err != nil {
			return nil, err
		}
		rows, err := d.client.QueryCompanies(ctx, at.Query{Filter: []at.Filter{atclient.In(at.FieldID, chunk...)}, IncludeFields: autotaskCompanyFields})
		if err != nil {
			return nil, d.failed(err)
		}
		for _, id := range chunk {
			d.byID[id] = nil
		}
		for i := range rows {
			d.byID[rows[i].ID] = &rows[i]
		}
	}
	out := make(map[int64]at.Company, len(ids))
	for _, id := range ids {
		if c := d.byID[id]; c != nil {
			out[id] = *c
		}
	}
	return out, nil
}

func (d *autotaskDirectory) allContracts(ctx context.Context) ([]at.Contract, error) {
	return d.contracts.get(ctx, d, func(ctx context.Context) ([]at.Contract, error) {
		rows, err := d.client.QueryContracts(ctx, at.Query{IncludeFields: autotaskContractFields})
		if err == nil {
			err = d.checkNotHidden(ctx, len(rows), at.EntityContracts, "contracts", countOf(d.integration.listContracts))
		}
		return rows, err
	})
}

func (d *autotaskDirectory) contractFields(ctx context.Context) (*at.EntityFields, error) {
	return d.fields.get(ctx, d, func(ctx context.Context) (*at.EntityFields, error) {
		return d.client.EntityFields(ctx, at.EntityContracts)
	})
}

// allServices reads services and service bundles (at once: they are two endpoints).
func (d *autotaskDirectory) allServices(ctx context.Context) ([]at.Service, []at.ServiceBundle, error) {
	var services []at.Service
	var bundles []at.ServiceBundle
	var serr, berr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		services, serr = d.services.get(ctx, d, func(ctx context.Context) ([]at.Service, error) {
			return d.client.QueryServices(ctx, at.Query{IncludeFields: autotaskServiceFields})
		})
	}()
	go func() {
		defer wg.Done()
		bundles, berr = d.bundles.get(ctx, d, func(ctx context.Context) ([]at.ServiceBundle, error) {
			return d.client.QueryServiceBundles(ctx, at.Query{IncludeFields: autotaskServiceFields})
		})
	}()
	wg.Wait()
	if err := errors.Join(serr, berr); err != nil {
		return nil, nil, err
	}
	if err := d.checkNotHidden(ctx, len(services)+len(bundles), at.EntityServices+" and "+at.EntityServiceBundles, "services or service bundles",
		countOf(d.integration.listProducts)); err != nil {
		return nil, nil, d.failed(err)
	}
	return services, bundles, nil
}

func (d *autotaskDirectory) listProducts(ctx context.Context) ([]api.PsaProduct, error) {
	services, bundles, err := d.allServices(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.PsaProduct, 0, len(services)+len(bundles))
	for _, s := range services {
		out = append(out, autotaskProduct(serviceRowOf(s), api.ProductClassService))
	}
	for _, b := range bundles {
		out = append(out, autotaskProduct(bundleRowOf(b), api.ProductClassBundle))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := fold(out[i].Identifier), fold(out[j].Identifier)
		return a < b || a == b && out[i].Id < out[j].Id
	})
	return out, nil
}

func (d *autotaskDirectory) getProduct(ctx context.Context, id int64) (*api.PsaProduct, string, error) {
	products, err := d.listProducts(ctx)
	if err != nil {
		return nil, "", err
	}
	for _, p := range products {
		if p.Id == id {
			return &p, deref(p.Etag), nil
		}
	}
	return nil, "", autotaskNotFound("service or service bundle", id)
}

func (d *autotaskDirectory) listCompanies(ctx context.Context) ([]api.PsaCompany, error) {
	companies, err := d.activeCompanies(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.PsaCompany, 0, len(companies))
	for _, c := range companies {
		out = append(out, autotaskCompany(c))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := fold(out[i].Name), fold(out[j].Name)
		return a < b || a == b && out[i].Id < out[j].Id
	})
	return out, nil
}

// getCompany reads a company, an inactive one too (as the integration's GET does).
func (d *autotaskDirectory) getCompany(ctx context.Context, id int64) (*api.PsaCompany, error) {
	companies, err := d.activeCompanies(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range companies {
		if c.ID == id {
			out := autotaskCompany(c)
			return &out, nil
		}
	}
	inactive, err := d.companiesByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if c, ok := inactive[id]; ok {
		out := autotaskCompany(c)
		return &out, nil
	}
	return nil, autotaskNotFound("company", id)
}

// contractRows are every contract with what the rules need: its status and type labels
// read from the picklists, its company's name, and whether its name is unique.
func (d *autotaskDirectory) contractRows(ctx context.Context) ([]api.PsaContract, map[int64]api.CustomerMappingContractStatus, error) {
	var (
		contracts []at.Contract
		companies []at.Company
		fields    *at.EntityFields
		errs      [3]error
		wg        sync.WaitGroup
	)
	wg.Add(3)
	go func() { defer wg.Done(); contracts, errs[0] = d.allContracts(ctx) }()
	go func() { defer wg.Done(); companies, errs[1] = d.activeCompanies(ctx) }()
	go func() { defer wg.Done(); fields, errs[2] = d.contractFields(ctx) }()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, nil, err
	}
	statuses, _ := atclient.Picklist(fields, at.FieldContractStatus)
	types, _ := atclient.Picklist(fields, at.FieldContractType)
	names := make(map[int64]string, len(companies))
	for _, c := range companies {
		names[c.ID] = c.CompanyName
	}
	classes := make(map[int64]api.CustomerMappingContractStatus, len(contracts))
	seen := map[string]int{}
	others := map[int64]bool{} // the companies, not active, of contracts that are listed
	for _, c := range contracts {
		classes[c.ID] = autotaskContractStatus(ctx, c, statuses)
		if classes[c.ID] != api.CustomerMappingContractStatusCancelled {
			seen[fold(c.ContractName)]++
			if _, active := names[c.CompanyID]; !active {
				others[c.CompanyID] = true
			}
		}
	}
	if len(others) > 0 {
		inactive, err := d.companiesByID(ctx, slices.Sorted(maps.Keys(others)))
		if err != nil {
			return nil, nil, err
		}
		for id, c := range inactive {
			names[id] = c.CompanyName
		}
	}
	out := make([]api.PsaContract, 0, len(contracts))
	for _, c := range contracts {
		out = append(out, autotaskContract(c, classes[c.ID], names[c.CompanyID], types, seen[fold(c.ContractName)] <= 1))
	}
	return out, classes, nil
}

func (d *autotaskDirectory) listContracts(ctx context.Context) ([]api.PsaContract, error) {
	rows, classes, err := d.contractRows(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.PsaContract, 0, len(rows))
	for _, c := range rows {
		if classes[c.Id] != api.CustomerMappingContractStatusCancelled {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := fold(out[i].Name), fold(out[j].Name)
		return a < b || a == b && out[i].Id < out[j].Id
	})
	return out, nil
}

// getContract reads a contract; a cancelled one is not found, as through the integration.
func (d *autotaskDirectory) getContract(ctx context.Context, id int64) (*api.PsaContract, error) {
	rows, classes, err := d.contractRows(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		if c.Id == id && classes[id] != api.CustomerMappingContractStatusCancelled {
			return &c, nil
		}
	}
	return nil, autotaskNotFound("contract (or it was cancelled)", id)
}

func (d *autotaskDirectory) catalogReference(context.Context) (*api.CatalogReference, error) {
	return nil, errNoCatalogReference
}

func (d *autotaskDirectory) catalog() catalogWriter { return nil }
