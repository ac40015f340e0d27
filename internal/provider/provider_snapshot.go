package provider

import (
	"context"
	"strings"
	"sync"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// apiSnapshot is what one provider process has read of the API: per PSA, the customer
// mappings, product mappings, products, companies and contracts, and the ConnectWise
// catalog's reference data, each listed once (every page) the first time something needs
// it. Products, companies, contracts and reference data are read through the PSA's
// directory (provider_directory.go): the Sophos integration, or the PSA's own API. Refresh (Read) and the plan-time checks of every resource are served from it, so
// 1,000 mappings cost a dozen list requests, not 1,000 GETs. Terraform starts a provider
// process per plan and per apply, so a snapshot never outlives the operation that read it.
// It is the read side only: what plans record for other resources is in the ledger
// (provider_ledger.go).
//
// Writes of this process update it (put, drop), so later checks of the same run see them
// and can tell a row this configuration wrote from one found in the API. An object the
// snapshot does not have (or has as unmapped) is read with its own GET before anyone
// concludes it is gone.
type apiSnapshot struct {
	client *client.Client
	// directories read the PSAs' own data (products, companies, contracts, reference data).
	directories psaDirectories

	mu               sync.Mutex
	customerMappings map[api.Psa]*listing[string, api.CustomerMapping]
	productMappings  map[api.Psa]*listing[string, api.ProductMapping]
	products         map[api.Psa]*listing[int64, api.PsaProduct]
	companies        map[api.Psa]*listing[int64, api.PsaCompany]
	contracts        map[api.Psa]*listing[int64, api.PsaContract]
	// reference is the ConnectWise catalog's reference data (categories, subcategories,
	// product types, units of measure): one row. It changes only in ConnectWise's setup
	// tables, so one read per run is current enough.
	reference *listing[struct{}, api.CatalogReference]
	// billing and sophosProducts are the Sophos side of a billing review
	// (provider_snapshot_billing.go): each month's billing report, the Sophos products.
	billing        map[string]*listing[struct{}, client.BillingReport]
	sophosProducts *listing[string, api.SophosProduct]
}

func newAPISnapshot(c *client.Client, dirs psaDirectories) *apiSnapshot {
	s := &apiSnapshot{
		client:           c,
		directories:      dirs,
		customerMappings: map[api.Psa]*listing[string, api.CustomerMapping]{},
		productMappings:  map[api.Psa]*listing[string, api.ProductMapping]{},
		products:         map[api.Psa]*listing[int64, api.PsaProduct]{},
		companies:        map[api.Psa]*listing[int64, api.PsaCompany]{},
		contracts:        map[api.Psa]*listing[int64, api.PsaContract]{},
		billing:          map[string]*listing[struct{}, client.BillingReport]{},
	}
	s.sophosProducts = &listing[string, api.SophosProduct]{load: c.ListSophosProducts, key: func(p api.SophosProduct) string { return p.Identifier }}
	s.reference = &listing[struct{}, api.CatalogReference]{
		load: func(ctx context.Context) ([]api.CatalogReference, error) {
			ref, err := s.directories[api.PsaConnectwise].catalogReference(ctx)
			if err != nil {
				return nil, err
			}
			return []api.CatalogReference{*ref}, nil
		},
		key: func(api.CatalogReference) struct{} { return struct{}{} },
	}
	return s
}

// catalogReference returns the ConnectWise catalog's reference data. Plans resolve names
// against it with rules.ResolveReference and know a product's category before it is
// written.
func (s *apiSnapshot) catalogReference(ctx context.Context) (*api.CatalogReference, error) {
	ref, _, err := s.reference.get(ctx, struct{}{})
	if err != nil {
		return nil, err
	}
	return &ref, nil
}

// customerKey is how customer ids are compared: UUIDs ignoring case.
func customerKey(id string) string { return strings.ToLower(id) }

// productKey is how Sophos product identifiers are compared in the snapshot: exactly.
func productKey(id string) string { return id }

// of returns the listing of psa in m, creating it with load and key on first use.
func of[K comparable, V any](s *apiSnapshot, m map[api.Psa]*listing[K, V], psa api.Psa, load func(context.Context) ([]V, error), key func(V) K) *listing[K, V] {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := m[psa]
	if !ok {
		l = &listing[K, V]{load: load, key: key}
		m[psa] = l
	}
	return l
}

func (s *apiSnapshot) customerMappingsOf(psa api.Psa) *listing[string, api.CustomerMapping] {
	return of(s, s.customerMappings, psa, func(ctx context.Context) ([]api.CustomerMapping, error) {
		return s.client.ListCustomerMappings(ctx, psa, client.CustomerMappingQuery{})
	}, func(m api.CustomerMapping) string { return customerKey(m.CustomerId) })
}

func (s *apiSnapshot) productMappingsOf(psa api.Psa) *listing[string, api.ProductMapping] {
	return of(s, s.productMappings, psa, func(ctx context.Context) ([]api.ProductMapping, error) {
		return s.client.ListProductMappings(ctx, psa)
	}, func(m api.ProductMapping) string { return productKey(m.SophosProduct) })
}

func (s *apiSnapshot) productsOf(psa api.Psa) *listing[int64, api.PsaProduct] {
	return of(s, s.products, psa, func(ctx context.Context) ([]api.PsaProduct, error) {
		return s.directories[psa].listProducts(ctx)
	}, func(p api.PsaProduct) int64 { return p.Id })
}

func (s *apiSnapshot) companiesOf(psa api.Psa) *listing[int64, api.PsaCompany] {
	return of(s, s.companies, psa, func(ctx context.Context) ([]api.PsaCompany, error) {
		return s.directories[psa].listCompanies(ctx)
	}, func(c api.PsaCompany) int64 { return c.Id })
}

func (s *apiSnapshot) contractsOf(psa api.Psa) *listing[int64, api.PsaContract] {
	return of(s, s.contracts, psa, func(ctx context.Context) ([]api.PsaContract, error) {
		return s.directories[psa].listContracts(ctx)
	}, func(c api.PsaContract) int64 { return c.Id })
}

// customerHolding returns the customer not in except that is mapped in psa to the company
// and contract, or nil; written says this process mapped it (another resource of the same
// configuration).
func (s *apiSnapshot) customerHolding(ctx context.Context, psa api.Psa, companyID, contractID int64, except map[string]bool) (holder *api.CustomerMapping, written bool, err error) {
	l := s.customerMappingsOf(psa)
	err = l.each(ctx, func(m api.CustomerMapping, byThisRun bool) bool {
		if m.Mapped && m.CompanyId != nil && m.ContractId != nil && *m.CompanyId == companyID && *m.ContractId == contractID &&
			!except[customerKey(m.CustomerId)] {
			holder, written = &m, byThisRun
			return false
		}
		return true
	})
	return holder, written, err
}

// listing is one list endpoint's rows, read once and kept by key. It is safe for
// concurrent use: Terraform works on up to ten resources at once, and they wait for the one
// listing instead of each starting their own. A failed listing is not kept; the next call
// tries again.
type listing[K comparable, V any] struct {
	load func(context.Context) ([]V, error)
	key  func(V) K

	mu      sync.Mutex
	rows    map[K]V // nil until listed
	order   []K
	written map[K]bool
}

// ensure lists the rows if that has not happened yet; l.mu is held.
func (l *listing[K, V]) ensure(ctx context.Context) error {
	if l.rows != nil {
		return nil
	}
	items, err := l.load(ctx)
	if err != nil {
		return err
	}
	l.rows = make(map[K]V, len(items))
	l.written = map[K]bool{}
	for _, v := range items {
		k := l.key(v)
		if _, dup := l.rows[k]; !dup {
			l.order = append(l.order, k)
		}
		l.rows[k] = v
	}
	return nil
}

// get returns the row with key k; ok is false when the listing does not have it.
func (l *listing[K, V]) get(ctx context.Context, k K) (row V, ok bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.ensure(ctx); err != nil {
		return row, false, err
	}
	row, ok = l.rows[k]
	return row, ok, nil
}

// each calls fn with every row in the API's order until fn returns false; written says
// this process wrote the row. fn runs holding the listing's lock: it must not use the same
// listing.
func (l *listing[K, V]) each(ctx context.Context, fn func(row V, written bool) bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.ensure(ctx); err != nil {
		return err
	}
	for _, k := range l.order {
		if v, ok := l.rows[k]; ok && !fn(v, l.written[k]) {
			return nil
		}
	}
	return nil
}

// put records a row this process just wrote, as the API answered the write. A listing not
// read yet stays unread: it will list the write when it is.
func (l *listing[K, V]) put(v V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rows == nil {
		return
	}
	k := l.key(v)
	if _, ok := l.rows[k]; !ok {
		l.order = append(l.order, k)
	}
	l.rows[k] = v
	l.written[k] = true
}

// drop forgets the row with key k (this process deleted or replaced it); a later get reads
// it again with its own GET.
func (l *listing[K, V]) drop(k K) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rows != nil {
		delete(l.rows, k)
		l.written[k] = true
	}
}

