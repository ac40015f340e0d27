package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// Shared helpers for every test of the package, beside the harness (provider_test.go and
// internal/testharness): seed fixtures, the arguments of a customer mapping, ExpectError
// patterns, plan and state checks, out-of-band changes and CheckDestroy functions.

// Seeded customers, companies and contracts (internal/emulator/seed/default.yaml).
const (
	seedCustomerAlpine     = "29946c86-596b-4918-b186-dbe32c6a986b" // usage-billed
	seedCustomerBayside    = "36513d00-f27e-43c4-a087-e44bf30c6700" // usage-billed
	seedCustomerCedarRidge = "b193824d-1a22-4a84-b075-ca0459d1606f" // usage-billed
	seedCustomerGreenfield = "9fec0185-9c96-4afa-a85a-88f670b3f6eb" // term-billed
	seedCustomerHarborline = "737494b5-d866-4eac-bad6-3b57731f1122" // usage-billed
	seedCustomerKestrel    = "5546763d-f9ed-468f-a4a9-f882cc18d35c" // usage-billed
	seedCustomerNorthgate  = "5e039591-cb2c-45c1-b55e-bf2e1ae375c1" // usage-billed
	seedCustomerTidewater  = "08f36335-4555-4420-b233-c0b5e42d73d7" // usage-billed

	seedATCompanyAlpine             = 29682002
	seedATContractAlpine            = 29684001 // "Alpine Dental - Sophos MSP Flex"
	seedATCompanyBayside            = 29682003
	seedATContractBayside           = 29684002 // "Bayside Legal - Sophos MSP Flex"
	seedATCompanyGreenfield         = 29682005
	seedATContractGreenfield        = 29684005
	seedATCompanyHarborline         = 29682006
	seedATContractHarborline        = 29684006
	seedATCompanyNorthgate          = 29682011
	seedATContractNorthgateDup      = 29684010 // "Managed Security Services", also 29684011 of Riverside
	seedATContractNorthgateCanceled = 29684012
	seedATCompanyTidewater          = 29682017
	seedATContractTidewater         = 29684016 // "Tidewater - Sophos MSP Flex"
	seedATContractTidewaterExpired  = 29684017 // "Tidewater - Block Hours 2022"

	seedCWCompanyCedarRidge          = 253
	seedCWAgreementCedarRidgeExpired = 503 // "Cedar Ridge Vet - Security 2023"
	seedCWAgreementCedarRidge        = 504 // "Cedar Ridge Vet - Managed Security"
)

// Seeded ConnectWise products (internal/emulator/seed/default.yaml).
const (
	seedCWEndpoint    = 101 // SOPHOS-CIX-EP
	seedCWIXA         = 102 // SOPHOS-CIX-ADV, "Sophos Intercept X Advanced"
	seedCWIXAXDR      = 103 // SOPHOS-CIX-ADV-XDR, "Sophos Intercept X Advanced with XDR"
	seedCWInactive    = 110 // SOPHOS-EP-LEGACY, inactive
	seedATMDRComplete = 29680003
)

// listCustomerMappingsRoute is the emulator's counter of customer-mapping listings.
const listCustomerMappingsRoute = "GET /partner/v1/psa/{psa}/customer-mappings"

// customerMapping are the arguments of a sophos_psa_customer_mapping. contractID 0 leaves
// contract_id out; usage and ticket (usage_sync_enabled, ticket_sync_enabled) are true,
// false or nil, which leaves the argument out.
func customerMapping(psa, customerID string, companyID, contractID int64, usage, ticket any) testharness.Attrs {
	a := testharness.Attrs{
		"psa":                 psa,
		"customer_id":         customerID,
		"company_id":          companyID,
		"usage_sync_enabled":  usage,
		"ticket_sync_enabled": ticket,
	}
	if contractID != 0 {
		a["contract_id"] = contractID
	}
	return a
}

// cwProductConfig is the provider block plus one ConnectWise product resource of typeName
// with attrs; connectwise_product gets `provider = sophos`, as users must write it.
func cwProductConfig(e *emulator.Emulator, typeName, name string, attrs testharness.Attrs) testharness.Configuration {
	return cwProductIn(testharness.Config(e), typeName, name, attrs)
}

