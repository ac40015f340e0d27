package emulator

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Admin performs out-of-band operations, as a person working in the Sophos Central Partner
// console or in the PSA would. They skip the API's rules (only existence is checked) and
// return *StatusError for problems. Operations on partner data apply to one partner: the
// primary partner for Emulator.Admin, another one through ForPartner.
type Admin struct {
	e         *Emulator
	partnerID string
}

// ForPartner returns the admin operations on another partner's data.
func (a *Admin) ForPartner(partnerID string) *Admin {
	return &Admin{e: a.e, partnerID: strings.ToLower(partnerID)}
}

// isLoopbackRemote reports whether a request's remote address is a loopback address.
func isLoopbackRemote(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkAdminPSA(psa api.Psa) error {
	if !validPSA(psa) {
		return fieldError("psa", string(psa), psaAllowed(), "unknown PSA %q; valid values are %s", psa, strings.Join(psaAllowed(), ", "))
	}
	return nil
}

// tx runs fn in a transaction after checking psa.
func (a *Admin) tx(psa api.Psa, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := checkAdminPSA(psa); err != nil {
		return err
	}
	ctx := context.Background()
	return a.e.store.tx(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
}

func (a *Admin) ts() int64 { return toNanos(a.e.now()) }

// updateProduct applies change to a product of the partner's PSA and stores it (identifiers
// stay unique), bumping its version.
func (a *Admin) updateProduct(psa api.Psa, id int64, change func(p *productRecord)) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		p, err := productInPSA(ctx, tx, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		change(p)
		if err := checkIdentifierFree(ctx, tx, p); err != nil {
			return err
		}
		return updateProduct(ctx, tx, p, a.ts())
	})
}

// RenameProduct changes a product's identifier and/or description ("" keeps the value), as
// someone editing it in the PSA would. Mappings to it are kept.
func (a *Admin) RenameProduct(psa api.Psa, id int64, identifier, description string) error {
	return a.updateProduct(psa, id, func(p *productRecord) {
		if identifier != "" {
			p.Identifier = identifier
		}
		if description != "" {
			p.Description = description
		}
	})
}

// SetProductInactive sets a product's inactive flag in the PSA.
func (a *Admin) SetProductInactive(psa api.Psa, id int64, inactive bool) error {
	return a.updateProduct(psa, id, func(p *productRecord) { p.Inactive = inactive })
}

// SetProductPrice changes a product's price and cost in the PSA.
func (a *Admin) SetProductPrice(psa api.Psa, id int64, price, cost float64) error {
	return a.updateProduct(psa, id, func(p *productRecord) { p.Price, p.Cost = price, cost })
}

// AddProduct adds a product to the PSA catalog (Autotask included, which the API cannot
// write). p.ID 0 picks the next free id; ConnectWise reference data is given by name.
func (a *Admin) AddProduct(psa api.Psa, p SeedProduct) (int64, error) {
	var id int64
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		var v seedValidator
		v.productIDs = map[int64]string{}
		if p.ID == 0 {
			next, err := nextID(ctx, tx, "psa_products", psa)
			if err != nil {
				return err
			}
			p.ID = next
		}
		var ref *seedRefData
		if psa == api.PsaConnectwise {
			ref = &seedRefData{subcategories: map[string]bool{}, types: map[string]bool{}, units: map[string]bool{}}
			for kind, set := range map[string]map[string]bool{refSubcategory: ref.subcategories, refType: ref.types, refUnit: ref.units} {
				names, err := refNames(ctx, tx, a.partnerID, kind)
				if err != nil {
					return err
				}
				for _, n := range names {
					set[fold(n)] = true
				}
			}
		}
		list := []SeedProduct{p}
		v.products("product", list, ref, map[int64]bool{})
		if len(v.problems) > 0 {
			return errBadRequest("the product is invalid: %s", strings.Join(v.problems, "; "))
		}
		p = list[0] // with defaults
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM psa_products WHERE id = ?", p.ID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return errConflict("there is already a product with id %d (ids are unique across partners and PSAs)", p.ID)
		}
		rec := &productRecord{ID: p.ID, PartnerID: a.partnerID, PSA: psa, Identifier: p.Identifier}
		if err := checkIdentifierFree(ctx, tx, rec); err != nil {
			return err
		}
		id = p.ID
		return loadSeedPSAData(ctx, tx, a.partnerID, psa, []SeedProduct{p}, nil, nil, a.ts())
	})
	return id, err
}

