package provider

import (
	"context"
	"fmt"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// refreshBudget is the most requests a plan that refreshes 200 ConnectWise products may send
// (to Sophos Central and ConnectWise together), in either mode.
const refreshBudget = 10

// TestAccConnectWiseProduct_refreshBudget: a plan that refreshes 200 ConnectWise products
// sends at most refreshBudget requests in both modes: one listing of the catalog shared by
// every resource (through ConnectWise: one forward-only listing with pageSize 1,000), and no
// GET per product.
func TestAccConnectWiseProduct_refreshBudget(t *testing.T) {
	for _, mode := range cwModes {
		t.Run(mode.name, func(t *testing.T) {
			m := newCWModeTest(t, mode)
			config := m.config().Resource(sophosConnectWiseProductTypeName, "many", testharness.Attrs{
				"count":       200,
				"identifier":  testharness.Expr(`"TF-BUDGET-${count.index}"`),
				"description": testharness.Expr(`"Budget product ${count.index}"`),
				"subcategory": "Managed Services",
				"type":        "Service",
			}).String()
			var counts map[string]int
			acc.ParallelTest(t, acc.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []acc.TestStep{
					{Config: config, Check: m.wentThrough},
					{PreConfig: m.e.ResetCounters, Config: config, PlanOnly: true},
					{
						PreConfig: func() {
							counts = m.e.Counters()
							total := 0
							for _, n := range counts {
								total += n
							}
							t.Logf("%s: a plan refreshing 200 products sent %d requests: %v", m.name, total, counts)
							if total > refreshBudget {
								t.Errorf("%s: %d requests, more than %d: %v", m.name, total, refreshBudget, counts)
							}
							if m.direct && counts["GET /v4_6_release/apis/3.0/procurement/catalog/{id}"] > 0 {
								t.Errorf("a GET per product: %v", counts)
							}
						},
						Config:   config,
						PlanOnly: true,
					},
				},
			})
		})
	}
}

// TestAccConnectWiseDirect_pagingAcrossPages: a catalog larger than a page (1,000 items) is
// read whole through ConnectWise's forward-only paging (every page keeps the conditions and
// fields), by the data source and by the client, and the listing is one per run.
func TestAccConnectWiseDirect_pagingAcrossPages(t *testing.T) {
	m := newCWModeTest(t, cwModes[1])
	if err := m.e.Admin().Synthesize(emulator.SynthOptions{Products: 1100}); err != nil {
		t.Fatal(err)
	}
	items, err := cwClient(t, m.e, m.ca).ListCatalogItems(context.Background(), cwclient.ListOptions{
		Conditions: cwclient.Field("inactiveFlag").Eq(cwclient.Bool(false)), Fields: []string{"identifier"}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, it := range items {
		if seen[it.ID] || it.Identifier == "" || it.Description != "" {
			t.Fatalf("item %+v listed twice, or with fields not asked for", it)
		}
		seen[it.ID] = true
	}
	want := 11 + 1100 // the seed's active items and the synthetic ones
	if len(items) != want {
		t.Errorf("the client listed %d active items, want %d", len(items), want)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			PreConfig: m.e.ResetCounters,
			Config: m.config().
				Data("sophos_psa_products", "all", testharness.Attrs{"psa": "connectwise", "include_inactive": true}).
				Data("sophos_psa_products", "synthetic", testharness.Attrs{"psa": "connectwise", "search": "synthetic"}).String(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sophos_psa_products.all", tfjsonpath.New("products"), knownvalue.ListSizeExact(12+1100)),
				apiStateCheck(func(context.Context) error {
					// Per provider process: a page of 1,000, the rest, and the empty page that ends it.
					if n := m.e.Counters()["GET /v4_6_release/apis/3.0/procurement/catalog"]; n%3 != 0 || n == 0 {
						return fmt.Errorf("catalog listings: %d requests, want 3 per provider process", n)
					}
					return nil
				}),
			},
		}},
	})
}
