package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The two ways the provider reaches ConnectWise, for tests that run the same configuration
// both ways: through the Sophos integration (no connectwise block) and through ConnectWise's
// own API (the emulator's ConnectWise room over HTTPS with its generated CA).

// cwMode is how a test's provider reaches ConnectWise.
type cwMode struct {
	name   string
	direct bool
}

// cwModes are both modes.
var cwModes = []cwMode{{"through the integration", false}, {"through the ConnectWise API", true}}

// cwModeTest is one emulator serving HTTPS and the provider block of a mode for it.
type cwModeTest struct {
	e  *emulator.Emulator
	ca string
	cwMode
}

// newCWModeTest starts an emulator that serves HTTPS too (testharness.EmulatorTLS).
func newCWModeTest(t *testing.T, m cwMode) cwModeTest {
	t.Helper()
	e, ca := testharness.EmulatorTLS(t)
	return cwModeTest{e: e, ca: ca, cwMode: m}
}

// providerAttrs are the provider block's arguments in this mode.
func (m cwModeTest) providerAttrs() testharness.Attrs {
	attrs := testharness.ProviderAttrs(m.e)
	if m.direct {
		attrs = attrs.With(testharness.Attrs{"connectwise": testharness.ConnectWiseBlock(m.e, m.ca)})
	}
	return attrs
}

// config is a configuration that starts with the provider block of this mode.
func (m cwModeTest) config() testharness.Configuration {
	return testharness.NewConfig().Provider(m.providerAttrs())
}

// cwClient is a client of the ConnectWise room as another API member of the MSP would use
// it (the seed's Terraform member), for changes made in ConnectWise out of band.
func cwClient(t *testing.T, e *emulator.Emulator, ca string) *cwclient.Client {
	t.Helper()
	return cwClientAs(t, e, ca, e.ConnectWiseMember())
}

// cwClientAs is cwClient for the API member m.
func cwClientAs(t *testing.T, e *emulator.Emulator, ca string, m emulator.SeedPSACredentials) *cwclient.Client {
	t.Helper()
	pool, err := psahttp.CertPoolWith(ca)
	if err != nil {
		t.Fatal(err)
	}
	opts := psahttp.Options{RootCAs: pool, MaxRetries: 2}
	testharness.FastPSARetries(&opts)
	opts.RequestBudget = 10 * time.Second
	c, err := cwclient.New(cwclient.Config{Site: e.TLSURL(), CompanyID: m.CompanyID, PublicKey: m.PublicKey, PrivateKey: m.PrivateKey,
		ClientID: m.ClientID, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cwRoomRequests counts the requests the ConnectWise room answered, by the emulator's
// counters.
func cwRoomRequests(e *emulator.Emulator) int {
	n := 0
	for route, count := range e.Counters() {
		if strings.Contains(route, "/v4_6_release/") || strings.Contains(route, "/login/companyinfo/") {
			n += count
		}
	}
	return n
}

// wentThrough is a check that the run reached ConnectWise the mode's way: through its own
// API (the room answered requests) or only through the integration (it answered none).
func (m cwModeTest) wentThrough(*terraform.State) error {
	if n := cwRoomRequests(m.e); m.direct != (n > 0) {
		return fmt.Errorf("%s: the ConnectWise room answered %d requests", m.name, n)
	}
	return nil
}

// Short names of the ConnectWise client's query builder.
type cwListOptions = cwclient.ListOptions

var (
	cwField = cwclient.Field
	cwText  = cwclient.Text
)
