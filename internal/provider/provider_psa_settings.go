package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The provider block's PSA blocks, `connectwise` and `autotask`: a block's presence switches
// what the provider reads (and, for ConnectWise, writes) of that PSA from the Sophos
// integration to the PSA's own API (the PSA directory, provider_directory.go). Every
// argument may also come from its environment variable; the block must still be written
// (empty, `connectwise {}`, takes everything from the environment), so the environment alone
// never changes where data comes from. Each argument is declared once, in psaArgs: the
// schema, the environment fallback and the checks all read it.

// psaBlock names a PSA block of the provider configuration: the PSA's name.
type psaBlock string

// The PSA blocks.
const (
	blockConnectWise = psaBlock(api.PsaConnectwise)
	blockAutotask    = psaBlock(api.PsaAutotask)
)

// psaArg is one argument of a PSA block.
type psaArg struct {
	attr, env   string
	description string
	sensitive   bool
	// required: the block is not usable without it (from the block or the environment).
	required bool
	// check judges a set value: the problem and its fix, "" when it is fine. Values that are
	// sensitive are never repeated in its text.
	check func(string) string
}

// psaArgs are the arguments of each PSA block, in the order the docs list them.
var psaArgs = map[psaBlock][]psaArg{
	blockConnectWise: {
		{attr: "site", env: "CONNECTWISE_SITE", required: true, check: checkPSAHost,
			description: "ConnectWise PSA host: `api-na.myconnectwise.net` (also `api-eu.`, `api-au.`, your on-premise host), or an `https://` URL of it. The codebase is discovered from `login/companyinfo`."},
		{attr: "company_id", env: "CONNECTWISE_COMPANY_ID", required: true,
			description: "The company id you log in to ConnectWise with (the login company)."},
		{attr: "public_key", env: "CONNECTWISE_PUBLIC_KEY", required: true,
			description: "Public key of the ConnectWise API member (System > Members > API Members > API Keys)."},
		{attr: "private_key", env: "CONNECTWISE_PRIVATE_KEY", required: true, sensitive: true,
			description: "Private key of the API member. May come from an ephemeral value."},
		{attr: "client_id", env: "CONNECTWISE_CLIENT_ID", required: true, sensitive: true, check: checkGUID,
			description: "Your integration's clientId (a GUID from developer.connectwise.com/ClientID); ConnectWise requires it on every call and treats it as a secret. May come from an ephemeral value."},
		{attr: "ca_certificate_file", env: "CONNECTWISE_CA_CERTIFICATE_FILE", check: checkReadable,
			description: "PEM file of a certificate authority to trust besides the system's (an on-premise ConnectWise behind a company CA, or the local emulator's generated CA). Without it the system's authorities are used, `SSL_CERT_FILE` included."},
	},
	blockAutotask: {
		{attr: "username", env: "AUTOTASK_USERNAME", required: true,
			description: "User name of the Autotask API user (security level API User)."},
		{attr: "secret", env: "AUTOTASK_SECRET", required: true, sensitive: true,
			description: "Secret of the API user. May come from an ephemeral value."},
		{attr: "integration_code", env: "AUTOTASK_INTEGRATION_CODE", required: true, sensitive: true,
			description: "The API tracking identifier (integration code) of the API user. May come from an ephemeral value."},
		{attr: "zone_url", env: "AUTOTASK_ZONE_URL", check: checkPSAURL,
			description: "The zone's REST URL, e.g. `https://webservices5.autotask.net/ATServicesRest/`; discovered with `zoneInformation?user=` when not set."},
		{attr: "zone_lookup_url", env: "AUTOTASK_ZONE_LOOKUP_URL", check: checkPSAURL,
			description: "Where the zone is looked up when `zone_url` is not set: Autotask's `https://webservices.autotask.net/ATServicesRest/` by default. Set it only for a local emulator (its `/ATServicesRest/` URL) or a proxy of Autotask's zone lookup; the zone URL the lookup answers is then used as given (from Autotask's own lookup, only an Autotask host is accepted)."},
		{attr: "impersonation_resource_id", env: "AUTOTASK_IMPERSONATION_RESOURCE_ID", check: checkResourceID,
			description: "Id of the Autotask resource (user) the API user acts for, sent as `ImpersonationResourceId`."},
		{attr: "ca_certificate_file", env: "AUTOTASK_CA_CERTIFICATE_FILE", check: checkReadable,
			description: "PEM file of a certificate authority to trust besides the system's (the local emulator's generated CA). Without it the system's authorities are used, `SSL_CERT_FILE` included."},
	},
}

// psaBlockDescriptions describe each block.
var psaBlockDescriptions = map[psaBlock]string{
	blockConnectWise: "Read and write ConnectWise PSA through its own REST API instead of the Sophos integration: " +
		"`connectwise_product` is created, edited and removed in ConnectWise's catalog, and the PSA data sources and every " +
		"plan-time check read ConnectWise's catalog items, companies and agreements. Ids are the same either way, so adding " +
		"or removing the block changes no state. The mapping tables stay on the Sophos side. Each argument may come from its " +
		"environment variable; write `connectwise {}` to take them all from there. See the guide \"Connecting the provider to ConnectWise\".",
	blockAutotask: "Read Autotask PSA through its own REST API instead of the Sophos integration: the PSA data sources and every " +
		"plan-time check read Autotask's companies, contracts (their status and type from the database's picklists) and " +
		"services and service bundles. Ids are the same either way, so adding or removing the block changes no state. The " +
		"mapping tables stay on the Sophos side. Autotask's hourly request budget is shared with the MSP's other integrations: " +
		"each entity is read once per run. Each argument may come from its environment variable; write `autotask {}` to take " +
		"them all from there. See the guide \"Connecting the provider to Autotask\".",
}

