package emulator

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// firewallSeed is the default seed with a firewall product (synced only with the monthly
// invoice) that Alpine Dental Group uses.
func firewallSeed() *Seed {
	s := DefaultSeed()
	s.SophosProducts = append(s.SophosProducts, SeedSophosProduct{Identifier: "Sophos_Firewall_Xstream", Name: "Sophos Firewall Xstream Protection", HasUsage: ptr(true), SyncsWithInvoiceOnly: true})
	for i := range s.BillingProducts {
		if s.BillingProducts[i].ProductCode == "XGS1XSPMSP" {
			s.BillingProducts[i].SophosProduct = "Sophos_Firewall_Xstream"
		}
	}
	s.Partners[0].BillingUsage.Lines = append(s.Partners[0].BillingUsage.Lines, SeedBillingLine{CustomerID: alpineDental, ProductCode: "XGS1XSPMSP", Quantity: 2})
	return s
}

// TestUsageSyncRunsSendMappedUsage: a run sends each customer's usage rolled up to its
// Sophos products, only for products mapped with sync on, summed per product; firewall
// products only with the invoice; the history keeps every run, newest first.
func TestUsageSyncRunsSendMappedUsage(t *testing.T) {
	t.Parallel()
	en, clock := clockEnv(t, func(o *Options) { o.Seed = firewallSeed() })
	at := "/partner/v1/psa/autotask/"
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "customer-mappings/" + alpineDental, body: `{"companyId": 29682002, "contractId": 29684001, "usageSyncEnabled": true}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "customer-mappings/" + lakeview, body: `{"companyId": 29682009, "contractId": 29684008, "usageSyncEnabled": true}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "product-mappings/Sophos_Intercept_X_Advanced", body: `{"psaProductId": 29680001}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "product-mappings/Sophos_Email_Advanced", body: `{"psaProductId": 29680005, "syncEnabled": false}`})
	en.expect(http.StatusOK, req{method: http.MethodPut, path: at + "product-mappings/Sophos_Firewall_Xstream", body: `{"psaProductId": 29680002}`})
	adm := en.e.Admin()

	// Autotask syncs daily: firewall usage waits for the invoice.
	run, err := adm.SyncUsage(api.PsaAutotask)
	if err != nil {
		t.Fatal(err)
	}
	if run.Trigger != api.UsageSyncTriggerSchedule || run.Status != api.UsageSyncRunStatusPartial || run.CustomersSynced != 1 || run.CustomersFailed != 1 || run.Month != "2025-06" {
		t.Fatalf("run = %+v", run)
	}
	alpine, lake := run.Results[0], run.Results[1]
	wantLines := []api.UsageSyncLine{{SophosProduct: "Sophos_Intercept_X_Advanced", PsaProductId: 29680001, PsaProductIdentifier: strp("SOPHOS-IX-ADV"), Quantity: 42}}
	if alpine.CustomerId != alpineDental || alpine.Status != api.SyncStatusSuccessful || !reflect.DeepEqual(alpine.Lines, wantLines) ||
		*alpine.CompanyName != "Alpine Dental Group" || *alpine.ContractName != "Alpine Dental - Sophos MSP Flex" {
		t.Fatalf("Alpine = %+v (lines %+v)", alpine, alpine.Lines)
	}
	if lake.Status != api.SyncStatusFailed || len(lake.Lines) != 0 || lake.Error == nil {
		t.Fatalf("Lakeview = %+v", lake)
	}

	clock.Advance(time.Minute)
	invoice, err := adm.SyncUsageWithInvoice(api.PsaAutotask)
	if err != nil {
		t.Fatal(err)
	}
	wantLines = append([]api.UsageSyncLine{{SophosProduct: "Sophos_Firewall_Xstream", PsaProductId: 29680002, PsaProductIdentifier: strp("SOPHOS-IX-ADV-XDR"), Quantity: 2}}, wantLines...)
	if invoice.Trigger != api.UsageSyncTriggerInvoice || !reflect.DeepEqual(invoice.Results[0].Lines, wantLines) {
		t.Fatalf("invoice run = %+v (lines %+v)", invoice, invoice.Results[0].Lines)
	}

	var runs api.UsageSyncRunList
	en.get(at+"usage-sync/runs?pageTotal=true", &runs)
	if len(runs.Items) != 2 || runs.Items[0].Id != invoice.Id || runs.Items[1].Id != run.Id || *runs.Pages.Items != 2 ||
		!runs.Items[0].StartedAt.Equal(clock.Now()) || len(runs.Items[1].Results) != 2 {
		t.Fatalf("history = %+v", runs)
	}
	if !reflect.DeepEqual(runs.Items[1].Results[0].Lines, run.Results[0].Lines) {
		t.Fatalf("stored lines %+v, the run sent %+v", runs.Items[1].Results[0].Lines, run.Results[0].Lines)
	}
	var one api.UsageSyncRunList
	en.get(at+"usage-sync/runs?customerId="+lakeview, &one)
	if len(one.Items) != 2 || len(one.Items[0].Results) != 1 || one.Items[0].Results[0].CustomerId != lakeview {
		t.Fatalf("history of Lakeview = %+v", one)
	}
	en.get(at+"usage-sync/runs?customerId="+bayside, &one)
	if len(one.Items) != 0 {
		t.Fatalf("history of an unsynced customer = %+v", one)
	}
	en.expectError(http.StatusBadRequest, "BadRequest", req{path: at + "usage-sync/runs?customerId=nope"}, "customerId")
	// A withInvoice schedule makes every run the invoice run.
	en.get("/partner/v1/psa/connectwise/usage-sync/runs", &one)
	if len(one.Items) != 0 {
		t.Fatalf("ConnectWise history = %+v", one)
	}
	cw, err := adm.SyncUsage(api.PsaConnectwise)
	if err != nil || cw.Trigger != api.UsageSyncTriggerInvoice || cw.Status != api.UsageSyncRunStatusSuccessful {
		t.Fatalf("ConnectWise run = %+v, %v", cw, err)
	}
}
