package client_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// terraformParallelism is Terraform's default number of concurrent operations.
const terraformParallelism = 10

// mappedCustomers starts an emulator with n usage-billed customers, each mapped to its
// company and contract in Autotask with usage sync on, and returns their ids.
func mappedCustomers(b *testing.B, n int, opts emulator.Options) (*emulator.Emulator, *client.Client, []string) {
	b.Helper()
	emu := emulator.StartForTest(b, opts)
	res, err := emu.Admin().SynthesizeResult(emulator.SynthOptions{Customers: n})
	if err != nil {
		b.Fatal(err)
	}
	c := testharness.Client(b, emu, func(c *client.Config) { c.MaxRetries = 5 })
	ctx := context.Background()
	contracts, err := c.ListPSAContracts(ctx, api.PsaAutotask, client.ContractQuery{})
	if err != nil {
		b.Fatal(err)
	}
	byCompany := map[int64]int64{}
	for _, ct := range contracts {
		byCompany[ct.CompanyId] = ct.Id
	}
	companies, err := c.ListPSACompanies(ctx, api.PsaAutotask, client.CompanyQuery{Search: "Synth Customer"})
	if err != nil {
		b.Fatal(err)
	}
	byName := map[string]int64{}
	for _, co := range companies {
		byName[co.Name] = co.Id
	}
	tenants, err := c.ListTenants(ctx)
	if err != nil {
		b.Fatal(err)
	}
	names := map[string]string{}
	for _, tn := range tenants {
		names[tn.Id] = tn.Name
	}
	on := true
	for _, id := range res.Customers {
		company := byName[names[id]]
		contract := byCompany[company]
		if _, _, err := c.PutCustomerMapping(ctx, api.PsaAutotask, id, api.CustomerMappingInput{CompanyId: company, ContractId: &contract, UsageSyncEnabled: &on}, ""); err != nil {
			b.Fatalf("mapping %s: %v", id, err)
		}
	}
	return emu, c, res.Customers
}

// refresh reads every mapping the way Terraform refreshes resources: one read per
// resource, terraformParallelism at a time.
func refresh(b *testing.B, c *client.Client, ids []string) {
	b.Helper()
	work := make(chan string)
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for range terraformParallelism {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if _, _, err := c.GetCustomerMapping(context.Background(), api.PsaAutotask, id); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// BenchmarkRefresh1000CustomerMappings is one refresh of 1,000 customer mappings. Target:
// well under 10 s per op on 2 cores (seconds, not minutes).
func BenchmarkRefresh1000CustomerMappings(b *testing.B) {
	emu, c, ids := mappedCustomers(b, 1000, emulator.Options{})
	emu.ResetCounters()
	b.ResetTimer()
	for b.Loop() {
		refresh(b, c, ids)
	}
	b.StopTimer()
	b.ReportMetric(float64(emu.Counters()["GET /partner/v1/psa/{psa}/customer-mappings/{customerId}"])/float64(b.N), "requests/op")
}

// BenchmarkRefresh1000CustomerMappingsRateLimited is the same refresh against an API that
// allows 200 requests per second: the client must finish without failing, retrying throttled
// requests after Retry-After. "throttled/op" counts the 429 answers.
func BenchmarkRefresh1000CustomerMappingsRateLimited(b *testing.B) {
	emu, _, ids := mappedCustomers(b, 1000, emulator.Options{})
	emu.SetFaults(emulator.Faults{RateLimit: 200})
	counter := &statusCounter{rt: http.DefaultTransport}
	c := testharness.Client(b, emu, func(c *client.Config) { c.MaxRetries, c.HTTPClient = 10, &http.Client{Transport: counter} })
	b.ResetTimer()
	for b.Loop() {
		refresh(b, c, ids)
	}
	b.StopTimer()
	b.ReportMetric(float64(counter.throttled.Load())/float64(b.N), "throttled/op")
}

// statusCounter counts 429 answers.
type statusCounter struct {
	rt        http.RoundTripper
	throttled atomic.Int64
}

func (s *statusCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		s.throttled.Add(1)
	}
	return resp, err
}

// BenchmarkListCustomerMappings1000 reads the whole customer table (the data source
// sophos_psa_customer_mappings) of 1,000 customers: 10 pages of 100.
func BenchmarkListCustomerMappings1000(b *testing.B) {
	_, c, _ := mappedCustomers(b, 1000, emulator.Options{})
	b.ResetTimer()
	for b.Loop() {
		items, err := c.ListCustomerMappings(context.Background(), api.PsaAutotask, client.CustomerMappingQuery{})
		if err != nil {
			b.Fatal(err)
		}
		if len(items) < 1000 {
			b.Fatalf("listed %d mappings", len(items))
		}
	}
}
