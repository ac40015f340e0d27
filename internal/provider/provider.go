// Package provider implements the sophos Terraform provider: the provider itself, its
// resources and its data sources, on top of internal/client.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/psa-iac/sophos"

// Environment variables read when the matching provider argument is not set.
const (
	envClientID     = "SOPHOS_CLIENT_ID"
	envClientSecret = "SOPHOS_CLIENT_SECRET" //nolint:gosec // the name of an environment variable, not a credential
	envPartnerID    = "SOPHOS_PARTNER_ID"
	envAuthURL      = "SOPHOS_AUTH_URL"
	envAPIURL       = "SOPHOS_API_URL"
	envBudget       = "SOPHOS_REQUEST_BUDGET"
)

// Bounds of max_retries.
const (
	minRetries = 0
	maxRetries = 20
)

// minRequestBudget is the smallest request_budget accepted.
const minRequestBudget = time.Second

var (
	_ provider.Provider              = (*sophosProvider)(nil)
	_ provider.ProviderWithActions   = (*sophosProvider)(nil)
	_ provider.ProviderWithFunctions = (*sophosProvider)(nil)
)

// sophosProvider is the sophos provider.
type sophosProvider struct {
	version string
	// tuneClient adjusts the API client configuration before the client is built. Tests use
	// it to shorten retry backoff; it is nil in a released provider.
	tuneClient func(*client.Config)
	// tunePSA does the same for the PSA clients' HTTP layer.
	tunePSA func(*psahttp.Options)
}

// providerModel is the provider block.
type providerModel struct {
	ClientID      types.String `tfsdk:"client_id"`
	ClientSecret  types.String `tfsdk:"client_secret"`
	PartnerID     types.String `tfsdk:"partner_id"`
	AuthURL       types.String `tfsdk:"auth_url"`
	APIURL        types.String `tfsdk:"api_url"`
	MaxRetries    types.Int64  `tfsdk:"max_retries"`
	RequestBudget types.String `tfsdk:"request_budget"`
	// ConnectWise and Autotask are the PSA blocks (provider_psa_settings.go).
	ConnectWise types.Object `tfsdk:"connectwise"`
	Autotask    types.Object `tfsdk:"autotask"`
}

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &sophosProvider{version: version}
	}
}

func (p *sophosProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sophos"
	resp.Version = p.version
}

func (p *sophosProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the PSA integration of Sophos Central Partner: which PSA product each " +
			"Sophos product bills to, which PSA company and contract each customer bills to, and ConnectWise " +
			"products created from Sophos. Authenticates with a Sophos Central Partner API credential " +
			"(OAuth2 client credentials).",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client ID of a Sophos Central Partner API credential. " +
					"Can also be set with the `" + envClientID + "` environment variable.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the API credential. " +
					"Can also be set with the `" + envClientSecret + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"partner_id": schema.StringAttribute{
				MarkdownDescription: "Sophos Central Partner id (a UUID). When not set, it is discovered from the " +
					"credential with `GET /whoami/v1`. Can also be set with the `" + envPartnerID + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"auth_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Sophos authentication host. Defaults to `" + client.DefaultAuthURL +
					"`. Plain `http://` is accepted only for a loopback host (the local emulator). " +
					"Can also be set with the `" + envAuthURL + "` environment variable.",
				Optional: true,
			},
			"api_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Sophos Central API host. Defaults to `" + client.DefaultAPIURL +
					"`. Plain `http://` is accepted only for a loopback host (the local emulator). " +
					"Can also be set with the `" + envAPIURL + "` environment variable.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times one API request is retried when it is throttled "+
					"(HTTP 429), the API is unavailable (502, 503, 504) or the connection drops, with exponential "+
					"backoff. Writes are retried only when they cannot apply twice. Defaults to `%d`; between `%d` and `%d`.",
					client.DefaultMaxRetries, minRetries, maxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(minRetries, maxRetries)},
			},
			"request_budget": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The longest one API call may take as a whole: every attempt, the waits "+
					"between retries and the token request it needs. A call that cannot finish within it fails at once "+
					"with an error saying what it would have waited for, e.g. a `Retry-After` of hours, instead of "+
					"retrying for many minutes. Each page of a list is one call. A duration such as `\"90s\"` or "+
					"`\"5m\"`, at least `%s`; defaults to `%s`. Can also be set with the `%s` environment variable.",
					minRequestBudget, client.DefaultRequestBudget, envBudget),
				Optional:   true,
				Validators: []validator.String{requestBudgetValidator{}},
			},
		},
		Blocks: psaBlockSchemas(),
	}
}

