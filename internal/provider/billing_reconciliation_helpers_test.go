package provider

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The month the reconciliation tests reconcile, and the seed that bills it: every status of a
// row on ConnectWise (through Sophos's mapping tables), a customer mapped in both PSAs, two
// customers of one name, usage of a customer mapped nowhere and of no customer.

const (
	reconYear, reconMonth = 2025, 6
	reconMonthText        = "2025-06"

	seedCustomerLakeview  = "7c62543e-dd0a-4b1b-9e5a-e262232ca62b"
	seedCustomerMeridian  = "9aba8575-de04-40a1-a58a-2c42ff9c23ba"
	seedCustomerOakwood   = "06ecc426-7bab-4fc7-a80d-54f47b33a78c"
	seedCustomerPinnacle  = "5359fa53-b0f4-4e72-b591-8d43d4ff69e6"
	seedCustomerRiverside = "dc51d951-7dfa-4192-a322-73fd76d40d5e"
	// reconCustomerAlpineTwin is a second "Alpine Dental Group", on an agreement of its own.
	reconCustomerAlpineTwin = "3f6e2a10-8c4d-4b9e-a7f1-2d5c8b0e9a31"
	reconAgreementTwin      = 520
)

// ConnectWise catalog items of the default seed the reconciliation maps.
const (
	seedCWEmail = 106 // SOPHOS-EMAIL-ADV
	seedCWMDR   = 104 // SOPHOS-MDR-COMPLETE
	seedATIXA   = 29680001
	seedATEmail = 29680005
)

// reconSeed is the default seed whose billing report has, in reconMonthText only, the usage
// below (the default lines are dropped), and whose ConnectWise agreements hold these
// additions. The tests cancel agreement 513 and remove company 262 (with agreement 514)
// out of band.
func reconSeed() *emulator.Seed { return reconSeedIn([]string{reconMonthText}) }