// psaBlockSchemas are the PSA blocks of the provider schema.
func psaBlockSchemas() map[string]schema.Block {
	out := map[string]schema.Block{}
	for block, args := range psaArgs {
		attrs := map[string]schema.Attribute{}
		for _, a := range args {
			text := a.description + " Can also be set with the `" + a.env + "` environment variable."
			if a.required {
				text = "Required (here or in the environment). " + text
			}
			attrs[a.attr] = schema.StringAttribute{MarkdownDescription: text, Optional: true, Sensitive: a.sensitive,
				Validators: []validator.String{psaArgValidator{a}}}
		}
		out[string(block)] = schema.SingleNestedBlock{MarkdownDescription: psaBlockDescriptions[block], Attributes: attrs}
	}
	return out
}

// psaSettings are the values of one PSA block, each from the block or its environment
// variable, by attribute name.
type psaSettings map[string]string

// readPSABlock reads block from the provider configuration: nil when the block is absent.
// A value unknown at plan, a required one missing and one its check refuses are reported on
// the attribute, with the environment variable that could set it.
func readPSABlock(block psaBlock, obj types.Object, diags *diag.Diagnostics) psaSettings {
	if obj.IsNull() {
		return nil
	}
	attrs := obj.Attributes()
	out := psaSettings{}
	for _, a := range psaArgs[block] {
		at := path.Root(string(block)).AtName(a.attr)
		v, _ := attrs[a.attr].(types.String)
		if v.IsUnknown() || obj.IsUnknown() {
			diags.AddAttributeError(at, fmt.Sprintf("Unknown %s.%s", block, a.attr),
				fmt.Sprintf("%s.%s must be known at plan time: use a literal, a variable, an ephemeral value or the %s "+
					"environment variable, not an attribute of a resource that is not yet created.", block, a.attr, a.env))
			continue
		}
		value, from := os.Getenv(a.env), "the "+a.env+" environment variable"
		if !v.IsNull() {
			value, from = v.ValueString(), "the provider block"
		}
		value = strings.TrimSpace(value)
		switch {
		case value == "" && a.required:
			diags.AddAttributeError(at, fmt.Sprintf("Missing %s.%s", block, a.attr),
				fmt.Sprintf("The %s block needs %s: set it in the block or in the %s environment variable. %s",
					block, a.attr, a.env, a.description))
			continue
		case value != "" && a.check != nil:
			if problem := a.check(value); problem != "" {
				diags.AddAttributeError(at, fmt.Sprintf("Invalid %s.%s", block, a.attr),
					fmt.Sprintf("%s.%s (from %s) %s", block, a.attr, from, problem))
				continue
			}
		}
		out[a.attr] = value
	}
	return out
}

// psaArgValidator checks a value written in the block at validate time (a value from the
// environment is checked by readPSABlock when the provider is configured).
type psaArgValidator struct{ arg psaArg }

func (v psaArgValidator) Description(context.Context) string {
	return "must be a usable " + v.arg.attr
}

func (v psaArgValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v psaArgValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || v.arg.check == nil {
		return
	}
	value := strings.TrimSpace(req.ConfigValue.ValueString())
	if value == "" {
		return // reported as missing when the provider is configured, if it is required
	}
	// Files are read when the provider is configured: at validate time they may not exist yet.
	if problem := v.arg.check(value); problem != "" && v.arg.attr != "ca_certificate_file" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), fmt.Sprintf("%s %s", req.Path, problem))
	}
}

// checkPSAHost judges a PSA host or https URL without a path (a ConnectWise site).
func checkPSAHost(value string) string {
	u, err := psahttp.ParseURL(value)
	if err != nil {
		return err.Error() + ". Set it to the host, such as api-na.myconnectwise.net, or an https URL of it."
	}
	if p := strings.Trim(u.Path, "/"); p != "" {
		return fmt.Sprintf("%q has a path (%s). Give the host only, such as api-na.myconnectwise.net: the codebase is discovered.", value, p)
	}
	return ""
}

// checkPSAURL judges a PSA URL (an Autotask zone URL).
func checkPSAURL(value string) string {
	if _, err := psahttp.ParseURL(value); err != nil {
		return err.Error() + ". Set it to the zone's https URL, or remove it to discover the zone."
	}
	return ""
}

// checkGUID judges a clientId: a GUID (the value is a secret and is not repeated).
func checkGUID(value string) string {
	if rules.IsUUID(value) {
		return ""
	}
	return "is not a GUID such as 6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e. Use the clientId ConnectWise's developer " +
		"network issued for your integration (developer.connectwise.com/ClientID)."
}

// checkReadable judges a CA certificate file: readable PEM certificates.
func checkReadable(value string) string {
	if _, err := psahttp.CertPoolWith(value); err != nil {
		return "cannot be used: " + err.Error() + ". Name a PEM file of the certificate authority, or remove the argument to trust the system's authorities."
	}
	return ""
}

// checkResourceID judges an Autotask resource id: a positive whole number.
func checkResourceID(value string) string {
	if n, err := strconv.ParseInt(value, 10, 64); err == nil && n > 0 {
		return ""
	}
	return fmt.Sprintf("%q is not an Autotask resource id (a positive whole number such as 29682885).", value)
}
