package emulator

import (
	"net/http"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestUsageSyncNow: POST /partner/v1/psa/{psa}/usage-sync runs the same pass as the admin
// API, stores each customer's lastSync, answers the counts, replays with its Idempotency-Key,
// and is refused with 409 while the PSA is not connected.
func TestUsageSyncNow(t *testing.T) {
	en := newEnv(t)
	const at = "/partner/v1/psa/autotask/"
	// One customer that can sync, one that cannot (term-billed, mapped in the console).
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "customer-mappings/" + alpineDental, body: `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`})
	if err := en.e.Admin().SetCustomerMapping(api.PsaAutotask, "9fec0185-9c96-4afa-a85a-88f670b3f6eb", api.CustomerMappingInput{CompanyId: 29682005, UsageSyncEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}

	key := map[string]string{"Idempotency-Key": "sync-now-1"}
	r := en.expect(http.StatusOK, req{method: http.MethodPost, path: at + "usage-sync", headers: key})
	var run api.UsageSyncRun
	mustUnmarshal(t, r.body, &run)
	if run.Psa != api.PsaAutotask || run.Successful != 1 || run.Failed != 1 || len(run.Results) != 2 {
		t.Fatalf("usage-sync = %s", r.body)
	}
	for _, res := range run.Results {
		if res.Status == api.SyncStatusFailed && (res.Error == nil || *res.Error == "") {
			t.Errorf("a failed result needs its reason: %+v", res)
		}
	}
	var m api.CustomerMapping
	en.get(at+"customer-mappings/"+alpineDental, &m)
	if m.LastSync == nil || m.LastSync.Status != api.SyncStatusSuccessful || !m.LastSync.At.Equal(run.At) {
		t.Fatalf("lastSync after the pass = %+v, want successful at %s", m.LastSync, run.At)
	}
	// A repeat with the same key is the first answer, not a second pass.
	again := en.expect(http.StatusOK, req{method: http.MethodPost, path: at + "usage-sync", headers: key})
	if string(again.body) != string(r.body) {
		t.Errorf("replay = %s, want %s", again.body, r.body)
	}
	results, err := en.e.Admin().SyncResults(api.PsaAutotask)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 {
		t.Errorf("want the 2 results of one pass, got %d", len(results))
	}

	if err := en.e.Admin().SetIntegrationStatus(api.PsaConnectwise, api.IntegrationStatusNotConfigured); err != nil {
		t.Fatal(err)
	}
	en.expectError(http.StatusConflict, "IntegrationNotConnected", req{method: http.MethodPost, path: "/partner/v1/psa/connectwise/usage-sync"}, "not connected")
	en.expectError(http.StatusBadRequest, "BadRequest", req{method: http.MethodPost, path: "/partner/v1/psa/halo/usage-sync"}, "unknown PSA")
}
