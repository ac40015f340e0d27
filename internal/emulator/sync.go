package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// SyncResult is the outcome of a usage sync for one customer.
type SyncResult struct {
	CustomerID   string         `json:"customerId"`
	CustomerName string         `json:"customerName"`
	CompanyID    int64          `json:"companyId"`
	ContractID   *int64         `json:"contractId,omitempty"`
	Status       api.SyncStatus `json:"status"`
	Error        string         `json:"error,omitempty"`
	At           time.Time      `json:"at"`
}

// syncCandidate is a mapped customer with usage sync on.
type syncCandidate struct {
	customerID, customerName, billing string
	companyID                         int64
	companyName                       string
	contractID                        sql.NullInt64
	contractName                      sql.NullString
}

// RunUsageSync runs a usage-sync pass for the partner's PSA, as the schedule or "Sync Now"
// would: every mapped customer with usage sync on gets a lastSync result, the run goes to
// the history (usagesync.go), and the company and contract names of every mapping are
// refreshed.
func (a *Admin) RunUsageSync(psa api.Psa) ([]SyncResult, error) {
	_, results, err := a.runUsageSync(psa, false)
	return results, err
}

func syncCandidates(ctx context.Context, q querier, partnerID string, psa api.Psa) ([]syncCandidate, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.name, t.billing_type, cm.company_id, cm.company_name, cm.contract_id, cm.contract_name
		FROM customer_mappings cm JOIN tenants t ON t.id = cm.customer_id
		WHERE cm.partner_id = ? AND cm.psa = ? AND cm.company_id IS NOT NULL AND cm.usage_sync = 1
		ORDER BY t.name_fold, t.id`, partnerID, psa)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []syncCandidate
	for rows.Next() {
		var c syncCandidate
		var companyName sql.NullString
		if err := rows.Scan(&c.customerID, &c.customerName, &c.billing, &c.companyID, &companyName, &c.contractID, &c.contractName); err != nil {
			return nil, err
		}
		c.companyName = companyName.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// syncProblem says why usage cannot sync for a customer, or "" when it can.
func syncProblem(ctx context.Context, q querier, partnerID string, psa api.Psa, c syncCandidate) (string, error) {
	name := psa.ShortName()
	noun := psa.ContractNoun()
	if c.billing != string(api.BillingTypeUsage) {
		return fmt.Sprintf("Customer %s is %s-billed; usage sync runs only for usage-billed customers. Switch usage sync off for this customer.", c.customerName, c.billing), nil
	}
	company, err := companyInPSA(ctx, q, partnerID, psa, c.companyID, 0, "")
	if err != nil {
		if StatusOf(err) == http.StatusInternalServerError {
			return "", err
		}
		return fmt.Sprintf("The %s company %q (id %d) no longer exists in %s. Map the customer to an existing company.", name, c.companyName, c.companyID, name), nil
	}
	if !c.contractID.Valid {
		return fmt.Sprintf("No %s is mapped, so usage has nowhere to go. Map the customer to %s of its company.", noun, api.WithArticle(noun)), nil
	}
	k, err := contractInPSA(ctx, q, partnerID, psa, c.contractID.Int64, 0)
	if err != nil {
		if StatusOf(err) == http.StatusInternalServerError {
			return "", err
		}
		return fmt.Sprintf("The %s %s %q (id %d) no longer exists. Map the customer to an existing %s.", name, noun, c.contractName.String, c.contractID.Int64, noun), nil
	}
	if k.CompanyID != company.ID {
		// Possible when someone picked the contract in the console: the API refuses it.
		return fmt.Sprintf("The %s belongs to company %q (id %d), not to the mapped %s; its usage would be billed to the wrong customer. Map the customer to %s of %s.",
			k.describe(), k.CompanyName, k.CompanyID, company.describe(), api.WithArticle(noun), company.Name), nil
	}
	switch k.Status {
	case contractCancelled:
		return fmt.Sprintf("The %s was cancelled; cancelled %ss are never synced. Map the customer to another %s.", k.describe(), noun, noun), nil
	case contractInactive:
		return fmt.Sprintf("The %s is inactive. Activate it in %s or map the customer to an active %s.", k.describe(), name, noun), nil
	}
	if psa == api.PsaAutotask && !k.NameUnique {
		dups, err := sameNameContracts(ctx, q, partnerID, k)
		if err != nil {
			return "", err
		}
		others := make([]string, 0, len(dups))
		for _, d := range dups {
			others = append(others, fmt.Sprintf("contract %d of %s", d.ID, d.CompanyName))
		}
		return fmt.Sprintf("The Autotask contract name %q (id %d) is not unique: %s has the same name. Sophos needs contract names to be unique across all customers; rename one of them in Autotask.",
			k.Name, k.ID, strings.Join(others, " and ")), nil
	}
	return "", nil
}