// reconSeedIn is reconSeed with the usage in these months (none: every month).
func reconSeedIn(month []string) *emulator.Seed {
	s := emulator.DefaultSeed()
	p := &s.Partners[0]
	p.Tenants = append(p.Tenants, emulator.SeedTenant{ID: reconCustomerAlpineTwin, Name: "Alpine Dental Group", BillingType: "usage", DataRegion: "eu01", DataGeography: "IE"})
	line := func(customer, code string, q float64) emulator.SeedBillingLine {
		return emulator.SeedBillingLine{CustomerID: customer, ProductCode: code, Quantity: q, Months: month}
	}
	p.BillingUsage.Lines = []emulator.SeedBillingLine{
		line(seedCustomerAlpine, "CIXA1CSAA", 42), line(seedCustomerAlpine, "CEMA1CSAA", 38),
		line(reconCustomerAlpineTwin, "CIXA1CSAA", 10),
		line(seedCustomerBayside, "CIXE1CSAA", 25),
		line(seedCustomerCedarRidge, "CIXA1CSAA", 18),
		line(seedCustomerHarborline, "MDRC1CSAA", 64),
		line(seedCustomerKestrel, "CIXE1CSAA", 55),
		line(seedCustomerLakeview, "CIXA1CSAA", 31),
		line(seedCustomerMeridian, "CEPB1CSAA", 12),
		line(seedCustomerOakwood, "CEPB1CSAA", 140),
		line(seedCustomerPinnacle, "CIXE1CSAA", 16),
		line(seedCustomerRiverside, "MDRE1CSAA", 48),
		line(seedCustomerSummit, "CIXA1CSAA", 22),
		{SerialNumber: "X2101CTQ9JKR7A4", ProductCode: "XGS1XSPMSP", Quantity: 3, Months: month},
	}
	// The default seed's hand-made PSA lines are those of the reconciliation month
	// (emulator.ReconciliationSeed); this month has its own, and only Alpine's two contract
	// services stay.
	cw := p.ConnectWise
	cw.Additions = nil
	for i := range p.Autotask.Contracts {
		if c := &p.Autotask.Contracts[i]; c.ID != seedATContractAlpine {
			c.Services = nil
		}
	}
	cw.Agreements = append(cw.Agreements, emulator.SeedContract{ID: reconAgreementTwin, CompanyID: 251, Name: "Alpine Dental - Second Office", Status: "active", StartDate: "2024-01-01"})
	add := func(agreement, product int64, q, price float64) emulator.SeedAddition {
		return emulator.SeedAddition{AgreementID: agreement, ProductID: product, Quantity: q, UnitPrice: price}
	}
	cw.Additions = append(cw.Additions,
		add(501, seedCWIXA, 42, 4.50), add(501, seedCWEmail, 38, 2.10), // Alpine: matches
		add(reconAgreementTwin, seedCWIXA, 7, 4.50),                      // the other Alpine: short
		add(502, seedCWIXAXDR, 20, 6.25),                                 // Bayside: short
		add(504, seedCWIXA, 20, 4.50),                                    // Cedar Ridge: over
		add(508, seedCWIXAXDR, 55, 6.25), add(508, seedCWEmail, 5, 2.10), // Kestrel: matches, a line without usage
		add(509, seedCWIXA, 31, 4.50),       // Lakeview: an inactive agreement
		add(510, seedCWEndpoint, 12, 1.00),  // Meridian: below Sophos's 1.65
		add(513, seedCWEndpoint, 140, 2.75), // Oakwood: the agreement is cancelled out of band
	)
	alpine := reconAlpineContract(s)
	alpine.Services[0].Units = append(alpine.Services[0].Units, emulator.SeedUnits{Units: 42, StartDate: "2025-06-01", EndDate: "2025-06-30", Price: ptr(4.40)})
	alpine.Services[1].Units = append(alpine.Services[1].Units, emulator.SeedUnits{Units: 38, StartDate: "2025-06-01", EndDate: "2025-06-30"})
	contract := func(id int64) *int64 { return &id }
	mapCW := func(customer string, company, agreement int64) emulator.SeedCustomerMapping {
		return emulator.SeedCustomerMapping{PSA: "connectwise", CustomerID: customer, CompanyID: company, ContractID: contract(agreement), UsageSyncEnabled: true}
	}
	p.CustomerMappings = append(p.CustomerMappings,
		mapCW(seedCustomerAlpine, 251, 501), mapCW(reconCustomerAlpineTwin, 251, reconAgreementTwin), mapCW(seedCustomerBayside, 252, 502),
		mapCW(seedCustomerCedarRidge, 253, 504), mapCW(seedCustomerHarborline, 255, 506), mapCW(seedCustomerKestrel, 257, 508),
		mapCW(seedCustomerLakeview, 258, 509), mapCW(seedCustomerMeridian, 259, 510), mapCW(seedCustomerOakwood, 261, 513),
		mapCW(seedCustomerPinnacle, 262, 514),
		emulator.SeedCustomerMapping{PSA: "autotask", CustomerID: seedCustomerAlpine, CompanyID: seedATCompanyAlpine, ContractID: contract(seedATContractAlpine), UsageSyncEnabled: true},
		emulator.SeedCustomerMapping{PSA: "autotask", CustomerID: seedCustomerSummit, CompanyID: 29682016, ContractID: contract(29684015), UsageSyncEnabled: true},
	)
	mapProduct := func(psa, sophos string, id int64) emulator.SeedProductMapping {
		return emulator.SeedProductMapping{PSA: psa, SophosProduct: sophos, PsaProductID: id}
	}
	p.ProductMappings = append(p.ProductMappings,
		mapProduct("connectwise", "Sophos_Intercept_X_Advanced", seedCWIXA), mapProduct("connectwise", "Sophos_Email_Advanced", seedCWEmail),
		mapProduct("connectwise", "Sophos_Intercept_X_Advanced_XDR", seedCWIXAXDR), mapProduct("connectwise", "Sophos_MDR_Complete", seedCWMDR),
		mapProduct("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint),
		mapProduct("autotask", "Sophos_Intercept_X_Advanced", seedATIXA), mapProduct("autotask", "Sophos_Email_Advanced", seedATEmail),
	)
	return s
}

// reconAlpineContract is Alpine Dental's Autotask contract in s, with its two contract
// services (29680001, 29680005).
func reconAlpineContract(s *emulator.Seed) *emulator.SeedContract {
	for i := range s.Partners[0].Autotask.Contracts {
		if c := &s.Partners[0].Autotask.Contracts[i]; c.ID == seedATContractAlpine {
			return c
		}
	}
	panic("the default seed has no Autotask contract of Alpine Dental")
}

// startRecon starts an emulator with reconSeed over HTTPS too, makes the out-of-band
// changes, and returns the provider block with both PSA blocks.
func startRecon(t *testing.T) (*emulator.Emulator, testharness.Configuration) {
	t.Helper()
	return startReconWith(t, reconSeed())
}

// startReconWith is startRecon with seed s.
func startReconWith(t *testing.T, s *emulator.Seed) (*emulator.Emulator, testharness.Configuration) {
	t.Helper()
	e, ca := testharness.EmulatorTLSWith(t, emulator.Options{Seed: s})
	if err := e.Admin().CancelContract(api.PsaConnectwise, 513); err != nil {
		t.Fatal(err)
	}
	if err := e.Admin().RemoveCompany(api.PsaConnectwise, 262); err != nil {
		t.Fatal(err)
	}
	attrs := testharness.ProviderAttrs(e).With(testharness.Attrs{
		"connectwise": testharness.ConnectWiseBlock(e, ca), "autotask": testharness.AutotaskBlock(e, ca)})
	return e, testharness.NewConfig().Provider(attrs)
}

// reconciliation are the arguments of a sophos_billing_reconciliation of reconMonthText.
func reconciliation(psa string, more testharness.Attrs) testharness.Attrs {
	return testharness.Attrs{"psa": psa, "year": reconYear, "month": reconMonth}.With(more)
}

// wantRow is what a test holds a row of a reconciliation to.
type wantRow struct {
	customer string // "" for a row of no customer
	product  int64  // 0 for a row of no PSA product
	sophos   float64
	psa      float64
	contract string // the contract status; "" for none
	problems []string
}

// rowsAre holds the rows, in order, to want: customer, PSA product, both quantities, the
// contract's status, and the problems (the status is the first, or matches).
func rowsAre(want ...wantRow) knownvalue.Check {
	checks := make([]knownvalue.Check, len(want))
	for i, w := range want {
		problems := make([]knownvalue.Check, len(w.problems))
		for j, p := range w.problems {
			problems[j] = knownvalue.StringExact(p)
		}
		status := "matches"
		if len(w.problems) > 0 {
			status = w.problems[0]
		}
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"customer_id": stringOrNull(w.customer), "psa_product_id": int64OrNull(w.product), "contract_status": stringOrNull(w.contract),
			"sophos_quantity": knownvalue.Float64Exact(w.sophos), "psa_quantity": knownvalue.Float64Exact(w.psa),
			"status": knownvalue.StringExact(status), "problems": knownvalue.ListExact(problems),
		})
	}
	return knownvalue.ListExact(checks)
}

func stringOrNull(s string) knownvalue.Check {
	if s == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(s)
}

func int64OrNull(v int64) knownvalue.Check {
	if v == 0 {
		return knownvalue.Null()
	}
	return knownvalue.Int64Exact(v)
}

// money holds a money_at_stake object, to the cent (sums of prices are not exact in binary).
func money(quantity, price float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"quantity": cents(quantity), "price": cents(price), "total": cents(quantity + price)})
}

// cents is a knownvalue check of an amount, to the cent.
type cents float64

func (c cents) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("expected an amount, got %T", v)
	}
	f, err := n.Float64()
	if err != nil || math.Abs(f-float64(c)) >= 0.005 {
		return fmt.Errorf("expected %.2f, got %s", float64(c), n)
	}
	return nil
}

func (c cents) String() string { return fmt.Sprintf("%.2f", float64(c)) }

// routeRequests counts the requests the emulator answered on routes that contain part.
func routeRequests(e *emulator.Emulator, part string) int {
	n := 0
	for route, count := range e.Counters() {
		if strings.Contains(route, part) {
			n += count
		}
	}
	return n
}
