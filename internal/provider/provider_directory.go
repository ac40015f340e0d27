package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cwapi "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// The PSA directory: what the provider reads of one PSA's own data (its products, inactive
// ones included; its companies; its contracts or agreements; for ConnectWise the catalog's
// reference lists) and, for ConnectWise, the catalog writes. Each PSA has one per provider
// process: the Sophos integration's view (integrationDirectory, today's behaviour) unless the
// provider block has the PSA's block, then the PSA's own API. Rows are the contract's types
// (api.PsaProduct, api.PsaCompany, api.PsaContract) whichever the source, with the same ids
// (a catalog item id, a company id, an agreement or contract id), the same rules (cancelled
// contracts hidden, expired ones offered, companies in the recycle bin hidden) and the same
// order, so switching changes neither state nor plans. The run's snapshot
// (provider_snapshot.go) lists each entity once through it; nothing else reads a PSA.

// psaDirectory is what the provider reads of one PSA.
type psaDirectory interface {
	// listProducts lists every product (catalog item), inactive ones included, ordered by
	// identifier ignoring case, then id.
	listProducts(ctx context.Context) ([]api.PsaProduct, error)
	// getProduct reads one product and its version: the ETag the integration sends, or
	// ConnectWise's _info.lastUpdated. A product the PSA does not have is isNotFound.
	getProduct(ctx context.Context, id int64) (*api.PsaProduct, string, error)
	// listCompanies lists the companies that can be mapped (never those in a recycle bin),
	// ordered by name ignoring case, then id.
	listCompanies(ctx context.Context) ([]api.PsaCompany, error)
	// getCompany reads one company; isNotFound when the PSA has none (or it is in the
	// recycle bin).
	getCompany(ctx context.Context, id int64) (*api.PsaCompany, error)
	// listContracts lists contracts (agreements) that are not cancelled, expired ones
	// included, ordered by name ignoring case, then id.
	listContracts(ctx context.Context) ([]api.PsaContract, error)
	// getContract reads one contract; isNotFound for a cancelled one or none.
	getContract(ctx context.Context, id int64) (*api.PsaContract, error)
	// catalogReference reads ConnectWise's catalog reference lists (categories with their
	// subcategories, product types, units of measure).
	catalogReference(ctx context.Context) (*api.CatalogReference, error)
	// catalog is the PSA's catalog writes; nil when they are not possible (Autotask).
	catalog() catalogWriter
}

// catalogWriter writes ConnectWise catalog products. Versions are what getProduct returns:
// a write given one refuses, as a 412 does, a product changed since that version was read
// (isChangedSinceRead).
type catalogWriter interface {
	// createProduct creates a product. Through the integration a repeat after a lost answer
	// is answered with the product the first attempt made (client.CreatePSAProduct).
	createProduct(ctx context.Context, in api.PsaProductInput) (*client.CreatedProduct, error)
	// refusesMappedDeletes says whether deleteProduct itself refuses a product Sophos
	// products are mapped to (the integration does, with a 409); ConnectWise knows nothing of
	// Sophos's mappings, so the provider checks them first.
	refusesMappedDeletes() bool
	// updateProduct writes in over the product as a whole (omitted optional fields take
	// their defaults) and returns it with its new version.
	updateProduct(ctx context.Context, id int64, in api.PsaProductInput, version string) (*api.PsaProduct, string, error)
	// deleteProduct removes the product. A product that agreements, invoices or mappings
	// still use is refused (isConflict).
	deleteProduct(ctx context.Context, id int64, version string) error
}

// psaDirectories are a provider process's directories by PSA.
type psaDirectories map[api.Psa]psaDirectory

// integrationDirectories read every PSA through the Sophos integration.
func integrationDirectories(c *client.Client) psaDirectories {
	out := psaDirectories{}
	for _, psa := range api.PSAs() {
		out[psa] = &integrationDirectory{client: c, psa: psa}
	}
	return out
}

// isNotFound reports an object that the API read does not have, whichever directory read it.
func isNotFound(err error) bool {
	var gone *notFoundError
	var atMissing *autotaskNotFoundError
	return client.IsNotFound(err) || cwclient.IsNotFound(err) || errors.As(err, &gone) || errors.As(err, &atMissing)
}

// isConflict reports a write refused because of other objects, whichever directory wrote: a
// 409 of the integration, ConnectWise's ObjectExists for an identifier in use.
func isConflict(err error) bool {
	var apiErr *cwclient.APIError
	if errors.As(err, &apiErr) {
		if apiErr.StatusCode == http.StatusConflict {
			return true
		}
		for _, f := range apiErr.Errors {
			if f.Code == cwapi.ErrorCodeObjectExists {
				return true
			}
		}
		return false
	}
	return client.IsConflict(err)
}

// errNoCatalogReference is the answer of a PSA without catalog reference lists.
var errNoCatalogReference = errors.New("only ConnectWise has catalog reference data")

// integrationDirectory reads one PSA through the Sophos integration (the PSA Integration API).
type integrationDirectory struct {
	client *client.Client
	psa    api.Psa
}

