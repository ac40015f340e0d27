package admin

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Out-of-band changes to customers, their mappings, and the PSA's companies and contracts.

// SetCustomerMapping maps a customer as a person clicking in the console could: only the
// existence of the customer, company and contract is checked (a contract of another company,
// a cancelled contract, usage sync for a term customer or a duplicate are all accepted).
func (a *Admin) SetCustomerMapping(psa api.Psa, customerID string, in api.CustomerMappingInput) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		current, err := psaintegration.CustomerMapping(ctx, q, a.partnerID, psa, customerID)
		if err != nil {
			return err
		}
		t := store.MappingTarget{UsageSync: in.UsageSyncEnabled != nil && *in.UsageSyncEnabled, TicketSync: in.TicketSyncEnabled != nil && *in.TicketSyncEnabled}
		company, err := psaintegration.Company(ctx, q, a.partnerID, psa, in.CompanyId, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		t.CompanyID, t.CompanyName = company.ID, company.Name
		if in.ContractId != nil {
			contract, err := psaintegration.Contract(ctx, q, a.partnerID, psa, *in.ContractId, http.StatusNotFound)
			if err != nil {
				return err
			}
			t.ContractID, t.ContractName = &contract.ID, contract.Name
		}
		return q.MapCustomer(ctx, a.partnerID, psa, &current.Mapping, t, a.ts(), store.Console)
	})
}

// DeleteCustomerMapping unmaps a customer: both syncs off, last sync cleared.
func (a *Admin) DeleteCustomerMapping(psa api.Psa, customerID string) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		current, err := psaintegration.CustomerMapping(ctx, q, a.partnerID, psa, customerID)
		if err != nil {
			return err
		}
		return q.UnmapCustomer(ctx, a.partnerID, psa, current.Mapping.CustomerId, a.ts(), store.Console)
	})
}

// changeContract changes a contract of the partner's PSA (cancelled ones included).
func (a *Admin) changeContract(psa api.Psa, id int64, change func(ctx context.Context, q store.Q, id int64) error) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		c, err := psaintegration.Contract(ctx, q, a.partnerID, psa, id, http.StatusNotFound)
		if err != nil {
			return err
		}
		return change(ctx, q, c.ID)
	})
}

// setContractStatus sets a contract's status in the PSA.
func (a *Admin) setContractStatus(psa api.Psa, id int64, status string) error {
	return a.changeContract(psa, id, func(ctx context.Context, q store.Q, id int64) error { return q.SetContractStatus(ctx, id, status) })
}

// CancelContract cancels a contract in the PSA; cancelled contracts are never listed or synced.
func (a *Admin) CancelContract(psa api.Psa, id int64) error {
	return a.setContractStatus(psa, id, store.ContractCancelled)
}

// DeactivateContract makes a contract inactive in the PSA.
func (a *Admin) DeactivateContract(psa api.Psa, id int64) error {
	return a.setContractStatus(psa, id, string(api.ContractStatusInactive))
}

// ActivateContract makes a contract active again.
func (a *Admin) ActivateContract(psa api.Psa, id int64) error {
	return a.setContractStatus(psa, id, string(api.ContractStatusActive))
}

// ExpireContract expires a contract; its end date becomes yesterday unless it already ended.
func (a *Admin) ExpireContract(psa api.Psa, id int64) error {
	yesterday := a.now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	return a.changeContract(psa, id, func(ctx context.Context, q store.Q, id int64) error { return q.ExpireContract(ctx, id, yesterday) })
}

// RenameContract renames a contract in the PSA (mappings keep the old name until a refresh
// or a sync pass).
func (a *Admin) RenameContract(psa api.Psa, id int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return web.FieldError("name", "", nil, "name is required")
	}
	return a.changeContract(psa, id, func(ctx context.Context, q store.Q, id int64) error { return q.RenameContract(ctx, id, name) })
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
	err := a.tx(psa, func(ctx context.Context, q store.Q) error {
		if c.Status == "" {
			c.Status = string(api.ContractStatusActive)
		}
		if c.StartDate == "" {
			c.StartDate = a.now().UTC().Format("2006-01-02")
		}
		if _, err := psaintegration.Company(ctx, q, a.partnerID, psa, c.CompanyID, http.StatusBadRequest, "companyId"); err != nil {
			return err
		}
		next, err := q.NextID(ctx, store.TableContracts, psa)
		if err != nil {
			return err
		}
		sc := seed.Contract{ID: next, CompanyID: c.CompanyID, Name: c.Name, Status: c.Status, StartDate: c.StartDate, EndDate: c.EndDate}
		if problems := seed.CheckContract(sc); len(problems) > 0 {
			return web.BadRequest("the contract is invalid: %s", strings.Join(problems, "; "))
		}
		id = next
		return q.InsertContract(ctx, a.partnerID, sc.Store(psa))
	})
	return id, err
}

