package rules

import (
	"fmt"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Contract is what the rules need to know about a contract (an Autotask contract or a
// ConnectWise agreement). The API never offers cancelled contracts, so a client sees a
// cancelled one as not found; the emulator, which stores them, says Cancelled.
type Contract struct {
	ID, CompanyID     int64
	PSA               api.Psa
	Name, CompanyName string
	Cancelled         bool
	// Inactive contracts can be mapped, but a usage sync to one fails.
	Inactive bool
	// SameName lists the other contracts of the partner with the same name.
	SameName []api.PsaContract
}

// ContractFromAPI is the Contract of a contract as the API lists it.
func ContractFromAPI(c *api.PsaContract) *Contract {
	return &Contract{ID: c.Id, CompanyID: c.CompanyId, PSA: c.Psa, Name: c.Name, CompanyName: c.CompanyName, Inactive: c.Status == api.ContractStatusInactive}
}

// CustomerMappingChange is a write of one customer's mapping with the facts it is judged on.
type CustomerMappingChange struct {
	PSA api.Psa
	// Customer is the customer as the API shows it (id, name, billing type).
	Customer api.CustomerMapping
	Input    api.CustomerMappingInput
	// Company is the company Input.CompanyId names, nil when it does not exist.
	Company *api.PsaCompany
	// Contract is the contract Input.ContractId names, nil when it does not exist or none
	// is given.
	Contract *Contract
	// HeldBy is another customer already mapped to the company and contract, or nil.
	HeldBy *api.CustomerMapping
}

// CheckCustomerMappingInput applies the rules a mapping's input breaks on its own, without
// any data of the PSA: usage sync needs a contract.
func CheckCustomerMappingInput(f Fields, psa api.Psa, in api.CustomerMappingInput) Violations {
	var vs Violations
	noun := psa.ContractNoun()
	if in.UsageSyncEnabled != nil && *in.UsageSyncEnabled && in.ContractId == nil {
		vs.add(Invalid, f.UsageSync, "true", "Usage sync needs "+api.WithArticle(noun),
			"Usage sync needs %s: Sophos syncs a customer's usage to one %s %s. Set %s to one of the company's %ss (%s), or set %s = %s.",
			api.WithArticle(noun), psa.ShortName(), noun, f.ContractID, noun, f.Contracts(string(psa), in.CompanyId), f.UsageSync, f.False)
	}
	return vs
}

// CheckCustomerMapping applies every rule of a customer mapping: those of
// CheckCustomerMappingInput; the company and contract must exist in the PSA; the contract
// must not be cancelled and must belong to the company; usage sync needs a usage-billed
// customer; one company and contract map to one customer only. A contract name that is not
// unique is a warning.
func CheckCustomerMapping(f Fields, c CustomerMappingChange) Violations {
	psa := c.PSA
	noun := psa.ContractNoun()
	usage := c.Input.UsageSyncEnabled != nil && *c.Input.UsageSyncEnabled
	companyID := c.Input.CompanyId
	customer := customerLabel(&c.Customer)
	vs := CheckCustomerMappingInput(f, psa, c.Input)
	switch {
	case c.Company == nil:
		vs.add(Invalid, f.CompanyID, fmt.Sprint(companyID), "PSA company not found",
			"%s has no company %d. Use the id of an existing company (%s).", psa.DisplayName(), companyID, f.Companies(string(psa)))
		return vs
	case c.Company.Psa != psa:
		vs.add(Invalid, f.CompanyID, fmt.Sprint(companyID), "PSA company not found",
			"Company %d (%q) is %s company, not %s one. Pick a company from %s (%s).",
			companyID, c.Company.Name, api.WithArticle(c.Company.Psa.ShortName()), api.WithArticle(psa.ShortName()), psa.DisplayName(), f.Companies(string(psa)))
		return vs
	}
	if c.Input.ContractId != nil {
		contractID := *c.Input.ContractId
		value := fmt.Sprint(contractID)
		k := c.Contract
		stopping := kept(c.Customer, contractID) && !usage
		switch {
		case k == nil && stopping:
			// A contract deleted from the PSA: the mapping may still be saved with usage sync off.
		case k == nil:
			vs.add(Invalid, f.ContractID, value, "Contract not found or cancelled",
				"%s has no %s %d, or it was cancelled (Sophos never syncs cancelled %ss). Pick another one (%s).",
				psa.DisplayName(), noun, contractID, noun, f.Contracts(string(psa), companyID))
			return vs
		case k.PSA != psa:
			vs.add(Invalid, f.ContractID, value, "Contract not found or cancelled",
				"%s %d (%q) is %s %s, not %s one. Pick %s of %s (%s).",
				capitalize(k.PSA.ContractNoun()), k.ID, k.Name, api.WithArticle(k.PSA.ShortName()), k.PSA.ContractNoun(),
				api.WithArticle(psa.ShortName()), api.WithArticle(noun), psa.DisplayName(), f.Contracts(string(psa), companyID))
			return vs
		case k.Cancelled && !stopping:
			vs.add(Invalid, f.ContractID, value, "Contract cancelled",
				"%s %s %d (%q) was cancelled; cancelled %ss are never synced. Choose another %s of company %d (%q) (%s); "+
					"to stop billing this customer, set %s = %s or remove the mapping.",
				psa.ShortName(), noun, k.ID, k.Name, noun, noun, companyID, c.Company.Name, f.Contracts(string(psa), companyID), f.UsageSync, f.False)
			return vs
		case k.CompanyID != companyID:
			vs.add(Invalid, f.ContractID, value, "Contract belongs to another company",
				"%s %d (%q) belongs to company %d (%q), not to company %d (%q). Set %s to %s of company %d (%s), or set %s = %d.",
				capitalize(noun), k.ID, k.Name, k.CompanyID, k.CompanyName, companyID, c.Company.Name,
				f.ContractID, api.WithArticle(noun), companyID, f.Contracts(string(psa), companyID), f.CompanyID, k.CompanyID)
			return vs
		}
	}
	if usage && c.Customer.BillingType != api.BillingTypeUsage {
		vs.add(Unprocessable, f.UsageSync, "true", "Usage sync not available for this customer",
			"Customer %s is %s-billed; usage sync exists only for usage-billed (monthly, MSP Flex) customers. "+
				"Set %s = %s; ticket sync works for every customer.", customer, c.Customer.BillingType, f.UsageSync, f.False)
	}
	if k := c.Contract; k != nil && c.HeldBy != nil {
		other := customerLabel(c.HeldBy)
		vs.add(Conflict, f.ContractID, fmt.Sprint(k.ID), "Contract already mapped to another customer",
			"Company %d (%q) and %s %d (%q) are already mapped to customer %s in %s; one Sophos customer maps to one "+
				"company and %s. Map customer %s to another %s (%s), or unmap customer %s first.",
			companyID, c.Company.Name, noun, k.ID, k.Name, other, psa.DisplayName(), noun, customer, noun,
			f.Contracts(string(psa), companyID), other)
	}
	if k := c.Contract; k != nil && k.Inactive && usage {
		vs.add(Warning, f.ContractID, fmt.Sprint(k.ID), capitalize(noun)+" inactive",
			"%s %d (%q) is inactive in %s: Sophos accepts the mapping, but every usage sync to an inactive %s fails, "+
				"so customer %s's usage is not billed. Reactivate it in the PSA, or set %s to an active %s of company %d (%s).",
			capitalize(noun), k.ID, k.Name, psa.DisplayName(), noun, customer, f.ContractID, noun, companyID, f.Contracts(string(psa), companyID))
	}
	if k := c.Contract; k != nil && len(k.SameName) > 0 {
		others := make([]string, len(k.SameName))
		for i, o := range k.SameName {
			others[i] = fmt.Sprintf("%d of company %d (%q)", o.Id, o.CompanyId, o.CompanyName)
		}
		vs.add(Warning, f.ContractID, fmt.Sprint(k.ID), "Contract name is not unique",
			"%s %d (%q) has the same name as %s %s. Sophos assumes %s names are unique across all of a partner's "+
				"customers, and usage sync to Autotask fails on duplicate names. Rename one of them in the PSA.",
			capitalize(noun), k.ID, k.Name, noun, strings.Join(others, ", "+noun+" "), noun)
	}
	return vs
}

// kept reports whether the mapping as stored already points at the contract.
func kept(current api.CustomerMapping, contractID int64) bool {
	return current.Mapped && current.ContractId != nil && *current.ContractId == contractID
}

// customerLabel names a customer in messages: `"Alpine Dental" (29946c86-…)`.
func customerLabel(m *api.CustomerMapping) string {
	if m.CustomerName == "" {
		return m.CustomerId
	}
	return fmt.Sprintf("%q (%s)", m.CustomerName, m.CustomerId)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
