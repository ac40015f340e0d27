package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// The autotask block: with it, the Autotask data sources and every plan-time contract check
// read the emulator's Autotask room over HTTPS; without it, the Sophos integration. The same
// configuration gives the same results either way: each test runs in both modes against one
// emulator, and sameData holds the data sources of the second run to those of the first.

// autotaskMode is one way the provider reads Autotask.
type autotaskMode struct {
	name   string
	direct bool
}

var autotaskModes = []autotaskMode{{name: "integration"}, {name: "autotask", direct: true}}

// config is a configuration of e in the mode: the provider block, with the autotask block
// (the emulator's Autotask user, its zone looked up over HTTPS, trusting ca) when direct.
func (m autotaskMode) config(e *emulator.Emulator, ca string) testharness.Configuration {
	attrs := testharness.ProviderAttrs(e)
	if m.direct {
		attrs = attrs.With(testharness.Attrs{"autotask": testharness.AutotaskBlock(e, ca)})
	}
	return testharness.NewConfig().Provider(attrs)
}

// readsAutotask checks whether the provider asked the emulator's Autotask room anything
// (counted since the emulator started): never through the integration, always directly.
func (m autotaskMode) readsAutotask(e *emulator.Emulator) statecheck.StateCheck {
	return stateCheckFunc(func() error {
		n := autotaskRequests(e)
		if m.direct != (n > 0) {
			return fmt.Errorf("%s mode: %d requests to the Autotask room", m.name, n)
		}
		return nil
	})
}

// autotaskRequests is how many requests the emulator's Autotask room has counted.
func autotaskRequests(e *emulator.Emulator) int {
	n := 0
	for route, c := range e.Counters() {
		if strings.Contains(route, " /atservicesrest/") {
			n += c
		}
	}
	return n
}

// stateCheckFunc is a state check that runs check.
type stateCheckFunc func() error

func (f stateCheckFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// inBothModes starts an emulator serving HTTPS with opts and runs test in each mode, the
// integration first, in order (t.Parallel for the whole, not the modes).
func inBothModes(t *testing.T, opts emulator.Options, test func(t *testing.T, m autotaskMode, e *emulator.Emulator, ca string)) {
	t.Parallel()
	e, ca := testharness.EmulatorTLSWith(t, opts)
	for _, m := range autotaskModes {
		t.Run(m.name, func(t *testing.T) { test(t, m, e, ca) })
	}
}

// sameData records every data source's attributes in the first mode and fails a later mode
// whose data sources differ.
type sameData struct {
	mu    sync.Mutex
	first map[string]string
}

func (s *sameData) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	got := map[string]string{}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Mode != "data" {
			continue
		}
		raw, err := json.Marshal(r.AttributeValues)
		if err != nil {
			resp.Error = err
			return
		}
		got[r.Address] = string(raw)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.first == nil {
		s.first = got
		return
	}
	var addrs []string
	for a := range s.first {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		if got[a] != s.first[a] {
			resp.Error = fmt.Errorf("%s differs between the modes:\nfirst:  %s\nthen:   %s", a, s.first[a], got[a])
			return
		}
	}
	if len(got) != len(s.first) {
		resp.Error = fmt.Errorf("%d data sources, the first mode had %d", len(got), len(s.first))
	}
}

func TestAccAutotaskDirect_dataSources(t *testing.T) {
	same := &sameData{}
	ids := func(list ...int64) knownvalue.Check {
		var checks []knownvalue.Check
		for _, id := range list {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)}))
		}
		return knownvalue.ListExact(checks)
	}
	inBothModes(t, emulator.Options{}, func(t *testing.T, m autotaskMode, e *emulator.Emulator, ca string) {
		acc.Test(t, acc.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []acc.TestStep{{
				Config: m.config(e, ca).
					Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_companies", "search", testharness.Attrs{"psa": "autotask", "search": "RIDGE"}).
					Data("sophos_psa_companies", "alpine", testharness.Attrs{"psa": "autotask", "name": "alpine dental group"}).
					Data("sophos_psa_contracts", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_contracts", "current", testharness.Attrs{"psa": "autotask", "include_expired": false}).
					Data("sophos_psa_contracts", "cedar_ridge", testharness.Attrs{"psa": "autotask", "company_id": 29682004}).
					Data("sophos_psa_contracts", "northgate", testharness.Attrs{"psa": "autotask", "company_id": 29682011}).
					Data("sophos_psa_contracts", "duplicates", testharness.Attrs{"psa": "autotask", "name": "Managed Security Services"}).
					Data("sophos_psa_products", "all", testharness.Attrs{"psa": "autotask", "include_inactive": true}).
					Data("sophos_psa_products", "active", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_products", "advanced", testharness.Attrs{"psa": "autotask", "search": "advanced"}).
					Data("sophos_psa_products", "mdr", testharness.Attrs{"psa": "autotask", "identifier": "sophos-mdr-complete"}).
					String(),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(17)),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.search", tfjsonpath.New("companies"), ids(29682004)),
					statecheck.ExpectKnownValue("data.sophos_psa_companies.alpine", tfjsonpath.New("companies"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29682002), "name": knownvalue.StringExact("Alpine Dental Group"),
							"identifier": knownvalue.StringExact("10412")}),
					})),
					// Cancelled contracts are never listed (29684012); expired ones are, unless excluded.
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.all", tfjsonpath.New("contracts"), knownvalue.ListSizeExact(16)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.current", tfjsonpath.New("contracts"), knownvalue.ListSizeExact(14)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.northgate", tfjsonpath.New("contracts"), ids(29684010)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.cedar_ridge", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.Int64Exact(29684004), "name": knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex"),
							"company_id": knownvalue.Int64Exact(29682004), "company_name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
							"status": knownvalue.StringExact("active"), "start_date": knownvalue.StringExact("2024-01-01"), "end_date": knownvalue.Null(),
							"name_unique": knownvalue.Bool(true), "type": knownvalue.StringExact("Recurring Service"),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.Int64Exact(29684003), "name": knownvalue.StringExact("Cedar Ridge - Sophos MSP Flex 2023"),
							"company_id": knownvalue.Int64Exact(29682004), "company_name": knownvalue.StringExact("Cedar Ridge Veterinary Clinic"),
							"status": knownvalue.StringExact("expired"), "start_date": knownvalue.StringExact("2023-01-01"), "end_date": knownvalue.StringExact("2023-12-31"),
							"name_unique": knownvalue.Bool(true), "type": knownvalue.StringExact("Recurring Service"),
						}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.duplicates", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29684010), "name_unique": knownvalue.Bool(false)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29684011), "name_unique": knownvalue.Bool(false)}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_products.all", tfjsonpath.New("products"), knownvalue.ListSizeExact(6)),
					statecheck.ExpectKnownValue("data.sophos_psa_products.active", tfjsonpath.New("products"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.sophos_psa_products.advanced", tfjsonpath.New("products"), ids(29680005, 29680001, 29680002, 29680004)),
					statecheck.ExpectKnownValue("data.sophos_psa_products.mdr", tfjsonpath.New("products"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.Int64Exact(29680003), "identifier": knownvalue.StringExact("SOPHOS-MDR-COMPLETE"),
							"description": knownvalue.StringExact("Sophos MDR Complete"), "customer_description": knownvalue.StringExact("Sophos MDR Complete"),
							"category": knownvalue.Null(), "subcategory": knownvalue.Null(), "type": knownvalue.Null(), "unit_of_measure": knownvalue.Null(),
							"product_class": knownvalue.StringExact("Service"), "price": knownvalue.Float64Exact(10.8), "cost": knownvalue.Float64Exact(7.4),
							"taxable": knownvalue.Bool(false), "inactive": knownvalue.Bool(false), "manufacturer_part_number": knownvalue.Null(),
							"vendor_sku": knownvalue.Null(), "integration_xref": knownvalue.Null(), "notes": knownvalue.Null(),
						}),
					})),
					same, m.readsAutotask(e),
				},
			}},
		})
	})
}

