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
	m.Mapping.Etag = ptr(web.ETag(m.Version))
	return m, err
}

// customerMappingReply is the answer with one customer's mapping.
func customerMappingReply(m store.CustomerMapping) web.Reply {
	return web.OK(m.Mapping).WithETag(m.Version)
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
		out := api.CustomerMappingList{Items: make([]api.CustomerMapping, 0, len(page.Items)), Pages: pg.Pages(page.Total)}
		for _, m := range page.Items {
			m.Mapping.Etag = ptr(web.ETag(m.Version))
			out.Items = append(out.Items, m.Mapping)
		}
		return web.OK(out), nil
	})
}

// GetCustomerMapping implements GET /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (rm *Room) GetCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.GetCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		m, err := CustomerMapping(r.Context(), q, web.PrincipalOf(r).PartnerID, psa, customerID)
		if err != nil {
			return web.Reply{}, err
		}
		return customerMappingReply(m), nil
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
		var out store.CustomerMapping
		err = q.Tx(ctx, func(q store.Q) error {
			current, err := CustomerMapping(ctx, q, partnerID, psa, customerID)
			if err != nil {
				return err
			}
			if err := web.CheckIfMatch(params.IfMatch, current.Version, fmt.Sprintf("the %s mapping of customer %s", psa.ShortName(), current.Mapping.CustomerName)); err != nil {
				return err
			}
			if !hasCompany {
				return web.FieldError("companyId", "", nil, "companyId is required: the id of the %s company to map customer %s to", psa.ShortName(), current.Mapping.CustomerName)
			}
			target, err := validateCustomerMapping(ctx, q, partnerID, psa, &current.Mapping, in)
			if err != nil {
				return err
			}
			if err := q.MapCustomer(ctx, partnerID, psa, &current.Mapping, target, rm.api.Now().UnixNano()); err != nil {
				return err
			}
			out, err = CustomerMapping(ctx, q, partnerID, psa, customerID)
			return err
		})
		if err != nil {
			return web.Reply{}, err
		}
		return customerMappingReply(out), nil
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

// ruleContract is what internal/rules needs to know of a contract.
func ruleContract(c *store.Contract) *rules.Contract {
	return &rules.Contract{ID: c.ID, CompanyID: c.CompanyID, PSA: c.PSA, Name: c.Name, CompanyName: c.CompanyName, Cancelled: c.Cancelled(), Inactive: c.Inactive()}
}

// DeleteCustomerMapping implements DELETE /partner/v1/psa/{psa}/customer-mappings/{customerId}.
func (rm *Room) DeleteCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, params api.DeleteCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		return web.NoContent(), q.Tx(ctx, func(q store.Q) error {
			current, err := CustomerMapping(ctx, q, partnerID, psa, customerID)
			if err != nil {
				return err
			}
			if err := web.CheckIfMatch(params.IfMatch, current.Version, fmt.Sprintf("the %s mapping of customer %s", psa.ShortName(), current.Mapping.CustomerName)); err != nil {
				return err
			}
			return q.UnmapCustomer(ctx, partnerID, psa, current.Mapping.CustomerId, rm.api.Now().UnixNano())
		})
	})
}

// RefreshCustomerMapping implements POST /partner/v1/psa/{psa}/customer-mappings/{customerId}/refresh:
// the company and contract names are read from the PSA again.
func (rm *Room) RefreshCustomerMapping(w http.ResponseWriter, r *http.Request, psa api.Psa, customerID api.CustomerId, _ api.RefreshCustomerMappingParams) {
	rm.api.Serve(w, r, func(q store.Q) (web.Reply, error) {
		ctx := r.Context()
		partnerID := web.PrincipalOf(r).PartnerID
		var out store.CustomerMapping
		err := q.Tx(ctx, func(q store.Q) error {
			current, err := CustomerMapping(ctx, q, partnerID, psa, customerID)
			if err != nil {
				return err
			}
			if err := q.RefreshNames(ctx, partnerID, psa, current.Mapping.CustomerId); err != nil {
				return err
			}
			out, err = CustomerMapping(ctx, q, partnerID, psa, customerID)
			return err
		})
		if err != nil {
			return web.Reply{}, err
		}
		return customerMappingReply(out), nil
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