// stringSetting is one string argument of the provider block with its environment fallback.
type stringSetting struct {
	attr   string
	env    string
	value  types.String
	target *string
}

func (p *sophosProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var clientID, clientSecret, partnerID, authURL, apiURL string
	settings := []stringSetting{
		{attr: "client_id", env: envClientID, value: cfg.ClientID, target: &clientID},
		{attr: "client_secret", env: envClientSecret, value: cfg.ClientSecret, target: &clientSecret},
		{attr: "partner_id", env: envPartnerID, value: cfg.PartnerID, target: &partnerID},
		{attr: "auth_url", env: envAuthURL, value: cfg.AuthURL, target: &authURL},
		{attr: "api_url", env: envAPIURL, value: cfg.APIURL, target: &apiURL},
	}
	for _, s := range settings {
		if s.value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(s.attr), "Unknown Sophos provider "+s.attr,
				fmt.Sprintf("The provider cannot connect to Sophos Central because %s is unknown at plan time. "+
					"The value must be known at plan time: use a literal, a variable or the %s environment variable, "+
					"not an attribute of a resource that is not yet created.", s.attr, s.env))
			continue
		}
		// Configuration wins over the environment.
		*s.target = os.Getenv(s.env)
		if !s.value.IsNull() {
			*s.target = s.value.ValueString()
		}
	}
	if cfg.RequestBudget.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("request_budget"), "Unknown Sophos provider request_budget",
			"The value of request_budget must be known at plan time: use a literal, a variable or the "+envBudget+
				" environment variable, not an attribute of a resource that is not yet created.")
	}
	cwSettings := readPSABlock(blockConnectWise, cfg.ConnectWise, &resp.Diagnostics)
	atSettings := readPSABlock(blockAutotask, cfg.Autotask, &resp.Diagnostics)
	if cfg.MaxRetries.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Unknown Sophos provider max_retries",
			"The value of max_retries must be known at plan time: use a literal or a variable, "+
				"not an attribute of a resource that is not yet created.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	// Never log the secret, whatever field or message it ends up in.
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "client_secret")
	if clientSecret != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, clientSecret)
		ctx = tflog.MaskMessageStrings(ctx, clientSecret)
	}

	if clientID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("client_id"), "Missing Sophos API client_id",
			"Set client_id in the provider block or the "+envClientID+" environment variable to the client ID of a "+
				"Sophos Central Partner API credential (Sophos Central Partner > Settings & policies > API Credentials).")
	}
	if clientSecret == "" {
		resp.Diagnostics.AddAttributeError(path.Root("client_secret"), "Missing Sophos API client_secret",
			"Set client_secret in the provider block or the "+envClientSecret+" environment variable to the secret "+
				"of the Sophos Central Partner API credential.")
	}
	if partnerID != "" && !rules.IsUUID(partnerID) {
		resp.Diagnostics.AddAttributeError(path.Root("partner_id"), "Invalid Sophos partner_id",
			fmt.Sprintf("partner_id %q (from the provider block or %s) is not a UUID such as "+
				"\"6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e\". Remove it to discover the partner id from the credential.", partnerID, envPartnerID))
	}
	for _, u := range []struct{ attr, env, value string }{
		{"auth_url", envAuthURL, authURL},
		{"api_url", envAPIURL, apiURL},
	} {
		if u.value == "" {
			continue
		}
		if _, err := client.ParseBaseURL(u.value); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root(u.attr), "Invalid Sophos provider "+u.attr,
				fmt.Sprintf("%s (from the provider block or %s) is not usable: %s. "+
					"Set it to an https URL such as the default, or to http://127.0.0.1:<port> for the local emulator.",
					u.attr, u.env, err))
		}
	}
	budget := client.DefaultRequestBudget
	budgetRaw, budgetFrom := os.Getenv(envBudget), "the "+envBudget+" environment variable"
	if !cfg.RequestBudget.IsNull() {
		budgetRaw, budgetFrom = cfg.RequestBudget.ValueString(), "the provider block"
	}
	if budgetRaw != "" {
		d, err := parseRequestBudget(budgetRaw, budgetFrom)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("request_budget"), "Invalid Sophos provider request_budget", err.Error())
		}
		budget = d
	}
	if resp.Diagnostics.HasError() {
		return
	}

	retries := int64(client.DefaultMaxRetries)
	if !cfg.MaxRetries.IsNull() {
		retries = cfg.MaxRetries.ValueInt64()
	}
	ccfg := client.Config{
		ClientID:      clientID,
		ClientSecret:  clientSecret,
		PartnerID:     partnerID,
		AuthURL:       authURL,
		APIURL:        apiURL,
		MaxRetries:    int(retries),
		RequestBudget: budget,
		UserAgent:     fmt.Sprintf("terraform-provider-sophos/%s terraform/%s", p.version, req.TerraformVersion),
	}
	if p.tuneClient != nil {
		p.tuneClient(&ccfg)
	}
	c, err := client.New(ccfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Sophos API client", clientSetupDetail(err))
		return
	}
	tflog.Debug(ctx, "Configuring the Sophos API client", map[string]any{
		"client_id":      clientID,
		"partner_id":     partnerID,
		"auth_url":       ccfg.AuthURL,
		"api_url":        ccfg.APIURL,
		"max_retries":    retries,
		"request_budget": budget.String(),
		"user_agent":     ccfg.UserAgent,
		"partner_source": partnerSource(partnerID),
	})

	// Authenticate now, so a wrong credential is reported once, here, rather than by every
	// resource. Without partner_id this discovers it with whoami; with it, whoami confirms
	// the credential is that partner's.
	if err := c.CheckPartner(ctx); err != nil {
		var mismatch *client.PartnerMismatchError
		if errors.As(err, &mismatch) {
			resp.Diagnostics.AddAttributeError(path.Root("partner_id"), "Sophos partner_id does not match the credential",
				fmt.Sprintf("partner_id %q (from the provider block or %s) is not the partner of this API credential: "+
					"Sophos Central says the credential belongs to %s %s. Remove partner_id to use the credential's own "+
					"partner, or use a credential of partner %s.", mismatch.Configured, envPartnerID, mismatch.IDType, mismatch.Actual, mismatch.Configured))
			return
		}
		resp.Diagnostics.AddError("Unable to authenticate with Sophos Central", authFailureDetail(err)+secretWhitespaceHint(clientSecret))
		return
	}

	dirs, ok := p.psaDirectories(c, ccfg, cwSettings, atSettings, &resp.Diagnostics)
	if !ok {
		return
	}
	data := newProviderData(c, dirs)
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func partnerSource(partnerID string) string {
	if partnerID == "" {
		return "whoami"
	}
	return "configuration"
}