// DeleteProduct removes a product from the PSA, as someone deleting it there would: mappings
// to it are removed and their usage sync switched off.
func (a *Admin) DeleteProduct(psa api.Psa, id int64) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		p, err := productInPSA(ctx, tx, a.partnerID, psa, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE product_mappings SET psa_product_id = NULL, sync_enabled = 0, version = version + 1, updated_at = ?
			WHERE psa_product_id = ?`, a.ts(), p.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM psa_products WHERE id = ?", p.ID)
		return err
	})
}

// SetProductMappingSync switches a mapped product's usage sync, as in the console. Unmapped
// products answer 409: sync can never be on without a mapping.
func (a *Admin) SetProductMappingSync(psa api.Psa, sophosProduct string, enabled bool) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		m, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct)
		if err != nil {
			return err
		}
		if !m.mapping.Mapped {
			return errConflict("Sophos product %s is not mapped in %s; map it before switching usage sync", sophosProduct, psa.ShortName())
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{Int64: *m.mapping.PsaProductId, Valid: true}, enabled, a.ts())
	})
}

// SetProductMapping maps a Sophos product to a PSA product without the API's checks (the
// product must exist in the PSA, inactive ones included).
func (a *Admin) SetProductMapping(psa api.Psa, sophosProduct string, psaProductID int64, syncEnabled bool) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct); err != nil {
			return err
		}
		if _, err := productInPSA(ctx, tx, a.partnerID, psa, psaProductID); err != nil {
			return err
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{Int64: psaProductID, Valid: true}, syncEnabled, a.ts())
	})
}

// DeleteProductMapping unmaps a Sophos product (its usage sync goes off).
func (a *Admin) DeleteProductMapping(psa api.Psa, sophosProduct string) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		m, err := productMapping(ctx, tx, a.partnerID, psa, sophosProduct)
		if err != nil || !m.mapping.Mapped {
			return err
		}
		return upsertProductMapping(ctx, tx, a.partnerID, psa, sophosProduct, sql.NullInt64{}, false, a.ts())
	})
}

// SetCustomerMapping maps a customer as a person clicking in the console could: only the
// existence of the customer, company and contract is checked (a contract of another company,
// a cancelled contract, usage sync for a term customer or a duplicate are all accepted).
func (a *Admin) SetCustomerMapping(psa api.Psa, customerID string, in api.CustomerMappingInput) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		current, err := customerMapping(ctx, tx, a.partnerID, psa, customerID)
		if err != nil {
			return err
		}
		t := &mappingTarget{usageSync: in.UsageSyncEnabled != nil && *in.UsageSyncEnabled, ticket: in.TicketSyncEnabled != nil && *in.TicketSyncEnabled}
		if t.company, err = companyInPSA(ctx, tx, a.partnerID, psa, in.CompanyId, http.StatusNotFound, ""); err != nil {
			return err
		}
		if in.ContractId != nil {
			if t.contract, err = contractInPSA(ctx, tx, a.partnerID, psa, *in.ContractId, http.StatusNotFound, ""); err != nil {
				return err
			}
		}
		return storeCustomerMapping(ctx, tx, a.partnerID, psa, &current.mapping, t, a.ts())
	})
}

// DeleteCustomerMapping unmaps a customer: both syncs off, last sync cleared.
func (a *Admin) DeleteCustomerMapping(psa api.Psa, customerID string) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		current, err := customerMapping(ctx, tx, a.partnerID, psa, customerID)
		if err != nil {
			return err
		}
		return unmapCustomer(ctx, tx, a.partnerID, psa, current.mapping.CustomerId, a.ts())
	})
}

// setContract changes a contract of the partner's PSA (cancelled ones included).
func (a *Admin) setContract(psa api.Psa, id int64, set string, args ...any) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		c, err := contractInPSA(ctx, tx, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		//nolint:gosec // set is one of a fixed set of assignments chosen by the callers
		_, err = tx.ExecContext(ctx, "UPDATE contracts SET "+set+" WHERE id = ?", append(args, c.ID)...)
		return err
	})
}

// CancelContract cancels a contract in the PSA; cancelled contracts are never listed or synced.
func (a *Admin) CancelContract(psa api.Psa, id int64) error {
	return a.setContract(psa, id, "status = 'cancelled'")
}

// DeactivateContract makes a contract inactive in the PSA.
func (a *Admin) DeactivateContract(psa api.Psa, id int64) error {
	return a.setContract(psa, id, "status = 'inactive'")
}

// ActivateContract makes a contract active again.
func (a *Admin) ActivateContract(psa api.Psa, id int64) error {
	return a.setContract(psa, id, "status = 'active'")
}

// ExpireContract expires a contract; its end date becomes yesterday unless it already ended.
func (a *Admin) ExpireContract(psa api.Psa, id int64) error {
	yesterday := a.e.now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	return a.setContract(psa, id, "status = 'expired', end_date = CASE WHEN end_date IS NOT NULL AND end_date <= ? THEN end_date ELSE ? END", yesterday, yesterday)
}

// RenameContract renames a contract in the PSA (mappings keep the old name until a refresh
// or a sync pass).
func (a *Admin) RenameContract(psa api.Psa, id int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return fieldError("name", "", nil, "name is required")
	}
	return a.setContract(psa, id, "name = ?, name_fold = ?", name, fold(name))
}

// NewContract describes a contract for AddContract.
type NewContract struct {
	CompanyID int64  `json:"companyId"`
	Name      string `json:"name"`
	// Status is active (default), expired, inactive or cancelled.
	Status    string `json:"status,omitempty"`
	StartDate string `json:"startDate,omitempty"` // default today
	EndDate   string `json:"endDate,omitempty"`
}

// AddContract adds a contract (Autotask) or agreement (ConnectWise) and returns its id.
func (a *Admin) AddContract(psa api.Psa, c NewContract) (int64, error) {
	var id int64
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if c.Status == "" {
			c.Status = contractActive
		}
		if c.StartDate == "" {
			c.StartDate = a.e.now().UTC().Format("2006-01-02")
		}
		var v seedValidator
		v.contractIDs = map[int64]string{}
		if _, err := companyInPSA(ctx, tx, a.partnerID, psa, c.CompanyID, http.StatusBadRequest, "companyId"); err != nil {
			return err
		}
		next, err := nextID(ctx, tx, "contracts", psa)
		if err != nil {
			return err
		}
		sc := SeedContract{ID: next, CompanyID: c.CompanyID, Name: c.Name, Status: c.Status, StartDate: c.StartDate, EndDate: c.EndDate}
		v.contracts("contract", []SeedContract{sc}, map[int64]bool{c.CompanyID: true}, map[int64]seedContractRef{})
		if len(v.problems) > 0 {
			return errBadRequest("the contract is invalid: %s", strings.Join(v.problems, "; "))
		}
		id = next
		return insertContract(ctx, tx, a.partnerID, psa, sc)
	})
	return id, err
}

// AddCompany adds a company to the PSA and returns its id.
func (a *Admin) AddCompany(psa api.Psa, name, identifier string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, fieldError("name", "", nil, "name is required")
	}
	var id int64
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		next, err := nextID(ctx, tx, "companies", psa)
		if err != nil {
			return err
		}
		id = next
		return insertCompany(ctx, tx, a.partnerID, psa, SeedCompany{ID: next, Name: name, Identifier: identifier})
	})
	return id, err
}

// RemoveCompany deletes a company and its contracts from the PSA. Mappings to it stay, with
// companyExists false and contract status missing, and their usage sync fails.
func (a *Admin) RemoveCompany(psa api.Psa, id int64) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		c, err := companyInPSA(ctx, tx, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM contracts WHERE company_id = ? AND partner_id = ?", c.ID, a.partnerID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM companies WHERE id = ?", c.ID)
		return err
	})
}

// RenameCompany renames a company in the PSA (mappings keep the old name until a refresh or
// a sync pass).
func (a *Admin) RenameCompany(psa api.Psa, id int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return fieldError("name", "", nil, "name is required")
	}
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		c, err := companyInPSA(ctx, tx, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE companies SET name = ?, name_fold = ? WHERE id = ?", name, fold(name), c.ID)
		return err
	})
}

// SetIntegrationStatus sets a PSA integration's status (connected, notConfigured or error),
// as connecting or disconnecting it in the console would.
func (a *Admin) SetIntegrationStatus(psa api.Psa, status api.IntegrationStatus) error {
	if !status.Valid() {
		return fieldError("status", string(status), []string{"connected", "notConfigured", "error"}, "unknown integration status %q", status)
	}
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		var connected sql.NullInt64
		if status == api.IntegrationStatusConnected {
			connected = sql.NullInt64{Int64: a.ts(), Valid: true}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, connected_at, usage_sync_schedule)
			VALUES(?, ?, ?, ?, '', ?, 'withInvoice')
			ON CONFLICT(partner_id, psa) DO UPDATE SET status = excluded.status, status_error = '', connected_at = COALESCE(integrations.connected_at, excluded.connected_at)`,
			a.partnerID, psa, psa.DisplayName(), status, connected)
		return err
	})
}

