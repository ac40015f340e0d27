package provider

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// writeRoutes are the emulator's counters of every write to customer mappings, product
// mappings and ConnectWise products.
var writeRoutes = []string{
	"PUT /partner/v1/psa/{psa}/customer-mappings/{customerId}",
	"DELETE /partner/v1/psa/{psa}/customer-mappings/{customerId}",
	"PUT /partner/v1/psa/{psa}/product-mappings/{sophosProduct}",
	"DELETE /partner/v1/psa/{psa}/product-mappings/{sophosProduct}",
	"POST /partner/v1/psa/{psa}/products",
	"PUT /partner/v1/psa/{psa}/products/{productId}",
	"DELETE /partner/v1/psa/{psa}/products/{productId}",
}

// writesTo sums the emulator's write counters.
func writesTo(e *emulator.Emulator) int {
	counters := e.Counters()
	n := 0
	for _, route := range writeRoutes {
		n += counters[route]
	}
	return n
}

// expectWrites is a state check that exactly want API writes happened since the counters
// were last reset.
func expectWrites(e *emulator.Emulator, want int) statecheck.StateCheck {
	return apiStateCheck(func(context.Context) error {
		if got := writesTo(e); got != want {
			return fmt.Errorf("want %d API writes, got %d (%v)", want, got, e.Counters())
		}
		return nil
	})
}

// exampleFile is the text of the documentation example at path (below examples/).
func exampleFile(t *testing.T, path string) string {
	t.Helper()
	b, err := fs.ReadFile(os.DirFS(filepath.Join("..", "..", "examples")), path)
	if err != nil {
		t.Fatalf("reading example %s: %v", path, err)
	}
	return string(b)
}

// managedXDRProduct is the product of the ConnectWise product examples, as made in the console.
func managedXDRProduct() emulator.SeedProduct {
	return emulator.SeedProduct{
		ID: 1234, Identifier: "NW-MANAGED-XDR", Description: "Northwind Managed XDR (per device)",
		Subcategory: "Managed Security", Type: "Service", ProductClass: "Service", UnitOfMeasure: "Device",
		Price: 14.5, Cost: 6.1, IntegrationXRef: "Sophos_Intercept_X_Advanced_XDR",
	}
}

// TestAccImportByIdentityExamples applies each import-by-identity.tf example beside its
// resource.tf, with the imported object made in the console first: the import writes
// nothing, only the example's other resources are created (Terraform 1.12+, OpenTofu 1.12+).
func TestAccImportByIdentityExamples(t *testing.T) {
	for _, tc := range []struct {
		dir      string
		console  func(t *testing.T, e *emulator.Emulator)
		imported string
		identity statecheck.StateCheck
		created  []string
	}{
		{
			dir: "sophos_psa_customer_mapping",
			console: func(t *testing.T, e *emulator.Emulator) {
				setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, true)
			},
			imported: "sophos_psa_customer_mapping.alpine",
			identity: statecheck.ExpectIdentity("sophos_psa_customer_mapping.alpine", map[string]knownvalue.Check{
				"psa": knownvalue.StringExact("autotask"), "customer_id": knownvalue.StringExact(seedCustomerAlpine),
			}),
			created: []string{"sophos_psa_customer_mapping.greenfield"},
		},
		{
			dir: "sophos_psa_product_mapping",
			console: func(t *testing.T, e *emulator.Emulator) {
				if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, true); err != nil {
					t.Fatalf("mapping the product out of band: %v", err)
				}
			},
			imported: "sophos_psa_product_mapping.intercept_x_advanced",
			identity: statecheck.ExpectIdentity("sophos_psa_product_mapping.intercept_x_advanced", map[string]knownvalue.Check{
				"psa": knownvalue.StringExact("connectwise"), "sophos_product": knownvalue.StringExact("Sophos_Intercept_X_Advanced"),
			}),
			created: []string{"sophos_psa_product_mapping.mdr_complete"},
		},
		{
			dir: "sophos_connectwise_product",
			console: func(t *testing.T, e *emulator.Emulator) {
				if _, err := e.Admin().AddProduct(api.PsaConnectwise, managedXDRProduct()); err != nil {
					t.Fatalf("adding the product out of band: %v", err)
				}
			},
			imported: "sophos_connectwise_product.managed_xdr",
			identity: productIdentityMatchesID{address: "sophos_connectwise_product.managed_xdr"},
		},
		{
			dir: "connectwise_product",
			console: func(t *testing.T, e *emulator.Emulator) {
				p := managedXDRProduct()
				p.CustomerDescription = "Sophos Intercept X Advanced with XDR, monitored by Northwind IT, per device per month"
				p.Taxable = true
				if _, err := e.Admin().AddProduct(api.PsaConnectwise, p); err != nil {
					t.Fatalf("adding the product out of band: %v", err)
				}
			},
			imported: "connectwise_product.managed_xdr",
			identity: productIdentityMatchesID{address: "connectwise_product.managed_xdr"},
			created:  []string{"sophos_psa_product_mapping.xdr"},
		},
		{
			dir: "sophos_psa_usage_sync_schedule",
			console: func(t *testing.T, e *emulator.Emulator) {
				day := 5
				if err := e.Admin().SetUsageSyncSchedule(api.PsaConnectwise, api.UsageSyncFrequencyMonthly, &day); err != nil {
					t.Fatalf("setting the schedule out of band: %v", err)
				}
			},
			imported: "sophos_psa_usage_sync_schedule.connectwise",
			identity: statecheck.ExpectIdentity("sophos_psa_usage_sync_schedule.connectwise", map[string]knownvalue.Check{
				"psa": knownvalue.StringExact("connectwise"),
			}),
		},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			e := testharness.Emulator(t)
			checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(tc.imported, plancheck.ResourceActionNoop)}
			for _, address := range tc.created {
				checks = append(checks, plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate))
			}
			acc.ParallelTest(t, acc.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureIdentity)},
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
				Steps: []acc.TestStep{{
					PreConfig: func() {
						tc.console(t, e)
						e.ResetCounters()
					},
					Config: testharness.ProviderBlock(e) + exampleFile(t, "resources/"+tc.dir+"/resource.tf") +
						exampleFile(t, "resources/"+tc.dir+"/import-by-identity.tf"),
					ConfigPlanChecks: acc.ConfigPlanChecks{PreApply: checks, PostApplyPostRefresh: emptyPlanAfterApply},
					// One write per created resource, none for the import.
					ConfigStateChecks: []statecheck.StateCheck{expectWrites(e, len(tc.created)), tc.identity},
				}},
			})
		})
	}
}
