package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestCustomerMappingCache: many concurrent checks cost one listing per PSA; the asking
// customer and forgotten customers are never reported; a PSA is listed on its own.
func TestCustomerMappingCache(t *testing.T) {
	ctx := context.Background()
	e := testharness.Emulator(t)
	setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, false)
	cache := newCustomerMappingCache(testharness.Client(t, e, testharness.FastRetries))

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			other, err := cache.mappedTo(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, map[string]bool{seedCustomerKestrel: true})
			switch {
			case err != nil:
				errs <- err
			case other == nil || other.id != seedCustomerBayside || other.name != "Bayside Legal LLP":
				errs <- fmt.Errorf("want customer Bayside Legal LLP (%s) reported, got %+v", seedCustomerBayside, other)
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

	if other, err := cache.mappedTo(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, map[string]bool{seedCustomerBayside: true}); err != nil || other != nil {
		t.Errorf("a customer must not conflict with itself, got %+v, %v", other, err)
	}
	if other, err := cache.mappedTo(ctx, api.PsaAutotask, seedATCompanyAlpine, seedATContractAlpine, map[string]bool{seedCustomerKestrel: true}); err != nil || other != nil {
		t.Errorf("an unmapped contract must not conflict, got %+v, %v", other, err)
	}
	cache.forget(api.PsaAutotask, seedCustomerBayside)
	if other, err := cache.mappedTo(ctx, api.PsaAutotask, seedATCompanyBayside, seedATContractBayside, map[string]bool{seedCustomerKestrel: true}); err != nil || other != nil {
		t.Errorf("a forgotten customer must not conflict, got %+v, %v", other, err)
	}
	if n := e.Counters()[listCustomerMappingsRoute]; n != 1 {
		t.Errorf("the Autotask mappings were listed %d times, want once", n)
	}
	if _, err := cache.mappedTo(ctx, api.PsaConnectwise, seedCWCompanyCedarRidge, seedCWAgreementCedarRidge, map[string]bool{seedCustomerKestrel: true}); err != nil {
		t.Fatal(err)
	}
	if n := e.Counters()[listCustomerMappingsRoute]; n != 2 {
		t.Errorf("after a ConnectWise check the mappings were listed %d times, want twice (once per PSA)", n)
	}
}
