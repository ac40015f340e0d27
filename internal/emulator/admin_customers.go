package emulator

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

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
			if t.contract, err = contractInPSA(ctx, tx, a.partnerID, psa, *in.ContractId, http.StatusNotFound); err != nil {
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
		c, err := contractInPSA(ctx, tx, a.partnerID, psa, id, http.StatusNotFound)
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
