package emulator

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// TestUsageSyncWritesConnectWiseAdditions: a pass writes one addition per PSA product on the
// customer's agreement, as ConnectWise's API then serves it (catalog price and cost, Billable,
// the integration's API member as the writer); the next pass updates it in place; additions
// the sync did not write stay as they are, and nothing is written for a product or a customer
// with usage sync off, or for a cancelled agreement.
func TestUsageSyncWritesConnectWiseAdditions(t *testing.T) {
	t.Parallel()
	en, clock := reconciliationEnv(t)
	handMade := map[int64][]cw.Addition{}
	for _, ag := range []int64{506, 510, 512, 515} {
		handMade[ag] = en.additions(ag)
	}

	_, cedar := en.sync(api.PsaConnectwise, cedarRidge)
	got := en.additions(504)
	if len(got) != 1 {
		t.Fatalf("Cedar Ridge's agreement 504 holds %d additions, want the sync's one: %+v", len(got), got)
	}
	a := got[0]
	if a.Product == nil || a.Product.ID != 102 || a.Product.Identifier != "SOPHOS-CIX-ADV" || derefF(a.Quantity) != 18 ||
		a.BillCustomer == nil || *a.BillCustomer != cw.BillCustomerBillable || derefF(a.UnitPrice) != 4.50 || derefF(a.UnitCost) != 2.90 ||
		a.Info[cw.InfoUpdatedBy] != "SophosCentral" {
		t.Fatalf("the sync's addition = %+v (product %+v, info %+v)", a, a.Product, a.Info)
	}
	want := []api.UsageSyncPsaLine{{Action: api.UsageSyncPsaLineActionCreated, PsaProductId: 102, SophosProducts: []string{"Sophos_Intercept_X_Advanced"},
		Quantity: 18, AdditionId: ptr(int64(a.ID))}}
	if !reflect.DeepEqual(cedar.PsaLines, want) {
		t.Fatalf("Cedar Ridge's PSA lines = %+v, want %+v", cedar.PsaLines, want)
	}

	// The next pass, with more usage, updates the same addition.
	en.moreUsage(clock, cedarRidge, "CIXA1CSAA", 3)
	_, cedar = en.sync(api.PsaConnectwise, cedarRidge)
	again := en.additions(504)
	if len(again) != 1 || again[0].ID != a.ID || derefF(again[0].Quantity) != 21 || again[0].Info.LastUpdated() == a.Info.LastUpdated() {
		t.Fatalf("after a second pass 504 holds %+v, want addition %d with 21, updated", again, a.ID)
	}
	if len(cedar.PsaLines) != 1 || cedar.PsaLines[0].Action != api.UsageSyncPsaLineActionUpdated || *cedar.PsaLines[0].AdditionId != int64(a.ID) ||
		cedar.PsaLines[0].Quantity != 21 {
		t.Fatalf("second pass: Cedar Ridge's PSA lines = %+v", cedar.PsaLines)
	}

	// Meridian's hand-made Endpoint Protection line stays; the sync writes its own beside it.
	meridianLines := en.additions(510)
	if len(meridianLines) != 2 || !reflect.DeepEqual(meridianLines[0], handMade[510][0]) || meridianLines[1].Product.ID != 101 || derefF(meridianLines[1].Quantity) != 12 {
		t.Fatalf("Meridian's agreement 510 = %+v, want the hand-made line unchanged and the sync's", meridianLines)
	}
	// Harborline: MDR Complete is mapped with sync off, so its hand-made line is all there
	// is of it; the server product is synced.
	harbor := en.additions(506)
	if len(harbor) != len(handMade[506])+1 || !reflect.DeepEqual(harbor[:len(handMade[506])], handMade[506]) ||
		harbor[len(harbor)-1].Product.ID != 105 || derefF(harbor[len(harbor)-1].Quantity) != 6 {
		t.Fatalf("Harborline's agreement 506 = %+v", harbor)
	}
	// Northgate's agreement is cancelled: its sync fails and its old line is left alone.
	_, north := en.sync(api.PsaConnectwise, northgate)
	if north.Status != api.SyncStatusFailed || len(north.PsaLines) != 0 || !reflect.DeepEqual(en.additions(512), handMade[512]) {
		t.Fatalf("Northgate: %+v, agreement 512 = %+v", north, en.additions(512))
	}
	// Riverside's hand-made Intercept X line (no usage of it) is left alone.
	if river := en.additions(515); !reflect.DeepEqual(river[0], handMade[515][0]) || len(river) != 2 || river[1].Product.ID != 105 {
		t.Fatalf("Riverside's agreement 515 = %+v", river)
	}

	// Usage sync off for the customer: nothing more is written.
	if err := en.e.Admin().SetCustomerMapping(api.PsaConnectwise, cedarRidge, api.CustomerMappingInput{CompanyId: 253, ContractId: ptr(int64(504))}); err != nil {
		t.Fatal(err)
	}
	en.moreUsage(clock, cedarRidge, "CIXA1CSAA", 100)
	if _, err := en.e.Admin().SyncUsage(api.PsaConnectwise); err != nil {
		t.Fatal(err)
	}
	if off := en.additions(504); len(off) != 1 || derefF(off[0].Quantity) != 21 {
		t.Fatalf("usage sync off: 504 = %+v", off)
	}
}