// AddCompany adds a company to the PSA and returns its id.
func (a *Admin) AddCompany(psa api.Psa, name, identifier string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, web.FieldError("name", "", nil, "name is required")
	}
	var id int64
	err := a.tx(psa, func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		next, err := q.NextID(ctx, store.TableCompanies, psa)
		if err != nil {
			return err
		}
		id = next
		return q.InsertCompany(ctx, a.partnerID, store.Company{ID: next, PSA: psa, Name: name, Identifier: identifier})
	})
	return id, err
}

// RemoveCompany deletes a company and its contracts from the PSA. Mappings to it stay, with
// companyExists false and contract status missing, and their usage sync fails.
func (a *Admin) RemoveCompany(psa api.Psa, id int64) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		c, err := psaintegration.Company(ctx, q, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		return q.DeleteCompany(ctx, a.partnerID, c.ID)
	})
}

// RecycleCompany moves a ConnectWise company to the recycle bin, as someone deleting it in
// ConnectWise does: the integration no longer offers it (mappings to it stay, with
// companyExists false), ConnectWise's own API lists it with deletedFlag true.
func (a *Admin) RecycleCompany(psa api.Psa, id int64) error {
	if psa != api.PsaConnectwise {
		return web.BadRequest("only ConnectWise companies go to a recycle bin; remove an Autotask company instead")
	}
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		c, err := psaintegration.Company(ctx, q, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		return q.RecycleCompany(ctx, c.ID, a.ts(), ConsoleMember)
	})
}

// RenameCompany renames a company in the PSA (mappings keep the old name until a refresh or
// a sync pass).
func (a *Admin) RenameCompany(psa api.Psa, id int64, name string) error {
	if strings.TrimSpace(name) == "" {
		return web.FieldError("name", "", nil, "name is required")
	}
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		c, err := psaintegration.Company(ctx, q, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		return q.RenameCompany(ctx, c.ID, name)
	})
}

// SetCompanyInactive makes a company inactive in the PSA (Autotask's isActive false), or
// active again: inactive companies are not offered; mappings to them stay.
func (a *Admin) SetCompanyInactive(psa api.Psa, id int64, inactive bool) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		c, err := psaintegration.Company(ctx, q, a.partnerID, psa, id, http.StatusNotFound, "")
		if err != nil {
			return err
		}
		return q.SetCompanyInactive(ctx, c.ID, inactive)
	})
}

// CreateTenant adds a customer to the partner and returns its id. An empty ID gets a new
// UUID; ShowAs, DataRegion and Status get defaults.
func (a *Admin) CreateTenant(t seed.Tenant) (string, error) {
	if t.ID == "" {
		t.ID = uuid.NewString()
	}
	if problems := seed.CheckTenant(a.partnerID, &t); len(problems) > 0 {
		return "", web.BadRequest("the tenant is invalid: %s", strings.Join(problems, "; "))
	}
	err := a.write(func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		taken, err := q.TenantExists(ctx, t.ID)
		if err != nil {
			return err
		}
		if taken {
			return web.Conflict("there is already a tenant with id %s", t.ID)
		}
		return q.InsertTenant(ctx, a.partnerID, t.Store())
	})
	return t.ID, err
}

// SetTenantBillingType changes a customer's billing type (usage, term or trial). Existing
// mappings are kept; a usage sync of a customer that is no longer usage-billed fails.
func (a *Admin) SetTenantBillingType(customerID string, billingType api.BillingType) error {
	if !billingType.Valid() {
		return web.FieldError("billingType", string(billingType), api.Strings(api.BillingTypes()), "unknown billing type %q", billingType)
	}
	return a.updateTenant(customerID, func(ctx context.Context, q store.Q, id string) error {
		return q.SetTenantBillingType(ctx, a.partnerID, id, billingType)
	})
}

// RenameTenant renames a customer.
func (a *Admin) RenameTenant(customerID, name string) error {
	if strings.TrimSpace(name) == "" {
		return web.FieldError("name", "", nil, "name is required")
	}
	return a.updateTenant(customerID, func(ctx context.Context, q store.Q, id string) error {
		return q.RenameTenant(ctx, a.partnerID, id, name)
	})
}

func (a *Admin) updateTenant(customerID string, change func(ctx context.Context, q store.Q, id string) error) error {
	return a.write(func(ctx context.Context, q store.Q) error {
		err := change(ctx, q, strings.ToLower(customerID))
		if errors.Is(err, store.ErrNotFound) {
			return web.NotFound("customer %s is not a customer of partner %s", customerID, a.partnerID)
		}
		return err
	})
}
