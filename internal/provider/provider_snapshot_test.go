package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAPISnapshot: many concurrent lookups cost one listing per PSA; the asking customer is
// never its own holder; writes of this process are seen and marked; a dropped row is read
// again with its own GET; each PSA is listed on its own.
func TestAPISnapshot(t *testing.T) {
	ctx := context.Background()
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, false)
	c := testharness.Client(t, e, testharness.FastRetries)
	s := newAPISnapshot(c, integrationDirectories(c))
	kestrel := map[string]bool{customerKey(seedCustomerKestrel): true}

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			holder, byThisRun, err := s.customerHolding(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, kestrel)
			switch {
			case err != nil:
				errs <- err
			case holder == nil || holder.CustomerId != seedCustomerBayside || holder.CustomerName != "Bayside Legal LLP" || byThisRun:
				errs <- fmt.Errorf("want customer Bayside Legal LLP (%s) reported as found in the API, got %+v (by this run: %t)", seedCustomerBayside, holder, byThisRun)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := e.Counters()[listCustomerMappingsRoute]; n != 1 {
		t.Errorf("50 concurrent checks listed the customer mappings %d times, want once", n)
	}
	if holder, _, err := s.customerHolding(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, map[string]bool{customerKey(seedCustomerBayside): true}); err != nil || holder != nil {
		t.Errorf("a customer must not hold its own contract against itself, got %+v, %v", holder, err)
	}

	// A write of this process is seen, and marked as this run's.
	m, _, err := s.customerMapping(ctx, api.PsaAutotask, seedCustomerAlpine, false)
	if err != nil {
		t.Fatal(err)
	}
	written := *m
	written.Mapped, written.CompanyId, written.ContractId = true, ptrTo(int64(seedATCompanyAlpine)), ptrTo(int64(seedATContractAlpine))
	s.customerMappingsOf(api.PsaAutotask).put(written)
	if holder, byThisRun, err := s.customerHolding(ctx, api.PsaAutotask, seedATCompanyAlpine, seedATContractAlpine, kestrel); err != nil || holder == nil || !byThisRun {
		t.Errorf("want this run's write reported as this run's, got %+v, %t, %v", holder, byThisRun, err)
	}

	// A dropped row is read again with its own GET, and never reported as a holder.
	s.customerMappingsOf(api.PsaAutotask).drop(customerKey(seedCustomerBayside))
	if holder, _, err := s.customerHolding(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, kestrel); err != nil || holder != nil {
		t.Errorf("a dropped customer must not hold a contract, got %+v, %v", holder, err)
	}
	e.ResetCounters()
	if m, _, err := s.customerMapping(ctx, api.PsaAutotask, seedCustomerBayside, true); err != nil || !m.Mapped {
		t.Errorf("want Bayside's mapping read again, got %+v, %v", m, err)
	}
	if n := e.Counters()["GET /partner/v1/psa/{psa}/customer-mappings/{customerId}"]; n != 1 {
		t.Errorf("a dropped row was read with %d GETs, want 1", n)
	}

	// An upper-case id finds the same row.
	e.ResetCounters()
	if _, _, err := s.customerMapping(ctx, api.PsaAutotask, "29946C86-596B-4918-B186-DBE32C6A986B", false); err != nil {
		t.Fatal(err)
	}
	if n := len(e.Counters()); n != 0 {
		t.Errorf("an upper-case id was not found in the snapshot: %v", e.Counters())
	}

	if _, _, err := s.customerHolding(ctx, api.PsaConnectwise, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, kestrel); err != nil {
		t.Fatal(err)
	}
	if n := e.Counters()[listCustomerMappingsRoute]; n != 1 {
		t.Errorf("after a ConnectWise check the mappings were listed %d more times, want once (once per PSA)", n)
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestAPISnapshotCatalogReference: the reference data is read once however many plans ask
// at once, and a failed read is not kept.
func TestAPISnapshotCatalogReference(t *testing.T) {
	ctx := context.Background()
	e := testharness.Emulator(t)
	c := testharness.Client(t, e, testharness.FastRetries)
	s := newAPISnapshot(c, integrationDirectories(c))
	const route = "GET /partner/v1/psa/connectwise/catalog-reference"

	e.InjectNext(emulator.InjectedFault{Kind: emulator.Fault500, PathPrefix: "/partner/v1/psa/connectwise/catalog-reference", Count: 50})
	if _, err := s.catalogReference(ctx); err == nil {
		t.Fatal("want the failed read's error")
	}
	e.ClearInjected()
	e.ResetCounters()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if ref, err := s.catalogReference(ctx); err != nil || len(ref.Categories) == 0 {
				t.Errorf("reference data: %v, %v", ref, err)
			}
		})
	}
	wg.Wait()
	if n := e.Counters()[route]; n != 1 {
		t.Errorf("20 concurrent plans read the reference data %d times, want once", n)
	}
}
