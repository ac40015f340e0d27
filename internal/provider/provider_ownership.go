package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Ownership: an object is in this state only because this configuration made it (a write of
// this apply, whose lost answer the client's retries replay with the same Idempotency-Key)
// or because the user said so (an import). A plan that would create an object that exists
// already fails with the import block to use; two resources of the configuration that want
// one object fail the plan (the ledger's claims); a conflict at apply names who wrote the
// object, from the API's updatedBy. See DESIGN.md ("One owner per object").

// notInStateSuffix ends the summary of the plan error of a new resource whose object exists
// already. The import recipe (importRecipe) selects these errors by it.
const notInStateSuffix = " not in this state"

// importRecipe writes the import blocks of every "not in this state" error of a plan, with
// the resource addresses Terraform puts in its JSON diagnostics, into imports.tf.
const importRecipe = `terraform plan -json | jq -r 'select(.diagnostic.summary // "" | endswith(" not in this state")) | ` +
	`"import {\n  to = \(.diagnostic.address)\n  id = \(.diagnostic.detail | capture("\n  id = (?<id>\"[^\"]+\")").id)\n}"' > imports.tf`

// claimantOf is the resource a plan of typeName claims for, with the id it has in state
// ("" for a new one). Its token is random, kept in the planned private state: Terraform
// hands it to the second plan of a replacement, which so claims as the same resource, and
// an applied resource keeps it; two resources never share one, even two addresses that
// hold the same object (an import into a second address).
func claimantOf(ctx context.Context, typeName, stateID string, prior privateGetter, planned privateSetter, diags *diag.Diagnostics) claimant {
	c := claimant{label: "a new " + typeName + " of this configuration"}
	if stateID != "" {
		c.label = fmt.Sprintf("the %s in this state with id %q (`terraform state list -id=%s` prints its address)", typeName, stateID, stateID)
	}
	if kept, ok := claimantKey.read(ctx, prior, diags); ok && kept != "" {
		c.token = kept
	} else {
		c.token = uuid.NewString()
	}
	if planned != nil {
		diags.Append(claimantKey.save(ctx, planned, c.token)...)
	}
	return c
}

// ownedObject is an object of the API as the ownership texts word it.
type ownedObject struct {
	// state says what exists: `Customer "Alpine Dental Group" (<id>) is already mapped in
	// Autotask PSA to ...`.
	state string
	// typeName and importID make the import block.
	typeName, importID string
	// by and at are who last wrote it and when (the API's updatedBy and updatedAt).
	by *api.ChangedBy
	at *time.Time
}

// notInStateError is the plan error of a new resource of kind ("PSA customer mapping")
// whose object exists already, on attribute at. The first of a run explains what to do;
// the others refer to it, so a plan after an interrupted apply reads as one explanation
// and an import block per object.
func (p *providerData) notInStateError(at path.Path, kind string, o ownedObject) diag.Diagnostic {
	lead := fmt.Sprintf("%s, last written by %s; this state does not have it.", o.state, p.writerText(o.by, o.at))
	block := importBlock(o.typeName, o.importID)
	if !p.ledger.explainOnce(explainTopic{kind: explainNotInState}) {
		return diag.NewAttributeErrorDiagnostic(at, kind+notInStateSuffix, lead+
			" What to do is in the first \"…"+notInStateSuffix+"\" error of this plan.\n\n"+block)
	}
	return diag.NewAttributeErrorDiagnostic(at, kind+notInStateSuffix, lead+
		" Terraform takes an existing object into state only when you say so with an import, so this plan neither "+
		"creates a second one nor takes this one over. What to do depends on who made it:\n"+
		"- An apply of this configuration with this state stopped after writing it (its answer was lost, or terraform "+
		"was stopped): import it. Add the import block below with <NAME> replaced by this resource's address (shown "+
		"above, after \"with\"). This command writes the import blocks of every object this plan finds, with their "+
		"addresses, into imports.tf, so one file recovers the whole apply:\n\n  "+importRecipe+"\n\n"+
		"- Another state of this configuration manages it (a workspace, a branch or a CI job with its own backend): do "+
		"not import it here. One configuration has one state: run it with the state that manages it.\n"+
		"- Another resource of this configuration manages it (this plan then reports the pair too, unless that resource "+
		"has a provider configuration of its own: an alias, or a module's provider): remove this block; "+
		fmt.Sprintf("`terraform state list -id=%s` prints the other one's address.\n", o.importID)+
		"- Someone made it in the Sophos Central Partner console: import it, or remove it there first.\n\n"+block)
}

// importBlock is the import block of the object of typeName with import id; the provider
// cannot see the resource's address, so its name is <NAME>.
func importBlock(typeName, id string) string {
	return fmt.Sprintf("import {\n  to = %s.<NAME>\n  id = %q\n}", typeName, id)
}

// importBlockText is the import block to paste for the object of typeName with import id,
// and what to put for its name.
func importBlockText(typeName, id string) string {
	return "To manage it with Terraform, add this import block to the configuration, with <NAME> replaced by the " +
		"address of this resource (Terraform prints it above, after \"with\"), and plan again:\n\n" +
		importBlock(typeName, id) + "\n\nThe plan then shows what changes to make it match the configuration."
}

// writerText says who last wrote an object, from the API's updatedBy and updatedAt: this
// provider's API client (this configuration's credentials), another API client, or someone
// in the console.
func (p *providerData) writerText(by *api.ChangedBy, at *time.Time) string {
	when := ""
	if at != nil {
		when = " at " + at.UTC().Format(time.RFC3339)
	}
	switch {
	case by == nil:
		return "someone in the PSA itself, not through Sophos Central" + when
	case by.Type == api.ChangedByTypeConsole:
		return "someone in the Sophos Central Partner console" + when
	case by.ClientId != nil && p.client != nil && *by.ClientId == p.client.ClientID():
		return fmt.Sprintf("an API client with this provider's client_id (%s)%s", *by.ClientId, when)
	case by.ClientId != nil:
		return fmt.Sprintf("another API client (client_id %s)%s", *by.ClientId, when)
	}
	return "an API client" + when
}

// writerCause says what a write by by, which this resource did not make, means: for this
// provider's own API client, another owner of the same object in this configuration or in
// another state of it; never a console edit unless the console made it.
func (p *providerData) writerCause(by *api.ChangedBy) string {
	switch {
	case by != nil && by.Type == api.ChangedByTypeConsole:
		return "Someone changed it in the Sophos Central Partner console."
	case by != nil && by.ClientId != nil && p.client != nil && *by.ClientId == p.client.ClientID():
		return "It was written with this configuration's own credentials, so it has a second owner: another resource of " +
			"this configuration through a second provider configuration (an alias, or a module's provider), or another " +
			"state of this configuration (a workspace, a branch or a CI job with its own backend) applying at the same " +
			"time. One object has one owner: keep one resource for it, in one state."
	case by != nil:
		return "Another tool or configuration with other API credentials wrote it: agree which of them owns it."
	}
	return ""
}

// changedSinceReadDetail explains a 412: object was written by by at at since Terraform read it.
func (p *providerData) changedSinceReadDetail(object string, by *api.ChangedBy, at *time.Time) string {
	return fmt.Sprintf("%s changed since Terraform last read it: %s wrote it. %s Run terraform plan again to see the "+
		"change, then apply.", capitalize(object), p.writerText(by, at), p.writerCause(by))
}

// onOff words a switch in messages.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