func (p *sophosProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewConnectWiseProductResource,
		NewSophosConnectWiseProductResource,
		NewPSAProductMappingResource,
		NewPSACustomerMappingResource,
		NewPSAIntegrationResource,
		NewPSAUsageSyncScheduleResource,
	}
}

func (p *sophosProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCustomersDataSource,
		NewPSAProductsDataSource,
		NewPSAProductMappingsDataSource,
		NewPSACompaniesDataSource,
		NewPSAContractsDataSource,
		NewPSACustomerMappingsDataSource,
		NewPSAIntegrationsDataSource,
		NewSophosProductsDataSource,
		NewBillingUsageDataSource,
		NewBillingReconciliationDataSource,
		NewPSAUsageSyncHistoryDataSource,
	}
}

// ListResources list what the resources manage, for `terraform query` (Terraform 1.14+).
func (p *sophosProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewSophosConnectWiseProductListResource,
		NewConnectWiseProductListResource,
		NewPSAProductMappingListResource,
		NewPSACustomerMappingListResource,
	}
}

// Functions compute in the configuration (Terraform 1.8+, OpenTofu 1.7+).
func (p *sophosProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewUsageRollupFunction,
	}
}

// Actions are the console's one-shot buttons (Terraform 1.14+).
func (p *sophosProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewRefreshCustomerDetailsAction,
		NewSyncUsageAction,
	}
}
