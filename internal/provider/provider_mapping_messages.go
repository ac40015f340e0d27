package provider

import (
	"fmt"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The texts the two mapping resources (sophos_psa_customer_mapping and
// sophos_psa_product_mapping) share, worded once. A mapping is "<subject> is mapped in
// <PSA> to <target>"; each resource says what its subject and target are
// (customerMappingText, productMappingText).

// alreadyMappedSummary is the summary of the error a mapping resource gives when create
// finds its object already mapped otherwise than the configuration asks.
const alreadyMappedSummary = "Already mapped outside Terraform"

// mappingText is one mapping of the API as the shared texts word it.
type mappingText struct {
	// subject is what is mapped: `Customer "Alpine Dental Group" (<id>)`, `Sophos product "Sophos_X"`.
	subject string
	psa     api.Psa
	// target is what it is mapped to: a company and contract, a PSA product, with the switches.
	target string
	// typeName and importID make the import block.
	typeName, importID string
}

// alreadyMappedDetail explains why create refuses a mapping that exists otherwise than the
// configuration asks (want words what it asks), and gives the import block.
func alreadyMappedDetail(m mappingText, want string) string {
	return fmt.Sprintf("%s is already mapped in %s to %s, not to %s as this configuration asks. "+
		"Someone made or changed it in Sophos Central Partner, or %s made it and the configuration changed since. Terraform "+
		"does not take over a mapping that differs from the configuration. %s Otherwise remove the mapping in the "+
		"console first.", m.subject, m.psa.DisplayName(), m.target, want, interruptedApplyText, importBlockText(m.typeName, m.importID))
}

// adoptDetail explains the plan warning of a create that finds m mapped exactly as the
// configuration asks, so apply takes it into state without a write; when unknown names
// attributes known only at apply, that it may be so.
func adoptDetail(m mappingText, unknown string) string {
	why := interruptedApplyText + " made it, or someone made the same mapping in Sophos Central Partner"
	if unknown == "" {
		return fmt.Sprintf("%s is already mapped in %s to %s, exactly as this configuration asks. Apply "+
			"takes this mapping into state without writing it: %s.", m.subject, m.psa.DisplayName(), m.target, why)
	}
	return fmt.Sprintf("%s is already mapped in %s to %s. If that is what this configuration asks for "+
		"once %s are known, apply takes the mapping into state without writing it: %s. "+
		"Otherwise apply fails with the import block to use.", m.subject, m.psa.DisplayName(), m.target, unknown, why)
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
