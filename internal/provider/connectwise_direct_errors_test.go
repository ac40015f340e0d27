package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestConnectWiseErrorsAsDiagnostics: ConnectWise's two error shapes, as the emulator's room
// answers them, become diagnostics that name the object, ConnectWise's message, the field and
// its code, and what to do; a 401 names the API member's keys and the clientId, a 403 the
// security role; none speaks of Sophos Central.
func TestConnectWiseErrorsAsDiagnostics(t *testing.T) {
	t.Parallel()
	e, ca := testharness.EmulatorTLS(t)
	ctx := context.Background()
	c := cwClient(t, e, ca)
	_, dup := c.CreateCatalogItem(ctx, cw.CatalogItem{Identifier: "sophos-cix-ep", Description: "Dup", CustomerDescription: "Dup",
		Subcategory: &cw.Reference{ID: 12}, Type: &cw.Reference{ID: 3}})
	_, gone := c.GetCatalogItem(ctx, 999999)
	e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault429, PathPrefix: "/v4_6_release/", RetryAfter: 30})
	_, throttled := c.ListCatalogItems(ctx, cwclient.ListOptions{}) // 30 s does not fit the budget: the 429 is the answer
	_, paused := c.GetCatalogItem(ctx, 101)                         // the whole client waits out the 429
	readOnly := e.ConnectWiseMember()
	readOnly.PublicKey, readOnly.PrivateKey = "NwRoPub5J2nWq8Yc", "emulator-cw-readonly-private-key"
	_, forbidden := cwClientAs(t, e, ca, readOnly).PatchCatalogItem(ctx, 101, []cw.PatchOperation{{Op: cw.PatchReplace, Path: "price", Value: 1}})
	wrong := e.ConnectWiseMember()
	wrong.PrivateKey = "not-the-key"
	_, refused := cwClientAs(t, e, ca, wrong).GetCatalogItem(ctx, 101)

	for _, tc := range []struct {
		name, verb string
		err        error
		want       []string
	}{
		{"400 with a field error", "create", dup, []string{
			`ConnectWise PSA answered HTTP 400 InvalidObject when asked to create ConnectWise product "sophos-cix-ep".`,
			"ConnectWise PSA's message: catalogItem object is invalid",
			`- identifier: The identifier "sophos-cix-ep" is already used by catalog item 101 (SOPHOS-CIX-EP); identifiers are unique ignoring case. (ObjectExists)`,
			"Correct the configuration as ConnectWise PSA describes"}},
		{"429 in its own shape", "read", throttled, []string{
			"ConnectWise PSA answered HTTP 429 ConnectWiseAPI", "Too many requests. Please try again in 30 seconds.",
			"throttles integrations that send more than about 1000 requests a minute"}},
		{"the client paused by a 429", "read", paused, []string{"asked to wait 30s", "beyond the request budget",
			"ConnectWise PSA throttled this run", "request_budget"}},
		{"404", "read", gone, []string{"ConnectWise PSA answered HTTP 404", "does not exist in ConnectWise PSA"}},
		{"403", "update", forbidden, []string{"ConnectWise PSA refused to let this provider update", "security role does not allow this",
			"Procurement (Product Catalog", "System > Security Roles"}},
		{"401", "read", refused, []string{"ConnectWise PSA refused to let this provider read", "UserNotAuthenticated",
			"company_id, public_key and private_key", "client_id (CONNECTWISE_CLIENT_ID)", "the connectwise block's"}},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		d := formatAPIError(tc.verb, "ConnectWise product", describeProduct("sophos-cix-ep", ""), (&connectWiseDirectory{}).wrap(tc.err), "")
		for _, w := range tc.want {
			if !strings.Contains(d.Detail(), w) {
				t.Errorf("%s: detail lacks %q:\n%s", tc.name, w, d.Detail())
			}
		}
		if strings.Contains(d.Detail(), "Sophos Central") {
			t.Errorf("%s: blames Sophos Central:\n%s", tc.name, d.Detail())
		}
	}
}

