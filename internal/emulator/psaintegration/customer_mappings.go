package psaintegration

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Customer mappings: /partner/v1/psa/{psa}/customer-mappings[/{customerId}[/refresh]].

// CustomerMapping reads one customer's mapping; 404 unless the customer is the partner's.
func CustomerMapping(ctx context.Context, q store.Q, partnerID string, psa api.Psa, customerID string) (store.CustomerMapping, error) {
	m, err := q.CustomerMapping(ctx, partnerID, psa, customerID)
	if errors.Is(err, store.ErrNotFound) {
		return m, web.NotFound("customer %s is not a customer of this partner; list customers with GET /partner/v1/tenants", customerID)
	}
	m.Mapping = withETag(m)
	return m, err
}

// withETag is the customer's mapping with its ETag.
func withETag(m store.CustomerMapping) api.CustomerMapping {
	m.Mapping.Etag = ptr(web.ETag(m.Version))
	return m.Mapping
}

// ListCustomerMappings implements GET /partner/v1/psa/{psa}/customer-mappings: every customer
// of the partner, mapped or not.
func (rm *Room) ListCustomerMappings(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListCustomerMappingsParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		pg, err := web.NewPaging(params.Page, params.PageSize, params.PageTotal)
		if err != nil {
			return web.Reply{}, err
		}
		f := store.CustomerMappingFilter{UsageSyncAvailable: params.UsageSyncAvailable, SyncStatus: params.SyncStatus}
		if f.SyncStatus != nil && !f.SyncStatus.Valid() {
			return web.Reply{}, web.FieldError("syncStatus", string(*f.SyncStatus), api.Strings(api.SyncStatuses()), "syncStatus must be successful or failed")
		}
		page, err := q.ListCustomerMappings(r.Context(), web.PrincipalOf(r).PartnerID, psa, f, pg.Window())
		if err != nil {
			return web.Reply{}, err
		}
		return web.OK(api.CustomerMappingList{Items: render(page.Items, withETag), Pages: pg.Pages(page.Total)}), nil
	})
}

// GetCustomerMapping implements GET /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (rm *Room) GetCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.GetCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		m, err := CustomerMapping(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, customerID)
		return reply(m.Mapping, m.Version, err)
	})
}

// customerMappingBody is CustomerMappingInput with presence of the required field.
type customerMappingBody struct {
	CompanyID         *int64 `json:"companyId"`
	ContractID        *int64 `json:"contractId"`
	UsageSyncEnabled  *bool  `json:"usageSyncEnabled"`
	TicketSyncEnabled *bool  `json:"ticketSyncEnabled"`
}

// CustomerMappingBody reads a customer mapping's JSON body; the admin API's has the same
// fields. The company is required.
func CustomerMappingBody(r *http.Request) (api.CustomerMappingInput, bool, error) {
	var in customerMappingBody
	if err := web.DecodeBody(r, &in); err != nil {
		return api.CustomerMappingInput{}, false, err
	}
	if in.CompanyID == nil {
		return api.CustomerMappingInput{}, false, nil
	}
	return api.CustomerMappingInput{CompanyId: *in.CompanyID, ContractId: in.ContractID, UsageSyncEnabled: in.UsageSyncEnabled, TicketSyncEnabled: in.TicketSyncEnabled}, true, nil
}

// PutCustomerMapping implements PUT /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (rm *Room) PutCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, params api.PutCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		// The body is read and parsed before the transaction: a slow client must not hold the
		// database while its body trickles in.
		in, hasCompany, err := CustomerMappingBody(r)
		if err != nil {
			return web.Reply{}, err
		}
		m, err := rm.changeCustomerMapping(ctx, q, partnerID, psa, customerID, params.IfMatch, func(q store.Q, current *api.CustomerMapping) error {
			if !hasCompany {
				return web.FieldError("companyId", "", nil, "companyId is required: the id of the %s company to map customer %s to", psa.ShortName(), current.CustomerName)
			}
			target, err := validateCustomerMapping(ctx, q, partnerID, psa, current, in)
			if err != nil {
				return err
			}
			return q.MapCustomer(ctx, partnerID, psa, current, target, rm.api.Now().UnixNano(), writer(r))
		})
		return reply(m.Mapping, m.Version, err)
	})
}