// cwProductIn is base plus one ConnectWise product resource, as cwProductConfig.
func cwProductIn(base testharness.Configuration, typeName, name string, attrs testharness.Attrs) testharness.Configuration {
	if typeName == connectWiseProductTypeName {
		attrs = attrs.With(testharness.Attrs{"provider": testharness.Expr("sophos")})
	}
	return base.Resource(typeName, name, attrs)
}

// productMapping are the arguments of a sophos_psa_product_mapping; psaProductID is a
// number, or an Expr when the id comes from another resource.
func productMapping(psa, sophosProduct string, psaProductID any) testharness.Attrs {
	return testharness.Attrs{"psa": psa, "sophos_product": sophosProduct, "psa_product_id": psaProductID}
}

// errorPattern compiles an ExpectError pattern in which every space also matches the line
// breaks Terraform puts into wrapped diagnostics. "." matches newlines too.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// errorPhrases matches phrases in this order, each literally (with Terraform's line wrapping).
func errorPhrases(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = regexp.QuoteMeta(p)
	}
	return errorPattern(strings.Join(quoted, ".*"))
}

// emptyPlanAfterApply is the PostApplyPostRefresh plan check every applying step ends with.
var emptyPlanAfterApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}

// outOfBandChange is a plan check that changes something out of band after Terraform
// planned and before it applies, as someone working in the console at that moment would.
type outOfBandChange struct {
	change func(ctx context.Context) error
}

func (c outOfBandChange) CheckPlan(ctx context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.change(ctx)
}

// changeOutOfBand returns a PreApply plan check that runs change between plan and apply.
func changeOutOfBand(change func(ctx context.Context) error) plancheck.PlanCheck {
	return outOfBandChange{change: change}
}

// stateID returns the `id` attribute of a resource in state.
func stateID(s *terraform.State, address string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return rs.Primary.ID, nil
}

// sameText compares values by their text, so a string id "123" equals the number 123.
type sameText struct{}

func (sameText) CompareValues(values ...any) error {
	for i := 1; i < len(values); i++ {
		if fmt.Sprint(values[i]) != fmt.Sprint(values[0]) {
			return fmt.Errorf("expected %v to be the same as %v", values[i], values[0])
		}
	}
	return nil
}

// apiStateCheck is a state check that asserts what the API holds.
type apiStateCheck func(ctx context.Context) error

func (c apiStateCheck) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c(ctx)
}

// productIDByIdentifier finds a ConnectWise product by identifier through the API,
// including inactive products. It fails the test unless exactly one product matches.
func productIDByIdentifier(ctx context.Context, t *testing.T, c *client.Client, identifier string) int64 {
	t.Helper()
	ps, err := c.ListPSAProducts(ctx, api.PsaConnectwise, client.ProductQuery{Identifier: identifier, IncludeInactive: true})
	if err != nil {
		t.Fatalf("listing products with identifier %q: %v", identifier, err)
	}
	if len(ps) != 1 {
		t.Fatalf("want exactly 1 product with identifier %q, got %d", identifier, len(ps))
	}
	return ps[0].Id
}

// setCustomerMappingOutOfBand maps a customer as someone in the console would.
func setCustomerMappingOutOfBand(t *testing.T, e *emulator.Emulator, psa api.Psa, customerID string, companyID, contractID int64, usage, ticket bool) {
	t.Helper()
	in := api.CustomerMappingInput{CompanyId: companyID, UsageSyncEnabled: &usage, TicketSyncEnabled: &ticket}
	if contractID != 0 {
		in.ContractId = &contractID
	}
	if err := e.Admin().SetCustomerMapping(psa, customerID, in); err != nil {
		t.Fatalf("mapping customer %s out of band: %v", customerID, err)
	}
}

// testAccCheckConnectWiseProductsDestroyed checks that every ConnectWise product of the
// state is gone from the API: the API must answer 404, nothing else.
func testAccCheckConnectWiseProductsDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := testharness.Client(t, e, testharness.FastRetries)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != connectWiseProductTypeName && rs.Type != sophosConnectWiseProductTypeName {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: id %q is not numeric", address, rs.Primary.ID)
			}
			_, _, err = c.GetPSAProduct(context.Background(), api.PsaConnectwise, id)
			switch {
			case err == nil:
				return fmt.Errorf("%s: ConnectWise product %d still exists after destroy", address, id)
			case !client.IsNotFound(err):
				return fmt.Errorf("%s: want 404 for ConnectWise product %d after destroy, got %w", address, id, err)
			}
		}
		return nil
	}
}

