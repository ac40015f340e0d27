package provider

import "fmt"

// Taking into state what an earlier apply created but never recorded: a create whose write
// committed while its answer was lost (retries exhausted), or a terraform process stopped
// mid-apply. A create adopts an existing object only when it is exactly what the
// configuration asks for and the provider can tell it is this configuration's (identical
// content for a mapping, the replayed Idempotency-Key for a ConnectWise product); otherwise
// the error says what happened and gives the import block to paste. See DESIGN.md.

// adoptSummary is the summary of the plan warning of a create that will take an existing
// object into state without writing it.
const adoptSummary = "Existing object will be taken into state"

// interruptedApplyText says how an object this configuration asks for can exist already.
const interruptedApplyText = "an earlier apply of this configuration that did not finish (its answer was lost, " +
	"or terraform was stopped)"

// importBlockText is the import block to paste for the object of typeName with import id,
// and what to put for its name, which the provider does not know.
func importBlockText(typeName, id string) string {
	return fmt.Sprintf("To manage it with Terraform, add this import block to the configuration, with <NAME> "+
		"replaced by the name of this resource (the provider cannot see it), and plan again:\n\n"+
		"import {\n  to = %s.<NAME>\n  id = %q\n}\n\n"+
		"The plan then shows what changes to make it match the configuration.", typeName, id)
}

// onOff words a switch in messages.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