func (d *integrationDirectory) listProducts(ctx context.Context) ([]api.PsaProduct, error) {
	return d.client.ListPSAProducts(ctx, d.psa, client.ProductQuery{IncludeInactive: true})
}

func (d *integrationDirectory) getProduct(ctx context.Context, id int64) (*api.PsaProduct, string, error) {
	return d.client.GetPSAProduct(ctx, d.psa, id)
}

func (d *integrationDirectory) listCompanies(ctx context.Context) ([]api.PsaCompany, error) {
	return d.client.ListPSACompanies(ctx, d.psa, client.CompanyQuery{})
}

func (d *integrationDirectory) getCompany(ctx context.Context, id int64) (*api.PsaCompany, error) {
	return d.client.GetPSACompany(ctx, d.psa, id)
}

func (d *integrationDirectory) listContracts(ctx context.Context) ([]api.PsaContract, error) {
	return d.client.ListPSAContracts(ctx, d.psa, client.ContractQuery{})
}

func (d *integrationDirectory) getContract(ctx context.Context, id int64) (*api.PsaContract, error) {
	return d.client.GetPSAContract(ctx, d.psa, id)
}

func (d *integrationDirectory) catalogReference(ctx context.Context) (*api.CatalogReference, error) {
	if d.psa != api.PsaConnectwise {
		return nil, errNoCatalogReference
	}
	return d.client.GetCatalogReference(ctx)
}

func (d *integrationDirectory) catalog() catalogWriter {
	if d.psa != api.PsaConnectwise {
		return nil
	}
	return d
}

func (d *integrationDirectory) createProduct(ctx context.Context, in api.PsaProductInput) (*client.CreatedProduct, error) {
	return d.client.CreatePSAProduct(ctx, d.psa, in)
}

func (d *integrationDirectory) refusesMappedDeletes() bool { return true }

func (d *integrationDirectory) updateProduct(ctx context.Context, id int64, in api.PsaProductInput, version string) (*api.PsaProduct, string, error) {
	return d.client.UpdatePSAProduct(ctx, d.psa, id, in, version)
}

func (d *integrationDirectory) deleteProduct(ctx context.Context, id int64, version string) error {
	return d.client.DeletePSAProduct(ctx, d.psa, id, version)
}

// psaDirectories chooses each PSA's directory from the provider block: the PSA's own API
// when its block is there (cw and at are the blocks' settings, nil when absent), else the
// Sophos integration. ccfg is the Sophos client's configuration, whose retries, request
// budget and backoff the PSA clients share. ok is false when diags has the error.
func (p *sophosProvider) psaDirectories(c *client.Client, ccfg client.Config, cw, at psaSettings, diags *diag.Diagnostics) (psaDirectories, bool) {
	dirs := integrationDirectories(c)
	if cw != nil {
		opts := psaClientOptions(ccfg)
		if file := cw["ca_certificate_file"]; file != "" {
			pool, err := psahttp.CertPoolWith(file)
			if err != nil { // checked when the block was read; the file changed since
				diags.AddAttributeError(path.Root(string(blockConnectWise)).AtName("ca_certificate_file"), "Invalid connectwise.ca_certificate_file", err.Error())
				return nil, false
			}
			opts.RootCAs = pool
		}
		if p.tunePSA != nil {
			p.tunePSA(&opts)
		}
		cwc, err := cwclient.New(cwclient.Config{Site: cw["site"], CompanyID: cw["company_id"], PublicKey: cw["public_key"],
			PrivateKey: cw["private_key"], ClientID: cw["client_id"], Options: opts})
		if err != nil {
			diags.AddAttributeError(path.Root(string(blockConnectWise)), "Invalid connectwise block", err.Error())
			return nil, false
		}
		dirs[api.PsaConnectwise] = &connectWiseDirectory{cw: cwc, now: time.Now}
	}
	if at != nil {
		opts := psaClientOptions(ccfg)
		if p.tunePSA != nil {
			p.tunePSA(&opts)
		}
		d, err := newAutotaskDirectory(at, opts, dirs[api.PsaAutotask])
		if err != nil {
			diags.AddAttributeError(path.Root(string(blockAutotask)), "Unable to use the autotask block",
				fmt.Sprintf("The autotask block cannot be used: %s. Correct the setting it names (in the block or its AUTOTASK_* environment variable).", err))
			return nil, false
		}
		dirs[api.PsaAutotask] = d
	}
	return dirs, true
}

// psaClientOptions are the PSA clients' HTTP knobs from the Sophos client's configuration:
// the provider's max_retries and request_budget, its user agent and (in tests) its backoff.
func psaClientOptions(ccfg client.Config) psahttp.Options {
	return psahttp.Options{MaxRetries: ccfg.MaxRetries, RequestBudget: ccfg.RequestBudget, RequestTimeout: ccfg.RequestTimeout,
		MinBackoff: ccfg.MinBackoff, MaxBackoff: ccfg.MaxBackoff, UserAgent: ccfg.UserAgent}
}