// TestUsageSyncWritesAutotaskUnits: a pass writes the month's units on the contract's service
// of the mapped service, creating the contract service when the contract has none, and
// updates them in place on the next pass; units of other months, services with sync off and
// customers with usage sync off stay as they are.
func TestUsageSyncWritesAutotaskUnits(t *testing.T) {
	t.Parallel()
	en, clock := reconciliationEnv(t)
	month := firstOfMonth(clock)
	// Every contract service and units record there is before the sync, of the contracts
	// the sync writes to (Alpine's) or must leave alone (Harborline's, Tidewater's).
	before := map[int64][]at.ContractService{}
	unitsBefore := map[int64][]at.ContractServiceUnit{}
	for _, k := range []int64{29684001, 29684006, 29684016} {
		before[k] = en.contractServices(k)
		for _, cs := range before[k] {
			unitsBefore[cs.ID] = en.units(cs.ID)
		}
	}

	_, pin := en.sync(api.PsaAutotask, pinnacle)
	services := en.contractServices(29684014)
	if len(services) != 1 || services[0].ServiceID != 29680002 || derefF(services[0].UnitPrice) != 6.10 || derefF(services[0].UnitCost) != 4.10 {
		t.Fatalf("Pinnacle's contract 29684014 = %+v, want the XDR service the sync created", services)
	}
	units := en.monthUnits(services[0].ID, month)
	if units == nil || derefF(units.Units) != 16 || derefF(units.Price) != 6.10 || units.ContractID != 29684014 || units.ServiceID != 29680002 ||
		units.EndDate == nil || !strings.HasPrefix(*units.EndDate, "2025-06-30") {
		t.Fatalf("Pinnacle's units of %s = %+v", month, units)
	}
	want := []api.UsageSyncPsaLine{{Action: api.UsageSyncPsaLineActionCreated, PsaProductId: 29680002, SophosProducts: []string{"Sophos_Intercept_X_Advanced_XDR"},
		Quantity: 16, ContractServiceId: ptr(services[0].ID), ContractServiceUnitId: ptr(units.ID)}}
	if !reflect.DeepEqual(pin.PsaLines, want) {
		t.Fatalf("Pinnacle's PSA lines = %+v, want %+v", pin.PsaLines, want)
	}

	en.moreUsage(clock, pinnacle, "CIXE1CSAA", 4)
	_, pin = en.sync(api.PsaAutotask, pinnacle)
	again := en.contractServices(29684014)
	if len(again) != 1 || again[0].ID != services[0].ID {
		t.Fatalf("after a second pass 29684014 = %+v", again)
	}
	if u := en.monthUnits(services[0].ID, month); u == nil || u.ID != units.ID || derefF(u.Units) != 20 {
		t.Fatalf("after a second pass the units = %+v, want record %d with 20", u, units.ID)
	}
	if len(pin.PsaLines) != 1 || pin.PsaLines[0].Action != api.UsageSyncPsaLineActionUpdated || *pin.PsaLines[0].ContractServiceUnitId != units.ID {
		t.Fatalf("second pass: Pinnacle's PSA lines = %+v", pin.PsaLines)
	}

	// Alpine's contract has its Intercept X and Email services (seeded): the sync takes them
	// up (Autotask holds a service once on a contract) and adds the month's units; the
	// earlier months' units stay.
	alpine := en.contractServices(29684001)
	if !reflect.DeepEqual(alpine, before[29684001]) {
		t.Fatalf("Alpine's contract services = %+v, before %+v", alpine, before[29684001])
	}
	for i, want := range []float64{42, 38} {
		all := en.units(alpine[i].ID)
		u := en.monthUnits(alpine[i].ID, month)
		if u == nil || derefF(u.Units) != want || !reflect.DeepEqual(all[:len(all)-1], unitsBefore[alpine[i].ID]) || all[len(all)-1].ID != u.ID {
			t.Fatalf("Alpine's service %d: units %+v, before %+v", alpine[i].ServiceID, all, unitsBefore[alpine[i].ID])
		}
	}
	// Harborline: MDR Complete has sync off (its server product is synced beside it) and
	// Tidewater has usage sync off: their hand-made services and units are untouched.
	for k, synced := range map[int64]int64{29684006: 29680004, 29684016: 0} {
		cs := en.contractServices(k)
		if !reflect.DeepEqual(cs[:1], before[k]) || !reflect.DeepEqual(en.units(cs[0].ID), unitsBefore[cs[0].ID]) ||
			(synced == 0) != (len(cs) == 1) || synced != 0 && cs[1].ServiceID != synced {
			t.Fatalf("contract %d: services %+v, before %+v", k, cs, before[k])
		}
	}
	if u := en.monthUnits(before[29684016][0].ID, month); u == nil || derefF(u.Units) != 40 {
		t.Fatalf("Tidewater's hand-made units of %s = %+v", month, u)
	}

	// A contract that is not Recurring Service takes no contract services: the sync fails.
	if err := en.e.Admin().SetCustomerMapping(api.PsaAutotask, tidewater, api.CustomerMappingInput{CompanyId: 29682017, ContractId: ptr(int64(29684017)), UsageSyncEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, tide := en.sync(api.PsaAutotask, tidewater)
	if tide.Status != api.SyncStatusFailed || tide.Error == nil || !strings.Contains(*tide.Error, "Recurring Service") || len(en.contractServices(29684017)) != 0 {
		t.Fatalf("Tidewater on a Block Hours contract: %+v", tide)
	}
}

// TestUsageSyncHistoryListsPSALines: the history keeps, per customer of every run, the PSA
// lines it wrote, created then updated, with the same ids.
func TestUsageSyncHistoryListsPSALines(t *testing.T) {
	t.Parallel()
	en, clock := reconciliationEnv(t)
	first, _ := en.sync(api.PsaConnectwise, cedarRidge)
	clock.Advance(time.Minute)
	second, _ := en.sync(api.PsaConnectwise, cedarRidge)
	var runs api.UsageSyncRunList
	en.get("/partner/v1/psa/connectwise/usage-sync/runs?customerId="+cedarRidge, &runs)
	if len(runs.Items) != 2 || runs.Items[0].Id != second.Id || runs.Items[1].Id != first.Id {
		t.Fatalf("history = %+v", runs.Items)
	}
	newer, older := runs.Items[0].Results[0].PsaLines, runs.Items[1].Results[0].PsaLines
	if len(older) != 1 || len(newer) != 1 || older[0].Action != api.UsageSyncPsaLineActionCreated || newer[0].Action != api.UsageSyncPsaLineActionUpdated ||
		*older[0].AdditionId != *newer[0].AdditionId || older[0].Quantity != 18 || newer[0].PsaProductId != 102 {
		t.Fatalf("PSA lines of the two runs: %+v then %+v", older, newer)
	}
	if !reflect.DeepEqual(runs.Items[1].Results[0].PsaLines, first.Results[indexOf(first, cedarRidge)].PsaLines) {
		t.Fatalf("stored %+v, the run wrote %+v", runs.Items[1].Results[0].PsaLines, first.Results)
	}
	// Failed customers wrote nothing.
	var all api.UsageSyncRunList
	en.get("/partner/v1/psa/connectwise/usage-sync/runs", &all)
	for _, r := range all.Items[0].Results {
		if r.Status == api.SyncStatusFailed && len(r.PsaLines) != 0 {
			t.Fatalf("a failed result wrote %+v", r)
		}
	}
}

func indexOf(run *api.UsageSyncRun, customerID string) int {
	for i, r := range run.Results {
		if r.CustomerId == customerID {
			return i
		}
	}
	return -1
}
