package usagesync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// syncProblem says why usage cannot sync for a customer, or "" when it can.
func syncProblem(ctx context.Context, q store.Q, partnerID string, psa api.Psa, c store.SyncCandidate) (string, error) {
	name := psa.ShortName()
	noun := psa.ContractNoun()
	if c.BillingType != string(api.BillingTypeUsage) {
		return fmt.Sprintf("Customer %s is %s-billed; usage sync runs only for usage-billed customers. Switch usage sync off for this customer.", c.CustomerName, c.BillingType), nil
	}
	company, err := q.Company(ctx, partnerID, c.CompanyID)
	gone := errors.Is(err, store.ErrNotFound)
	if err != nil && !gone {
		return "", err
	}
	if gone || company.PSA != psa {
		return fmt.Sprintf("The %s company %q (id %d) no longer exists in %s. Map the customer to an existing company.", name, c.CompanyName, c.CompanyID, name), nil
	}
	if c.ContractID == nil {
		return fmt.Sprintf("No %s is mapped, so usage has nowhere to go. Map the customer to %s of its company.", noun, api.WithArticle(noun)), nil
	}
	k, err := q.Contract(ctx, partnerID, *c.ContractID)
	gone = errors.Is(err, store.ErrNotFound)
	if err != nil && !gone {
		return "", err
	}
	if gone || k.PSA != psa {
		return fmt.Sprintf("The %s %s %q (id %d) no longer exists. Map the customer to an existing %s.", name, noun, deref(c.ContractName), *c.ContractID, noun), nil
	}
	if k.CompanyID != company.ID {
		// Possible when someone picked the contract in the console: the API refuses it.
		return fmt.Sprintf("The %s belongs to company %q (id %d), not to the mapped %s; its usage would be billed to the wrong customer. Map the customer to %s of %s.",
			k.Describe(), k.CompanyName, k.CompanyID, company.Describe(), api.WithArticle(noun), company.Name), nil
	}
	switch {
	case k.Cancelled():
		return fmt.Sprintf("The %s was cancelled; cancelled %ss are never synced. Map the customer to another %s.", k.Describe(), noun, noun), nil
	case k.Inactive():
		return fmt.Sprintf("The %s is inactive. Activate it in %s or map the customer to an active %s.", k.Describe(), name, noun), nil
	}
	if psa == api.PsaAutotask && !k.NameUnique {
		dups, err := q.SameNameContracts(ctx, partnerID, k)
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
	if psa == api.PsaAutotask {
		recurring, err := recurringService(ctx, q, partnerID, k)
		if err != nil || recurring {
			return "", err
		}
		return fmt.Sprintf("The %s is a %s contract; Autotask takes contract services, where usage goes, only on Recurring Service contracts. Map the customer to a Recurring Service contract of %s.",
			k.Describe(), deref(k.TypeLabel), company.Name), nil
	}
	return "", nil
}

// recurringService reports whether an Autotask contract is a Recurring Service contract (its
// contractType, or the picklist's default when it has none).
func recurringService(ctx context.Context, q store.Q, partnerID string, k *store.Contract) (bool, error) {
	want := strconv.Itoa(at.ContractTypeRecurringService)
	if k.Type != nil {
		return strconv.FormatInt(*k.Type, 10) == want, nil
	}
	values, err := q.Picklists(ctx, partnerID)
	if err != nil {
		return false, err
	}
	for _, v := range values {
		if v.Entity == at.EntityContracts && v.Field == at.FieldContractType && v.IsDefault {
			return v.Value == want, nil
		}
	}
	return false, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