// validateCustomerMapping applies the customer mapping rules (internal/rules) to a PUT body.
func validateCustomerMapping(ctx context.Context, q store.Q, partnerID string, psa api.Psa, customer *api.CustomerMapping, in api.CustomerMappingInput) (store.MappingTarget, error) {
	change := rules.CustomerMappingChange{PSA: psa, Customer: *customer, Input: in}
	target := store.MappingTarget{CompanyID: in.CompanyId, ContractID: in.ContractId, UsageSync: deref(in.UsageSyncEnabled), TicketSync: deref(in.TicketSyncEnabled)}
	company, err := q.Company(ctx, partnerID, in.CompanyId)
	switch {
	case errors.Is(err, store.ErrNotFound):
		company = nil
	case err != nil:
		return target, err
	default:
		c := company.API()
		change.Company = &c
		target.CompanyName = company.Name
	}
	var contract *store.Contract
	if in.ContractId != nil {
		contract, err = q.Contract(ctx, partnerID, *in.ContractId)
		switch {
		case errors.Is(err, store.ErrNotFound):
			contract = nil
		case err != nil:
			return target, err
		default:
			change.Contract = ruleContract(contract)
			target.ContractName = contract.Name
		}
	}
	if company != nil && contract != nil && contract.CompanyID == company.ID {
		if change.HeldBy, err = q.CustomerHolding(ctx, partnerID, psa, company.ID, contract.ID, customer.CustomerId); err != nil {
			return target, err
		}
	}
	return target, web.Violation(rules.CheckCustomerMapping(rules.APIFields(), change).First())
}

// changeCustomerMapping applies change to one customer's mapping in a transaction, after
// checking ifMatch (nil: none), and reads it back.
func (rm *Room) changeCustomerMapping(ctx context.Context, q store.Q, partnerID string, psa api.Psa, customerID string, ifMatch *string,
	change func(q store.Q, current *api.CustomerMapping) error,
) (store.CustomerMapping, error) {
	return store.InTx(ctx, q, func(q store.Q) (store.CustomerMapping, error) {
		current, err := CustomerMapping(ctx, q, partnerID, psa, customerID)
		if err != nil {
			return current, err
		}
		if err := web.CheckIfMatch(ifMatch, current.Version, fmt.Sprintf("the %s mapping of customer %s", psa.ShortName(), current.Mapping.CustomerName)); err != nil {
			return current, err
		}
		if err := change(q, &current.Mapping); err != nil {
			return current, err
		}
		return CustomerMapping(ctx, q, partnerID, psa, customerID)
	})
}

// ruleContract is what internal/rules needs to know of a contract.
func ruleContract(c *store.Contract) *rules.Contract {
	return &rules.Contract{ID: c.ID, CompanyID: c.CompanyID, PSA: c.PSA, Name: c.Name, CompanyName: c.CompanyName, Cancelled: c.Cancelled(), Inactive: c.Inactive()}
}

// DeleteCustomerMapping implements DELETE /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (rm *Room) DeleteCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, params api.DeleteCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		_, err := rm.changeCustomerMapping(ctx, q, partnerID, psa, customerID, params.IfMatch, func(q store.Q, current *api.CustomerMapping) error {
			return q.UnmapCustomer(ctx, partnerID, psa, current.CustomerId, rm.api.Now().UnixNano(), writer(r))
		})
		return web.NoContent(), err
	})
}

// RefreshCustomerMapping implements POST /partner/v1/psa/{psa}/customer-mappings/{customerId}/refresh:
// the company and contract names are read from the PSA again.
func (rm *Room) RefreshCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.RefreshCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		m, err := rm.changeCustomerMapping(ctx, q, partnerID, psa, customerID, nil, func(q store.Q, current *api.CustomerMapping) error {
			return q.RefreshNames(ctx, partnerID, psa, current.CustomerId)
		})
		return reply(m.Mapping, m.Version, err)
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
