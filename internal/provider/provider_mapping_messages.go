package provider

import (
	"fmt"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The texts the two mapping resources (sophos_psa_customer_mapping and
// sophos_psa_product_mapping) share, worded once. A mapping is "<subject> is mapped in
// <PSA> to <target>"; each resource says what its subject and target are
// (customerMappingText, productMappingText).

// mappedSincePlanSummary is the summary of the error a mapping resource gives when, at
// apply, its object was mapped since the plan found it unmapped.
const mappedSincePlanSummary = "Mapped by someone else since the plan"

// mappingText is one mapping of the API as the shared texts word it.
type mappingText struct {
	// subject is what is mapped: `Customer "Alpine Dental Group" (<id>)`, `Sophos product "Sophos_X"`.
	subject string
	psa     api.Psa
	// target is what it is mapped to: a company and contract, a PSA product, with the switches.
	target string
	// typeName and importID make the import block.
	typeName, importID string
	// by and at are who last wrote it and when.
	by *api.ChangedBy
	at *time.Time
}

// owned is the mapping as the ownership texts word it (provider_ownership.go).
func (m mappingText) owned() ownedObject {
	return ownedObject{state: fmt.Sprintf("%s is already mapped in %s to %s", m.subject, m.psa.DisplayName(), m.target),
		typeName: m.typeName, importID: m.importID, by: m.by, at: m.at}
}

// mappedSincePlanDetail explains, at apply, a mapping the plan found unmapped and that was
// mapped since, by whoever the API names: this resource writes nothing and takes nothing.
func (p *providerData) mappedSincePlanDetail(m mappingText) string {
	return fmt.Sprintf("%s was not mapped in %s when this plan was made; since then %s mapped it to %s. %s "+
		"Terraform does not take over a mapping it did not make, so nothing was written. %s",
		m.subject, m.psa.DisplayName(), p.writerText(m.by, m.at), m.target, p.writerCause(m.by), importBlockText(m.typeName, m.importID))
}

// notMappedImportDetail explains an import of subject, which psa does not map: when the
// other PSA maps it (other, not nil), the import id to use there (creating a second mapping
// would be the wrong fix); otherwise that there is nothing to import. spelling is said after
// "the configuration".
func notMappedImportDetail(subject string, psa api.Psa, other *mappingText, spelling string) string {
	if other != nil {
		return fmt.Sprintf("%s is not mapped in %s; it is mapped in %s to %s: import it with id %q, and set "+
			"psa = %q in the resource.", subject, psa.DisplayName(), other.psa.DisplayName(), other.target, other.importID, other.psa)
	}
	return fmt.Sprintf("%s is not mapped in %s, so there is nothing to import. Remove the import and apply "+
		"the configuration%s to create the mapping.", subject, psa.DisplayName(), spelling)
}

// claimConflictDetail explains a claim of what (`customer "X" (<id>) in Autotask PSA`) that
// met c: another resource of the configuration wants it too, or this plan destroys another
// resource that has it.
func claimConflictDetail(what string, c conflict) string {
	if c.destroys {
		return fmt.Sprintf("This plan destroys %s, which has %s too, so applying it would undo what this resource "+
			"manages. If you renamed or moved that resource, add a moved block from its old address to this one instead; "+
			"to stop managing it there without destroying it, replace its block with a removed block (lifecycle { destroy "+
			"= false }).", c.other.label, what)
	}
	return fmt.Sprintf("Two resources of this configuration want %s: %s and this one. An object has one owner: with "+
		"two, removing either block would destroy it under the other. Keep one of them: delete the block that is not in "+
		"state yet; when both are in state, replace one with a removed block (lifecycle { destroy = false }), which "+
		"forgets it without destroying it.", what, c.other.label)
}

// unmapConflictDetail explains the destruction of a mapping of what that another resource of
// the configuration, c.other, keeps.
func unmapConflictDetail(what string, c conflict) string {
	return fmt.Sprintf("Destroying this resource unmaps %s, which %s has too and keeps. If you renamed or moved this "+
		"resource, add a moved block from its old address to the new one instead; to stop managing it here without "+
		"unmapping it, replace this block with a removed block (lifecycle { destroy = false }).", what, c.other.label)
}

// notRecreatableDetail warns that destroying the mapping object cannot be undone by applying
// it again, because of why.
func notRecreatableDetail(object, why string) string {
	return fmt.Sprintf("This plan destroys %s, which could not be made again as it is: %s. Once it is gone, putting the "+
		"block back fails; if the mapping is still wanted, keep it (with usage sync off, billing through it stops while "+
		"it stays), or point it at another one instead of destroying it.", object, why)
}