// CreateTenant adds a customer to the partner and returns its id. An empty ID gets a new
// UUID; ShowAs, DataRegion and Status get defaults.
func (a *Admin) CreateTenant(t SeedTenant) (string, error) {
	if t.ID == "" {
		t.ID = uuid.NewString()
	}
	v := seedValidator{tenantIDs: map[string]string{}}
	p := SeedPartner{ID: a.partnerID, Tenants: []SeedTenant{t}}
	v.partner("tenant", &p)
	if len(v.problems) > 0 {
		return "", errBadRequest("the tenant is invalid: %s", strings.Join(v.problems, "; "))
	}
	t = p.Tenants[0]
	ctx := context.Background()
	err := a.e.store.tx(ctx, func(tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tenants WHERE id = ?", t.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errConflict("there is already a tenant with id %s", t.ID)
		}
		return insertTenant(ctx, tx, a.partnerID, t)
	})
	return t.ID, err
}

// SetTenantBillingType changes a customer's billing type (usage, term or trial). Existing
// mappings are kept; a usage sync of a customer that is no longer usage-billed fails.
func (a *Admin) SetTenantBillingType(customerID string, billingType api.BillingType) error {
	if !billingType.Valid() {
		return fieldError("billingType", string(billingType), []string{"usage", "term", "trial"}, "unknown billing type %q", billingType)
	}
	return a.updateTenant(customerID, "billing_type = ?", billingType)
}