// TestAccConnectWiseDirect_credentials: wrong keys, a clientId ConnectWise does not know, an
// unknown login company and an API member whose role may only read fail the plan or the
// apply with what to fix, once per run rather than once per resource.
func TestAccConnectWiseDirect_credentials(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	block := func(changes testharness.Attrs) testharness.Configuration {
		attrs := testharness.ProviderAttrs(m.e).With(testharness.Attrs{
			"connectwise": testharness.NestedBlock(testharness.Attrs(testharness.ConnectWiseBlock(m.e, m.ca)).With(changes))})
		return testharness.NewConfig().Provider(attrs).
			Data("sophos_psa_products", "p", testharness.Attrs{"psa": "connectwise"}).
			Data("sophos_psa_companies", "c", testharness.Attrs{"psa": "connectwise"})
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				Config: block(testharness.Attrs{"private_key": "not-the-private-key"}).String(),
				// Explained in full once; the other data source refers to it (whichever Terraform reads first).
				ExpectError: errorPattern(`(UserNotAuthenticated.*company_id, public_key and private_key.*API Members.*Not done for the .* of ConnectWise PSA.*as the first error of this run|` +
					`Not done for the .* of ConnectWise PSA.*as the first error of this run.*UserNotAuthenticated.*company_id, public_key and private_key.*API Members)`),
			},
			{
				Config:      block(testharness.Attrs{"client_id": "00000000-0000-4000-8000-000000000000"}).String(),
				ExpectError: errorPattern(`clientId is not valid for this company.*client_id \(CONNECTWISE_CLIENT_ID\)`),
			},
			{
				Config:      block(testharness.Attrs{"company_id": "southwind"}).String(),
				ExpectError: errorPattern(`knows no company "southwind".*company_id \(CONNECTWISE_COMPANY_ID\)`),
			},
			{
				Config: block(testharness.Attrs{"public_key": "NwRoPub5J2nWq8Yc", "private_key": "emulator-cw-readonly-private-key"}).
					Resource(sophosConnectWiseProductTypeName, "p", guardProduct).String(),
				ExpectError: errorPattern(`ConnectWise PSA API not usable.*create ConnectWise product.*HTTP 403.*security role does not allow this.*System > Security Roles`),
			},
		},
	})
}

// TestAccConnectWiseDirect_throttled: a 429 from ConnectWise (in its own {error, message}
// shape, with Retry-After) pauses the client, which tries again: the run succeeds.
func TestAccConnectWiseDirect_throttled(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: func() {
				m.e.ResetCounters()
				m.e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault429, PathPrefix: "/v4_6_release/apis/3.0/procurement/catalog", Count: 2, RetryAfter: 1})
			},
			Config: m.config().Data("sophos_psa_products", "p", testharness.Attrs{"psa": "connectwise"}).String(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_psa_products.p", tfjsonpath.New("products"), knownvalue.ListSizeExact(11)),
				apiStateCheck(func(context.Context) error {
					if n := m.e.Counters()["GET /v4_6_release/apis/3.0/procurement/catalog"]; n < 3 {
						return fmt.Errorf("the catalog was listed %d times; want the two throttled requests repeated", n)
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccConnectWiseDirect_fieldErrors: ConnectWise refusing two creates of one apply with a
// 400 field error (another API member took both identifiers after Terraform planned, which
// takeIdentifiersProxy makes certain) gives one diagnostic per product, each with
// ConnectWise's message and the field it names, neither read as an outage of Sophos Central.
func TestAccConnectWiseDirect_fieldErrors(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	site := takeIdentifiersProxy(t, m, "TF-TAKEN-A", "TF-TAKEN-B")
	block := testharness.Attrs(testharness.ConnectWiseBlock(m.e, m.ca)).With(testharness.Attrs{"site": site})
	config := testharness.NewConfig().Provider(testharness.ProviderAttrs(m.e).With(testharness.Attrs{"connectwise": testharness.NestedBlock(block)}))
	for _, name := range []string{"a", "b"} {
		config = config.Resource(sophosConnectWiseProductTypeName, name, guardProduct.With(testharness.Attrs{"identifier": "TF-TAKEN-" + strings.ToUpper(name)}))
	}
	refused := func(identifier string) string {
		return `Unable to create ConnectWise product.*ConnectWise PSA answered HTTP 400 InvalidObject when asked to create ConnectWise product "` + identifier +
			`".*ConnectWise PSA's message: catalogItem object is invalid.*- identifier: The identifier "` + identifier +
			`" is already used by catalog item \d+ \(` + identifier + `\); identifiers are unique ignoring case\. \(ObjectExists\)`
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:      config.String(),
			ExpectError: errorPattern("(" + refused("TF-TAKEN-A") + ".*" + refused("TF-TAKEN-B") + "|" + refused("TF-TAKEN-B") + ".*" + refused("TF-TAKEN-A") + ")"),
		}},
	})
}

// takeIdentifiersProxy is a ConnectWise site in front of m's emulator that, when the first
// catalog item is posted, has another API member create items with identifiers first: the
// plan saw them free, the creates find them taken.
func takeIdentifiersProxy(t *testing.T, m cwModeTest, identifiers ...string) string {
	t.Helper()
	target, err := url.Parse(m.e.URL())
	if err != nil {
		t.Fatal(err)
	}
	other := cwClient(t, m.e, m.ca)
	var once sync.Once
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, cw.APIRoot+cw.PathCatalog) {
			once.Do(func() {
				for _, identifier := range identifiers {
					if _, err := other.CreateCatalogItem(r.Context(), cw.CatalogItem{Identifier: identifier, Description: "Taken",
						CustomerDescription: "Taken", Subcategory: &cw.Reference{ID: 12}, Type: &cw.Reference{ID: 3}}); err != nil {
						t.Errorf("taking %s: %v", identifier, err)
					}
				}
			})
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
