package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The user guide of this resource (write-only secrets, rotation, ephemeral values,
// disconnecting) is in templates/resources/psa_integration.md.tmpl.
func (r *psaIntegrationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Field rules (required, limits, white space, host name, GUID) are the contract's, checked
	// in ValidateConfig (psa_integration_plan.go).
	text := func(description string, limit int) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: fmt.Sprintf("%s At most %d characters.", description, limit), Required: true}
	}
	secret := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description + " **Write-only**: sent to Sophos Central when it is written, never " +
				"stored in the plan or the state (Terraform 1.11 or later). It may come from an ephemeral value, " +
				"such as an ephemeral variable or an ephemeral resource of a secrets manager. Terraform cannot see " +
				"a change of it: change the matching `*_wo_version` to send a new one. Required whenever Terraform " +
				"writes the credentials (to connect, and with any change of this block): Sophos Central takes the whole " +
				"credential on every write. A configuration that keeps the connection as it is, such as one generated " +
				"for an imported integration, may leave it null.",
			Optional: true, WriteOnly: true, Sensitive: true,
		}
	}
	version := func(of string) schema.Int64Attribute {
		return schema.Int64Attribute{
			MarkdownDescription: "Version of `" + of + "`: any change sends the value of `" + of + "` again, which is " +
				"how a rotated secret reaches Sophos Central. Also set it so that Terraform notices credentials " +
				"changed in the console: they show as a change of this version, and the apply sends the " +
				"configuration's credentials back.",
			Optional:   true,
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		}
	}
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	// A credential write changes neither the PSA's name, nor when it was connected, nor the
	// last sync: the plan shows them as they are.
	unchanged := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Connects a PSA to Sophos Central Partner and keeps its API credentials current, as the " +
			"PSA Integration page's \"Manage Settings\" and \"View details\" do. One per PSA. Sophos checks the " +
			"credentials with the PSA before it stores them, so wrong ones fail the apply with the PSA's own error. " +
			"Secrets are write-only arguments: they never reach the plan, the state or the logs. Destroying the " +
			"resource disconnects the PSA, which is refused (at plan) while Sophos products or customers are still " +
			"mapped in it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The PSA: `connectwise` or `autotask`. Known once the PSA is connected: give it as the " +
					"`psa` of the mappings and the schedule of this PSA, so that they wait for the connection and are " +
					"removed before it.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"psa": schema.StringAttribute{
				MarkdownDescription: psaDescription("PSA to connect; changing it disconnects this PSA and connects the other one."),
				Required:            true,
				Validators:          psaValidators(),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"connectwise": schema.SingleNestedAttribute{
				MarkdownDescription: "Credentials of the ConnectWise PSA API member (System > Members > API Members). " +
					"Required when `psa` is `connectwise`, not allowed otherwise.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"site": text("ConnectWise PSA API host, such as `api-na.myconnectwise.net` (a host name, without `https://`).",
						api.MaxCredentialHostLength),
					"company_id":             text("Company id you log in to ConnectWise PSA with.", api.MaxCredentialNameLength),
					"public_key":             text("Public key of the API member.", api.MaxCredentialNameLength),
					"client_id":              schema.StringAttribute{MarkdownDescription: "The integration's ConnectWise `clientId`, a GUID.", Required: true},
					"private_key_wo":         secret("Private key of the API member."),
					"private_key_wo_version": version("private_key_wo"),
				},
			},
			"autotask": schema.SingleNestedAttribute{
				MarkdownDescription: "Credentials of the Autotask API user (security level API User (system)). " +
					"Required when `psa` is `autotask`, not allowed otherwise.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"username": text("User name of the API user.", api.MaxCredentialHostLength),
					"integration_code": text("API tracking identifier (integration code) of the integration vendor "+
						"\"Sophos Central - Security\".", api.MaxCredentialNameLength),
					"secret_wo":         secret("Secret of the API user."),
					"secret_wo_version": version("secret_wo"),
				},
			},
			"name": unchanged("Name of the PSA, e.g. `Autotask PSA`."),
			"status": computedString("Connection status: `connected`, or `error` when the PSA refuses the stored " +
				"credentials (see `status_error`). Refreshed on every plan."),
			"status_error": computedString("The PSA's own error text while `status` is `error`, e.g. \"Autotask answered " +
				"401 Unauthorized ...\"; null otherwise."),
			"connected_at":           unchanged("When the PSA was connected (RFC 3339)."),
			"credentials_updated_at": computedString("When the stored credentials were last written, here or in the console (RFC 3339)."),
			"last_usage_sync_at":     unchanged("When usage was last synced to the PSA (RFC 3339); null before the first sync."),
		},
	}
}
