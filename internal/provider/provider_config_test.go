package provider

import (
	"errors"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// withCustomers adds a data source that makes Terraform configure the provider.
func withCustomers(c testharness.Configuration) string {
	return c.Data("sophos_customers", "all", nil).String()
}

// clearSophosEnv makes sure the caller's SOPHOS_* variables do not leak into a test.
func clearSophosEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{envClientID, envClientSecret, envPartnerID, envAuthURL, envAPIURL, envBudget} {
		t.Setenv(env, "")
	}
}

func TestAccProvider_invalidConfig(t *testing.T) {
	clearSophosEnv(t) // not parallel: it changes the environment
	e := testharness.Emulator(t)
	provider := testharness.ProviderAttrs(e)

	cases := []struct {
		name     string
		provider testharness.Attrs
		want     string
	}{
		{
			name:     "missing client_id",
			provider: provider.With(testharness.Attrs{"client_id": nil}),
			want:     `Missing Sophos API client_id.*SOPHOS_CLIENT_ID`,
		},
		{
			name:     "missing client_secret",
			provider: provider.With(testharness.Attrs{"client_secret": nil}),
			want:     `Missing Sophos API client_secret.*SOPHOS_CLIENT_SECRET`,
		},
		{
			name:     "plain http to a non-loopback api_url",
			provider: provider.With(testharness.Attrs{"api_url": "http://api.example.com"}),
			want:     `Invalid Sophos provider api_url.*"http://api.example.com".*use https`,
		},
		{
			name:     "auth_url that is not a URL",
			provider: provider.With(testharness.Attrs{"auth_url": "id.sophos.com"}),
			want:     `Invalid Sophos provider auth_url.*"id.sophos.com"`,
		},
		{
			name:     "wrong client secret",
			provider: provider.With(testharness.Attrs{"client_secret": "not-the-secret"}),
			want:     `Unable to authenticate with Sophos Central.*oauth.invalid_client_secret.*client_secret`,
		},
		{
			name:     "partner_id that is not a UUID",
			provider: provider.With(testharness.Attrs{"partner_id": "northwind"}),
			want:     `partner_id.*must be a UUID`,
		},
		{
			// The foreign partner of the seed: the credential is the primary partner's.
			name:     "partner_id of another partner",
			provider: provider.With(testharness.Attrs{"partner_id": "4ea407cd-d1a5-4af4-9ca0-f228299c15f8"}),
			want:     `Sophos partner_id does not match the credential.*"4ea407cd-d1a5-4af4-9ca0-f228299c15f8".*belongs to partner b71c074a-9d89-4b99-b0ef-cce79ab55989.*Remove partner_id`,
		},
		{
			name:     "api_url with a path",
			provider: provider.With(testharness.Attrs{"api_url": e.URL() + "/partner/v1"}),
			want:     `Invalid Sophos provider api_url.*has a path \(/partner/v1\).*give the host only`,
		},
		{
			name:     "client_secret with a final newline",
			provider: provider.With(testharness.Attrs{"client_secret": e.Credentials().ClientSecret + "\n"}),
			want:     `Unable to authenticate with Sophos Central.*client_secret starts or ends with white space.*trimspace\(file\(...\)\)`,
		},
		{
			name:     "max_retries out of range",
			provider: provider.With(testharness.Attrs{"max_retries": 21}),
			want:     `max_retries.*between 0 and 20`,
		},
		{
			name:     "request_budget that is not a duration",
			provider: provider.With(testharness.Attrs{"request_budget": "soon"}),
			want:     `Invalid Sophos provider request_budget.*request_budget "soon".*is not a duration.*"90s"`,
		},
		{
			name:     "request_budget below a second",
			provider: provider.With(testharness.Attrs{"request_budget": "500ms"}),
			want:     `Invalid Sophos provider request_budget.*"500ms".*at least 1s`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc.Test(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{{
					Config:      withCustomers(testharness.NewConfig().Provider(tc.provider)),
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

func TestAccProvider_unknownValue(t *testing.T) {
	clearSophosEnv(t)
	e := testharness.Emulator(t)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: withCustomers(testharness.NewConfig().
				Resource("terraform_data", "secret", testharness.Attrs{"input": e.Credentials().ClientSecret}).
				Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"client_secret": testharness.Expr("terraform_data.secret.output")}))),
			ExpectError: errorPattern(`Unknown Sophos provider client_secret.*must be known at plan time`),
		}},
	})
}

// TestAccProvider_environment configures the provider from SOPHOS_* variables only, and
// shows that the configuration wins over the environment.
func TestAccProvider_environment(t *testing.T) {
	e := testharness.Emulator(t)
	c := e.Credentials()
	t.Setenv(envClientID, c.ClientID)
	t.Setenv(envClientSecret, c.ClientSecret)
	t.Setenv(envPartnerID, c.PartnerID)
	t.Setenv(envAuthURL, e.URL())
	t.Setenv(envAPIURL, "https://api.example.invalid")

	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:           withCustomers(testharness.NewConfig().Provider(testharness.Attrs{"api_url": e.URL()})),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_customers.all", tfjsonpath.New("customers"), knownvalue.ListSizeExact(16)),
			},
		}},
	})
}

// TestClientSetupDetail: a failure to build the API client names the provider argument and
// the environment variable to check, from the client's typed error.
func TestClientSetupDetail(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{mustNewClient(client.Config{ClientID: "c"}), "client_secret is required. Check client_secret in the provider block or the SOPHOS_CLIENT_SECRET environment variable."},
		{mustNewClient(client.Config{ClientID: "c", ClientSecret: "s", APIURL: "ftp://x"}), "api_url: "},
		{mustNewClient(client.Config{ClientID: "c", ClientSecret: "s", APIURL: "ftp://x"}), "Check api_url in the provider block or the SOPHOS_API_URL environment variable."},
		{mustNewClient(client.Config{ClientID: "c", ClientSecret: "s", AuthURL: "https://x/p"}), "Check auth_url in the provider block or the SOPHOS_AUTH_URL environment variable."},
		{errors.New("something else"), "Check the provider settings client_id, client_secret, auth_url and api_url"},
	} {
		if got := clientSetupDetail(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("clientSetupDetail(%v) = %q, want it to contain %q", tc.err, got, tc.want)
		}
	}
}

// mustNewClient is the error client.New gives for cfg.
func mustNewClient(cfg client.Config) error {
	if _, err := client.New(cfg); err != nil {
		return err
	}
	return errors.New("client.New accepted the configuration")
}

// TestAccProviderConfig_requestBudget: request_budget is accepted as a duration, and a
// bad SOPHOS_REQUEST_BUDGET is reported on the attribute, naming the variable.
func TestAccProviderConfig_requestBudget(t *testing.T) {
	clearSophosEnv(t) // not parallel: it changes the environment
	e := testharness.Emulator(t)
	provider := testharness.ProviderAttrs(e)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: withCustomers(testharness.NewConfig().Provider(provider.With(testharness.Attrs{"request_budget": "90s"}))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_customers.all", tfjsonpath.New("customers"), knownvalue.ListSizeExact(16)),
			},
		}},
	})
	t.Setenv(envBudget, "forever")
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:      withCustomers(testharness.NewConfig().Provider(provider)),
			ExpectError: errorPattern(`Invalid Sophos provider request_budget.*"forever".*SOPHOS_REQUEST_BUDGET.*is not a duration`),
		}},
	})
}
