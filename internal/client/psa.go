package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Each method below is one endpoint of the PSA Integration API (internal/api/openapi.yaml).
// Methods returning an ETag return the object's version as the API sent it; pass it back
// as ifMatch to write only that version ("" writes unconditionally).

// ListTenants returns every customer (tenant) of the partner, walking all pages.
func (c *Client) ListTenants(ctx context.Context) ([]api.Tenant, error) {
	return listAll[api.Tenant](ctx, c, "/partner/v1/tenants", nil)
}

// ListIntegrations returns the PSAs and their connection status.
func (c *Client) ListIntegrations(ctx context.Context) ([]api.Integration, error) {
	var out api.IntegrationList
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/partner/v1/psa/integrations", partner: true}, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// GetCatalogReference returns ConnectWise catalog reference data.
func (c *Client) GetCatalogReference(ctx context.Context) (*api.CatalogReference, error) {
	var out api.CatalogReference
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/partner/v1/psa/connectwise/catalog-reference", partner: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ProductQuery filters ListPSAProducts.
type ProductQuery struct {
	// Search is a case-insensitive substring of identifier or description (2+ characters).
	Search string
	// Identifier is an exact identifier.
	Identifier string
	// IncludeInactive includes inactive products.
	IncludeInactive bool
}

// ListPSAProducts returns the PSA products matching q, walking all pages.
func (c *Client) ListPSAProducts(ctx context.Context, psa api.Psa, q ProductQuery) ([]api.PsaProduct, error) {
	v := url.Values{}
	setIf(v, "search", q.Search)
	setIf(v, "identifier", q.Identifier)
	if q.IncludeInactive {
		v.Set("includeInactive", "true")
	}
	return listAll[api.PsaProduct](ctx, c, psaPath(psa, "products"), v)
}

// GetPSAProduct reads one PSA product.
func (c *Client) GetPSAProduct(ctx context.Context, psa api.Psa, id int64) (*api.PsaProduct, string, error) {
	var out api.PsaProduct
	etag, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "products", id64(id)), partner: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// CreatedProduct is the answer to CreatePSAProduct.
type CreatedProduct struct {
	Product *api.PsaProduct
	ETag    string
	// Replayed says the API answered a repeat of this call's request with what it answered
	// the first attempt, whose answer was lost: the product is the one that attempt created.
	Replayed bool
}

// CreatePSAProduct creates a ConnectWise product. Its Idempotency-Key is random and the
// same for every attempt of this call, so a repeat after a lost answer is answered with the
// product the first attempt created instead of a second one, and no other create (another
// apply, another workspace asking for the same content) is ever answered with it.
func (c *Client) CreatePSAProduct(ctx context.Context, psa api.Psa, in api.PsaProductInput) (*CreatedProduct, error) {
	var out api.PsaProduct
	replayed := false
	etag, err := c.do(ctx, request{method: http.MethodPost, path: psaPath(psa, "products"), partner: true, body: in,
		idempotent: true, replayed: &replayed}, &out)
	if err != nil {
		return nil, err
	}
	return &CreatedProduct{Product: &out, ETag: etag, Replayed: replayed}, nil
}

// UpdatePSAProduct replaces a ConnectWise product.
func (c *Client) UpdatePSAProduct(ctx context.Context, psa api.Psa, id int64, in api.PsaProductInput, ifMatch string) (*api.PsaProduct, string, error) {
	var out api.PsaProduct
	etag, err := c.do(ctx, request{method: http.MethodPut, path: psaPath(psa, "products", id64(id)), partner: true, body: in, ifMatch: ifMatch, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// DeletePSAProduct deletes a ConnectWise product.
func (c *Client) DeletePSAProduct(ctx context.Context, psa api.Psa, id int64, ifMatch string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: psaPath(psa, "products", id64(id)), partner: true, ifMatch: ifMatch, idempotent: true}, nil)
	return err
}

// ListProductMappings returns every Sophos product with usage and its mapping, walking all pages.
func (c *Client) ListProductMappings(ctx context.Context, psa api.Psa) ([]api.ProductMapping, error) {
	return listAll[api.ProductMapping](ctx, c, psaPath(psa, "product-mappings"), nil)
}

// GetProductMapping reads the mapping of one Sophos product (Mapped is false when unmapped).
func (c *Client) GetProductMapping(ctx context.Context, psa api.Psa, sophosProduct string) (*api.ProductMapping, string, error) {
	var out api.ProductMapping
	etag, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "product-mappings", sophosProduct), partner: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// PutProductMapping maps a Sophos product to a PSA product.
func (c *Client) PutProductMapping(ctx context.Context, psa api.Psa, sophosProduct string, in api.ProductMappingInput, ifMatch string) (*api.ProductMapping, string, error) {
	var out api.ProductMapping
	etag, err := c.do(ctx, request{method: http.MethodPut, path: psaPath(psa, "product-mappings", sophosProduct), partner: true, body: in, ifMatch: ifMatch, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// DeleteProductMapping unmaps a Sophos product; its usage sync goes off.
func (c *Client) DeleteProductMapping(ctx context.Context, psa api.Psa, sophosProduct, ifMatch string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: psaPath(psa, "product-mappings", sophosProduct), partner: true, ifMatch: ifMatch, idempotent: true}, nil)
	return err
}

// CompanyQuery filters ListPSACompanies.
type CompanyQuery struct {
	// Search is a case-insensitive substring of the name (2+ characters).
	Search string
	// Name is an exact name (case-insensitive).
	Name string
}

// ListPSACompanies returns the PSA companies matching q, walking all pages.
func (c *Client) ListPSACompanies(ctx context.Context, psa api.Psa, q CompanyQuery) ([]api.PsaCompany, error) {
	v := url.Values{}
	setIf(v, "search", q.Search)
	setIf(v, "name", q.Name)
	return listAll[api.PsaCompany](ctx, c, psaPath(psa, "companies"), v)
}

// GetPSACompany reads one PSA company.
func (c *Client) GetPSACompany(ctx context.Context, psa api.Psa, id int64) (*api.PsaCompany, error) {
	var out api.PsaCompany
	if _, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "companies", id64(id)), partner: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ContractQuery filters ListPSAContracts.
type ContractQuery struct {
	// CompanyID limits the list to one company's contracts.
	CompanyID *int64
	// Name is an exact contract name (case-insensitive).
	Name string
	// IncludeExpired includes expired contracts (the API's default is true).
	IncludeExpired *bool
}

// ListPSAContracts returns contracts (Autotask) or agreements (ConnectWise), never cancelled ones.
func (c *Client) ListPSAContracts(ctx context.Context, psa api.Psa, q ContractQuery) ([]api.PsaContract, error) {
	v := url.Values{}
	if q.CompanyID != nil {
		v.Set("companyId", id64(*q.CompanyID))
	}
	setIf(v, "name", q.Name)
	if q.IncludeExpired != nil {
		v.Set("includeExpired", strconv.FormatBool(*q.IncludeExpired))
	}
	return listAll[api.PsaContract](ctx, c, psaPath(psa, "contracts"), v)
}

// GetPSAContract reads one contract; a cancelled contract is not found.
func (c *Client) GetPSAContract(ctx context.Context, psa api.Psa, id int64) (*api.PsaContract, error) {
	var out api.PsaContract
	if _, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "contracts", id64(id)), partner: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CustomerMappingQuery filters ListCustomerMappings.
type CustomerMappingQuery struct {
	// UsageSyncAvailable keeps customers for which usage sync is (or is not) available.
	UsageSyncAvailable *bool
	// SyncStatus keeps customers whose last usage sync had this result.
	SyncStatus *api.SyncStatus
}

// ListCustomerMappings returns every customer with its mapping, walking all pages.
func (c *Client) ListCustomerMappings(ctx context.Context, psa api.Psa, q CustomerMappingQuery) ([]api.CustomerMapping, error) {
	v := url.Values{}
	if q.UsageSyncAvailable != nil {
		v.Set("usageSyncAvailable", strconv.FormatBool(*q.UsageSyncAvailable))
	}
	if q.SyncStatus != nil {
		v.Set("syncStatus", string(*q.SyncStatus))
	}
	return listAll[api.CustomerMapping](ctx, c, psaPath(psa, "customer-mappings"), v)
}

// GetCustomerMapping reads the mapping of one customer (Mapped is false when unmapped).
func (c *Client) GetCustomerMapping(ctx context.Context, psa api.Psa, customerID string) (*api.CustomerMapping, string, error) {
	var out api.CustomerMapping
	etag, err := c.do(ctx, request{method: http.MethodGet, path: psaPath(psa, "customer-mappings", customerID), partner: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// PutCustomerMapping maps a customer to a PSA company and contract.
func (c *Client) PutCustomerMapping(ctx context.Context, psa api.Psa, customerID string, in api.CustomerMappingInput, ifMatch string) (*api.CustomerMapping, string, error) {
	var out api.CustomerMapping
	etag, err := c.do(ctx, request{method: http.MethodPut, path: psaPath(psa, "customer-mappings", customerID), partner: true, body: in, ifMatch: ifMatch, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// DeleteCustomerMapping unmaps a customer; usage and ticket sync go off.
func (c *Client) DeleteCustomerMapping(ctx context.Context, psa api.Psa, customerID, ifMatch string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: psaPath(psa, "customer-mappings", customerID), partner: true, ifMatch: ifMatch, idempotent: true}, nil)
	return err
}

// RefreshCustomerMapping reads a customer's company and contract names from the PSA again
// ("Refresh customer details" in the console) and returns the refreshed mapping. It carries
// an Idempotency-Key, so a retry after a lost answer does not refresh twice.
func (c *Client) RefreshCustomerMapping(ctx context.Context, psa api.Psa, customerID string) (*api.CustomerMapping, string, error) {
	var out api.CustomerMapping
	etag, err := c.do(ctx, request{method: http.MethodPost, path: psaPath(psa, "customer-mappings", customerID, "refresh"), partner: true, idempotent: true}, &out)
	if err != nil {
		return nil, "", err
	}
	return &out, etag, nil
}

// RunUsageSync runs a usage-sync pass of the PSA now ("Sync now" in the console) and
// returns its result per customer. It carries an Idempotency-Key, so a retry after a lost
// answer returns the first pass instead of running a second one.
func (c *Client) RunUsageSync(ctx context.Context, psa api.Psa) (*api.UsageSyncRun, error) {
	var out api.UsageSyncRun
	if _, err := c.do(ctx, request{method: http.MethodPost, path: psaPath(psa, "usage-sync"), partner: true, idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func psaPath(psa api.Psa, parts ...string) string {
	p := "/partner/v1/psa/" + url.PathEscape(string(psa))
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

func setIf(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}