// fromSnapshot returns the row with key k of l when the snapshot has it and use accepts
// it; otherwise it reads the object with its own request, get.
func fromSnapshot[K comparable, V any](ctx context.Context, l *listing[K, V], k K, use func(V) bool, get func() (*V, error)) (*V, error) {
	row, ok, err := l.get(ctx, k)
	if err != nil {
		return nil, err
	}
	if ok && use(row) {
		return &row, nil
	}
	return get()
}

// withETag is fromSnapshot for objects with an ETag: a row is used only when it carries one
// (and use accepts it), and the ETag comes from the row or from the GET's header.
func withETag[K comparable, V any](ctx context.Context, l *listing[K, V], k K, tagOf func(V) *string, use func(V) bool,
	get func() (*V, string, error)) (*V, string, error) {
	header := ""
	v, err := fromSnapshot(ctx, l, k, func(row V) bool { return tagOf(row) != nil && use(row) },
		func() (*V, error) {
			v, tag, err := get()
			header = tag
			return v, err
		})
	if err != nil {
		return nil, "", err
	}
	if header != "" {
		return v, header, nil
	}
	if tag := tagOf(*v); tag != nil {
		return v, *tag, nil
	}
	return v, "", nil
}

// customerMapping reads a customer's mapping and its ETag. With confirm, a customer the
// snapshot has as unmapped is read again: a mapping is never declared gone on the word of
// a listing alone.
func (s *apiSnapshot) customerMapping(ctx context.Context, psa api.Psa, customerID string, confirm bool) (*api.CustomerMapping, string, error) {
	return withETag(ctx, s.customerMappingsOf(psa), customerKey(customerID),
		func(m api.CustomerMapping) *string { return m.Etag },
		func(m api.CustomerMapping) bool { return m.Mapped || !confirm },
		func() (*api.CustomerMapping, string, error) { return s.client.GetCustomerMapping(ctx, psa, customerID) })
}