// autotaskSeedWithOwnPicklists is the default seed with an Autotask database whose contract
// status and type picklists differ from the defaults in both values and labels.
func autotaskSeedWithOwnPicklists(t *testing.T) *emulator.Seed {
	t.Helper()
	s := emulator.DefaultSeed()
	at := s.Partners[0].Autotask
	at.Picklists = []emulator.SeedPicklist{
		{Entity: "Contracts", Field: "status", Values: []emulator.SeedPicklistValue{
			{Value: 11, Label: "In Effect", Default: true}, {Value: 12, Label: "On Hold"}, {Value: 13, Label: "Lapsed"}, {Value: 14, Label: "Cancelled by Customer"}}},
		{Entity: "Contracts", Field: "contractType", Values: []emulator.SeedPicklistValue{
			{Value: 21, Label: "Managed Services", Default: true}, {Value: 22, Label: "Project Work"}}},
	}
	for i := range at.Contracts {
		at.Contracts[i].Type = ""
		if at.Contracts[i].Status == "expired" {
			at.Contracts[i].Type = "Project Work"
		}
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAccAutotaskDirect_ownPicklistsAndPaging: a database whose picklists are not the
// defaults, with more than 500 companies and contracts (Autotask's pages), reads the same in
// both modes: statuses and types from the labels, every page.
func TestAccAutotaskDirect_ownPicklistsAndPaging(t *testing.T) {
	same := &sameData{}
	inBothModes(t, emulator.Options{Seed: autotaskSeedWithOwnPicklists(t)}, func(t *testing.T, m autotaskMode, e *emulator.Emulator, ca string) {
		if !m.direct {
			if err := e.Admin().Synthesize(emulator.SynthOptions{Customers: 600}); err != nil {
				t.Fatal(err)
			}
		}
		pagesBefore := e.Counters()["GET /atservicesrest/v1.0/Contracts/query/next"]
		acc.Test(t, acc.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []acc.TestStep{{
				Config: m.config(e, ca).
					Data("sophos_psa_companies", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_contracts", "all", testharness.Attrs{"psa": "autotask"}).
					Data("sophos_psa_contracts", "tidewater", testharness.Attrs{"psa": "autotask", "company_id": seedATCompanyTidewater}).
					Data("sophos_psa_contracts", "lakeview", testharness.Attrs{"psa": "autotask", "company_id": 29682009}).
					String(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sophos_psa_companies.all", tfjsonpath.New("companies"), knownvalue.ListSizeExact(617)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.all", tfjsonpath.New("contracts"), knownvalue.ListSizeExact(616)),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.tidewater", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(seedATContractTidewaterExpired),
							"status": knownvalue.StringExact("expired"), "type": knownvalue.StringExact("Project Work")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(seedATContractTidewater),
							"status": knownvalue.StringExact("active"), "type": knownvalue.StringExact("Managed Services")}),
					})),
					statecheck.ExpectKnownValue("data.sophos_psa_contracts.lakeview", tfjsonpath.New("contracts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(29684008), "status": knownvalue.StringExact("inactive")}),
					})),
					same, m.readsAutotask(e),
					stateCheckFunc(func() error {
						if pages := e.Counters()["GET /atservicesrest/v1.0/Contracts/query/next"] - pagesBefore; m.direct != (pages > 0) {
							return fmt.Errorf("%s mode read %d further pages of contracts", m.name, pages)
						}
						return nil
					}),
				},
			}},
		})
	})
}
