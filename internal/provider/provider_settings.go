package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

// The provider block's arguments that need more than a schema attribute: which argument and
// environment variable set each setting of the API client, and request_budget's form.

// providerArg is a provider argument and the environment variable that sets it when the
// argument does not.
type providerArg struct{ attr, env string }

// providerArgOf is the provider argument that sets a setting of the API client.
func providerArgOf(s client.Setting) providerArg {
	switch s {
	case client.SettingClientID:
		return providerArg{"client_id", envClientID}
	case client.SettingClientSecret:
		return providerArg{"client_secret", envClientSecret}
	case client.SettingAuthURL:
		return providerArg{"auth_url", envAuthURL}
	case client.SettingAPIURL:
		return providerArg{"api_url", envAPIURL}
	case client.SettingRequestBudget:
		return providerArg{"request_budget", envBudget}
	}
	return providerArg{string(s), ""}
}

// requestBudgetValidator checks request_budget at plan time.
type requestBudgetValidator struct{}

func (requestBudgetValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration such as \"90s\" or \"5m\", at least %s", minRequestBudget)
}

func (v requestBudgetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (requestBudgetValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseRequestBudget(req.ConfigValue.ValueString(), "the provider block"); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Sophos provider request_budget", err.Error())
	}
}

// parseRequestBudget reads request_budget (taken from where): a Go duration of at least
// minRequestBudget.
func parseRequestBudget(raw, from string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err == nil && d >= minRequestBudget {
		return d, nil
	}
	return 0, fmt.Errorf("request_budget %q (from %s) is not a duration of at least %s. Set it to a duration such as "+
		"\"90s\", \"2m\" or \"1m30s\" (units ms, s, m, h), or remove it to use the default of %s",
		raw, from, minRequestBudget, client.DefaultRequestBudget)
}