// testAccCheckProductMappingsDestroyed checks that every product mapping of the state is
// unmapped in the API, with usage sync off.
func testAccCheckProductMappingsDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := testharness.Client(t, e, testharness.FastRetries)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != "sophos_psa_product_mapping" {
				continue
			}
			psa := api.Psa(rs.Primary.Attributes["psa"])
			sp := rs.Primary.Attributes["sophos_product"]
			m, _, err := c.GetProductMapping(context.Background(), psa, sp)
			if err != nil {
				return fmt.Errorf("%s: reading the mapping after destroy: %w", address, err)
			}
			if m.Mapped || m.SyncEnabled {
				return fmt.Errorf("%s: after destroy want mapped=false and syncEnabled=false, got mapped=%t syncEnabled=%t", address, m.Mapped, m.SyncEnabled)
			}
		}
		return nil
	}
}

// testAccCheckCustomerMappingsDestroyed checks that every customer mapping of the state is
// unmapped in the API with both syncs off.
func testAccCheckCustomerMappingsDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := testharness.Client(t, e, testharness.FastRetries)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != "sophos_psa_customer_mapping" {
				continue
			}
			if err := checkCustomerUnmapped(c, api.Psa(rs.Primary.Attributes["psa"]), rs.Primary.Attributes["customer_id"]); err != nil {
				return fmt.Errorf("%s: %w", address, err)
			}
		}
		return nil
	}
}

func checkCustomerUnmapped(c *client.Client, psa api.Psa, customerID string) error {
	m, _, err := c.GetCustomerMapping(context.Background(), psa, customerID)
	if err != nil {
		return fmt.Errorf("reading the %s mapping of customer %s: %w", psa, customerID, err)
	}
	if m.Mapped || m.UsageSyncEnabled || m.TicketSyncEnabled || m.CompanyId != nil || m.ContractId != nil {
		return fmt.Errorf("want customer %s unmapped in %s with both syncs off, got mapped=%t company=%v contract=%v usage=%t ticket=%t",
			customerID, psa, m.Mapped, m.CompanyId, m.ContractId, m.UsageSyncEnabled, m.TicketSyncEnabled)
	}
	return nil
}

// noAPIWrites is a state check that the API received no write (anything but GET and HEAD)
// since the emulator's counters were last reset, the token request aside.
func noAPIWrites(e *emulator.Emulator) apiStateCheck {
	return func(context.Context) error {
		var writes []string
		for route, n := range e.Counters() {
			method, pattern, _ := strings.Cut(route, " ")
			if method != "GET" && method != "HEAD" && strings.HasPrefix(pattern, "/partner/") && n > 0 {
				writes = append(writes, fmt.Sprintf("%s: %d", route, n))
			}
		}
		if len(writes) > 0 {
			return fmt.Errorf("want no API write, got %s", strings.Join(writes, ", "))
		}
		return nil
	}
}

// lostAnswers makes the next writes of method to paths under prefix commit and then lose
// their answer, more of them than a provider with max_retries = 1 sends (Go's transport
// repeats a request with an Idempotency-Key once on a dropped connection, too); clear them
// with e.ClearInjected.
func lostAnswers(e *emulator.Emulator, method, prefix string) {
	e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultResetAfterCommit, Method: method, PathPrefix: prefix, Count: 10})
}

// oneRetryProvider is the provider block for e with max_retries = 1.
func oneRetryProvider(e *emulator.Emulator) testharness.Configuration {
	return testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"max_retries": 1}))
}

func boolValue(b bool) tftypes.Value     { return tftypes.NewValue(tftypes.Bool, b) }
func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// importErrorDetail imports id as a typeName in a new provider process for e and returns
// the detail of the one error the import must give; it fails the test otherwise.
func importErrorDetail(t *testing.T, e *emulator.Emulator, typeName, id string) string {
	t.Helper()
	errs := testharness.Diagnostics(serve(t, e).ImportResource(typeName, id).Diagnostics).Errors()
	if len(errs) != 1 {
		t.Fatalf("importing %s: want 1 error, got %v", id, errs)
	}
	return errs[0].Detail()
}