// RenameTenant renames a customer.
func (a *Admin) RenameTenant(customerID, name string) error {
	if strings.TrimSpace(name) == "" {
		return fieldError("name", "", nil, "name is required")
	}
	return a.updateTenant(customerID, "name = ?, name_fold = ?", name, fold(name))
}

func (a *Admin) updateTenant(customerID, set string, args ...any) error {
	ctx := context.Background()
	return a.e.store.tx(ctx, func(tx *sql.Tx) error {
		//nolint:gosec // set is one of a fixed set of assignments chosen by the callers
		res, err := tx.ExecContext(ctx, "UPDATE tenants SET "+set+" WHERE id = ? AND partner_id = ?", append(args, strings.ToLower(customerID), a.partnerID)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, errNotFound("customer %s is not a customer of partner %s", customerID, a.partnerID))
		}
		return nil
	})
}

// SyncResults returns the stored results of past usage-sync passes of a PSA, newest first.
func (a *Admin) SyncResults(psa api.Psa) ([]SyncResult, error) {
	var out []SyncResult
	err := a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.customer_id, COALESCE(t.name, ''), r.company_id, r.contract_id, r.status, r.error, r.at FROM sync_results r
			LEFT JOIN tenants t ON t.id = r.customer_id WHERE r.partner_id = ? AND r.psa = ? ORDER BY r.id DESC`, a.partnerID, psa)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var r SyncResult
			var at int64
			if err := rows.Scan(&r.CustomerID, &r.CustomerName, &r.CompanyID, &r.ContractID, &r.Status, &r.Error, &at); err != nil {
				return err
			}
			r.At = fromNanos(at)
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
