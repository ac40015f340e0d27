package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The emulator's reconciliation month (emulator.ReconciliationSeed, its README's table)
// through the data source: after one usage sync per PSA, which writes its lines into the PSA
// rooms beside the seed's hand-made ones, each PSA's reconciliation, read through the Partner
// Billing API and the PSA's own API, has the table's rows.

// rowsText is a knownvalue check of a reconciliation's rows of customers mapped in its PSA,
// each written "customer product: status sophos/psa" (the product: the PSA product's id, or
// the Sophos products), in any order; rows of customers mapped in no PSA are left out.
type rowsText struct {
	names map[string]string
	want  []string
}

func (c rowsText) CheckValue(v any) error {
	rows, ok := v.([]any)
	if !ok {
		return fmt.Errorf("expected a list of rows, got %T", v)
	}
	var got []string
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if row["company_id"] == nil {
			continue
		}
		product := fmt.Sprint(row["psa_product_id"])
		if row["psa_product_id"] == nil {
			var names []string
			for _, s := range row["sophos_products"].([]any) { //nolint:forcetypeassert // the schema's list of strings
				names = append(names, fmt.Sprint(s))
			}
			product = strings.Join(names, "+")
		}
		number := func(k string) string { n, _ := row[k].(json.Number); return n.String() }
		got = append(got, fmt.Sprintf("%s %s: %s %s/%s", c.names[fmt.Sprint(row["customer_id"])], product, row["status"], number("sophos_quantity"), number("psa_quantity")))
	}
	slices.Sort(got)
	if !slices.Equal(got, c.want) {
		return fmt.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
	}
	return nil
}

func (c rowsText) String() string { return strings.Join(c.want, "; ") }

// TestAccBillingReconciliation_reconciliationMonth holds both PSAs' reconciliations of the
// emulator's reconciliation month to its README's table.
func TestAccBillingReconciliation_reconciliationMonth(t *testing.T) {
	june := time.Date(reconYear, reconMonth, 15, 12, 0, 0, 0, time.UTC)
	e := emulator.StartForTest(t, emulator.Options{Seed: emulator.ReconciliationSeed(), Now: func() time.Time { return june }})
	for _, psa := range api.PSAs() {
		if _, err := e.Admin().SyncUsage(psa); err != nil {
			t.Fatal(err)
		}
	}
	// Plain http on loopback: the fixed clock would date a generated certificate in the past.
	cwBlock := testharness.ConnectWiseBlock(e, "")
	cwBlock["site"], cwBlock["ca_certificate_file"] = e.URL(), nil
	cfg := testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{
		"connectwise": cwBlock, "autotask": testharness.AutotaskBlock(e, "")})).
		Data("sophos_billing_reconciliation", "connectwise", reconciliation("connectwise", nil)).
		Data("sophos_billing_reconciliation", "autotask", reconciliation("autotask", nil)).String()
	names := map[string]string{seedCustomerCedarRidge: "Cedar Ridge", seedCustomerHarborline: "Harborline", seedCustomerMeridian: "Meridian",
		seedCustomerNorthgate: "Northgate", seedCustomerRiverside: "Riverside", seedCustomerAlpine: "Alpine", seedCustomerKestrel: "Kestrel",
		seedCustomerLakeview: "Lakeview", seedCustomerPinnacle: "Pinnacle", seedCustomerTidewater: "Tidewater", seedCustomerSummit: "Summit"}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(reconCW, tfjsonpath.New("rows"), rowsText{names, []string{
					"Cedar Ridge 102: matches 18/18",
					"Harborline 104: psa_short 64/58",
					"Harborline 105: matches 6/6",
					"Meridian 101: psa_over 12/24",
					"Northgate 102: contract_not_invoiced 27/27",
					"Riverside 102: psa_line_without_usage 0/8",
					"Riverside 105: matches 5/5",
					"Riverside Sophos_MDR_Essentials: no_psa_line 48/0",
				}}),
				statecheck.ExpectKnownValue(reconAT, tfjsonpath.New("rows"), rowsText{names, []string{
					"Alpine 29680001: matches 42/42",
					"Alpine 29680005: matches 38/38",
					"Alpine Sophos_Central_Phish_Threat: no_psa_line 38/0",
					"Cedar Ridge 29680001: contract_not_invoiced 18/18",
					"Harborline 29680003: psa_short 64/58",
					"Harborline 29680004: matches 6/6",
					"Kestrel 29680002: matches 55/55",
					"Kestrel 29680005: psa_line_without_usage 0/15",
					"Kestrel Sophos_Intercept_X_Adv_Srv_XDR: no_psa_line 4/0",
					"Kestrel Sophos_Mobile_Advanced: no_psa_line 20/0",
					"Lakeview 29680001: contract_not_invoiced 31/0",
					"Northgate 29680001: contract_not_invoiced 27/27",
					"Pinnacle 29680002: matches 16/16",
					"Summit 29680001: price_below_cost 22/22",
					"Summit Sophos_ZTNA: no_psa_line 22/0",
					"Tidewater 29680002: psa_over 35/40",
					"Tidewater Sophos_Mobile_Advanced: no_psa_line 12/0",
				}}),
			},
		}},
	})
}