// productMapping reads a Sophos product's mapping and its ETag; confirm as for
// customerMapping.
func (s *apiSnapshot) productMapping(ctx context.Context, psa api.Psa, sophosProduct string, confirm bool) (*api.ProductMapping, string, error) {
	return withETag(ctx, s.productMappingsOf(psa), productKey(sophosProduct),
		func(m api.ProductMapping) *string { return m.Etag },
		func(m api.ProductMapping) bool { return m.Mapped || !confirm },
		func() (*api.ProductMapping, string, error) {
			return s.client.GetProductMapping(ctx, psa, sophosProduct)
		})
}

// psaProduct reads a product of the PSA and its ETag, inactive ones included.
func (s *apiSnapshot) psaProduct(ctx context.Context, psa api.Psa, id int64) (*api.PsaProduct, string, error) {
	return withETag(ctx, s.productsOf(psa), id,
		func(p api.PsaProduct) *string { return p.Etag },
		func(api.PsaProduct) bool { return true },
		func() (*api.PsaProduct, string, error) { return s.directories[psa].getProduct(ctx, id) })
}

// company reads a PSA company; nil when the PSA has no such company.
func (s *apiSnapshot) company(ctx context.Context, psa api.Psa, id int64) (*api.PsaCompany, error) {
	c, err := fromSnapshot(ctx, s.companiesOf(psa), id, func(api.PsaCompany) bool { return true },
		func() (*api.PsaCompany, error) { return s.directories[psa].getCompany(ctx, id) })
	if isNotFound(err) {
		return nil, nil
	}
	return c, err
}

// inEitherPSA reads an object of psa with read, and, when psa has none, the object with the
// same id of the other PSA, so a message can say whose it is. Only psa's errors count: the
// other PSA is a hint (it may not even be connected).
func inEitherPSA[T any](psa api.Psa, read func(api.Psa) (*T, error)) (*T, error) {
	v, err := read(psa)
	if err != nil || v != nil {
		return v, err
	}
	if v, err := read(psa.Other()); err == nil {
		return v, nil
	}
	return nil, nil
}

// contract reads a contract; nil when the PSA has no such contract or it was cancelled.
func (s *apiSnapshot) contract(ctx context.Context, psa api.Psa, id int64) (*api.PsaContract, error) {
	c, err := fromSnapshot(ctx, s.contractsOf(psa), id, func(api.PsaContract) bool { return true },
		func() (*api.PsaContract, error) { return s.directories[psa].getContract(ctx, id) })
	if isNotFound(err) {
		return nil, nil
	}
	return c, err
}
