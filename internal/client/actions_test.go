package client_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// TestRefreshCustomerMapping: the refresh brings a company renamed in the PSA into the
// mapping, and a lost answer is retried with the same Idempotency-Key.
func TestRefreshCustomerMapping(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	const alpine = "29946c86-596b-4918-b186-dbe32c6a986b"
	usage := true
	if _, _, err := f.client.PutCustomerMapping(ctx, api.PsaAutotask, alpine, api.CustomerMappingInput{CompanyId: 29682002, ContractId: ptr(int64(29684001)), UsageSyncEnabled: &usage}, ""); err != nil {
		t.Fatal(err)
	}
	if err := f.emu.Admin().RenameCompany(api.PsaAutotask, 29682002, "Alpine Dental Group AG"); err != nil {
		t.Fatal(err)
	}
	f.emu.InjectNext(emulator.InjectedFault{Kind: "reset-after-commit", Method: http.MethodPost, PathPrefix: "/partner/v1/psa/autotask/customer-mappings/", Count: 1})
	m, etag, err := f.client.RefreshCustomerMapping(ctx, api.PsaAutotask, alpine)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if m.CompanyName == nil || *m.CompanyName != "Alpine Dental Group AG" || etag == "" {
		t.Fatalf("refreshed mapping = %+v (ETag %q), want the new company name and an ETag", m, etag)
	}
	keys := map[string]bool{}
	for _, h := range f.headers.matching("POST /partner/v1/psa/autotask/customer-mappings/" + alpine + "/refresh") {
		keys[h.Get("Idempotency-Key")] = true
	}
	if len(keys) != 1 || keys[""] {
		t.Fatalf("Idempotency-Keys sent: %v, want one non-empty key for every attempt", keys)
	}
}

// TestRunUsageSync: one pass with its counts; a PSA that is not connected is a 409.
func TestRunUsageSync(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	run, err := f.client.RunUsageSync(ctx, api.PsaConnectwise)
	if err != nil {
		t.Fatalf("usage sync: %v", err)
	}
	if run.Psa != api.PsaConnectwise || run.CustomersSynced+run.CustomersFailed != len(run.Results) {
		t.Fatalf("run = %+v", run)
	}
	if err := f.emu.Admin().SetIntegrationStatus(api.PsaAutotask, api.IntegrationStatusNotConfigured); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.RunUsageSync(ctx, api.PsaAutotask)
	if !client.IsIntegrationProblem(err) {
		t.Fatalf("usage sync of a PSA that is not connected: want the integration's 409, got %v", err)
	}
}
