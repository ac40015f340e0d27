package provider

import (
	"os"
	"path/filepath"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// clearPSAEnv makes sure the caller's CONNECTWISE_* and AUTOTASK_* variables do not leak
// into a test.
func clearPSAEnv(t *testing.T) {
	t.Helper()
	for _, args := range psaArgs {
		for _, a := range args {
			t.Setenv(a.env, "")
		}
	}
}

// TestAccProvider_invalidPSABlocks: the connectwise and autotask blocks are checked at plan,
// each problem on its attribute with the value (never a secret's) and the fix.
func TestAccProvider_invalidPSABlocks(t *testing.T) {
	clearSophosEnv(t)
	clearPSAEnv(t) // not parallel: it changes the environment
	e, ca := testharness.EmulatorTLS(t)
	good := testharness.ConnectWiseBlock(e, ca)
	notPEM := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(notPEM, []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	with := func(changes testharness.Attrs) testharness.NestedBlock {
		return testharness.NestedBlock(testharness.Attrs(good).With(changes))
	}
	autotask := testharness.NestedBlock{"username": "api@northwind.example", "secret": "s", "integration_code": "CODE"}
	cases := []struct {
		name  string
		block string
		value testharness.NestedBlock
		want  string
	}{
		{"empty block, nothing in the environment", "connectwise", testharness.NestedBlock{},
			`Missing connectwise.site.*CONNECTWISE_SITE`},
		{"no private key", "connectwise", with(testharness.Attrs{"private_key": nil}),
			`Missing connectwise.private_key.*CONNECTWISE_PRIVATE_KEY`},
		{"plain http to another host", "connectwise", with(testharness.Attrs{"site": "http://na.myconnectwise.net"}),
			`Invalid connectwise.site.*"http://na.myconnectwise.net".*use https`},
		{"site with the codebase", "connectwise", with(testharness.Attrs{"site": "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"}),
			`Invalid connectwise.site.*has a path \(v4_6_release/apis/3.0\).*the codebase is discovered`},
		{"client_id that is not a GUID", "connectwise", with(testharness.Attrs{"client_id": "sophos-terraform"}),
			`Invalid connectwise.client_id.*is not a GUID.*developer.connectwise.com/ClientID`},
		{"CA file that does not exist", "connectwise", with(testharness.Attrs{"ca_certificate_file": filepath.Join(t.TempDir(), "none.pem")}),
			`Invalid connectwise.ca_certificate_file.*none.pem.*PEM file of the certificate authority`},
		{"CA file holding a key", "connectwise", with(testharness.Attrs{"ca_certificate_file": notPEM}),
			`Invalid connectwise.ca_certificate_file.*holds a PRIVATE KEY block`},
		{"autotask without secret", "autotask", testharness.NestedBlock{"username": "api@northwind.example", "integration_code": "CODE"},
			`Missing autotask.secret.*AUTOTASK_SECRET`},
		{"autotask resource id that is not a number", "autotask",
			testharness.NestedBlock(testharness.Attrs(autotask).With(testharness.Attrs{"impersonation_resource_id": "jane"})),
			`Invalid autotask.impersonation_resource_id.*"jane" is not an Autotask resource id`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc.Test(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{{
					Config:      withCustomers(testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{tc.block: tc.value}))),
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}
