package emulator

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// Helpers of the tests of what a usage sync writes into the PSAs: the lines read back
// through the PSAs' own APIs (the ConnectWise and Autotask rooms), as a PSA client reads them.

// Customers of the reconciliation month (seed/reconciliation.go) the helpers above lack.
const (
	harborline = "737494b5-d866-4eac-bad6-3b57731f1122"
	kestrel    = "5546763d-f9ed-468f-a4a9-f882cc18d35c"
	meridian   = "9aba8575-de04-40a1-a58a-2c42ff9c23ba"
	pinnacle   = "5359fa53-b0f4-4e72-b591-8d43d4ff69e6"
	summit     = "1dbcf79e-6e1a-4361-a536-bee1e6403f4b"
	tidewater  = "08f36335-4555-4420-b233-c0b5e42d73d7"
)

// reconciliationEnv is the reconciliation month's emulator on the test clock (2025-06).
func reconciliationEnv(t *testing.T) (*env, *fakeClock) {
	t.Helper()
	return clockEnv(t, func(o *Options) { o.Seed = ReconciliationSeed() })
}

// additions lists an agreement's additions through the ConnectWise room.
func (en *env) additions(agreementID int64) []cw.Addition {
	en.t.Helper()
	return cwList[cw.Addition](en.t, en.cwExpect(http.StatusOK, http.MethodGet, fmt.Sprintf("/finance/agreements/%d/additions?pageSize=1000", agreementID), nil))
}

// autotask is a client of the emulator's Autotask room with the Terraform API user.
func (en *env) autotask() *atEnv {
	return &atEnv{t: en.t, e: en.e, http: en.http,
		header: map[string]string{at.HeaderUserName: atUser, at.HeaderSecret: atSecret, at.HeaderIntegrationCode: atCode}}
}

// atQuery reads every record of entity whose field equals value through the Autotask room.
func atQuery[T any](en *env, entity, field string, value int64) []T {
	en.t.Helper()
	var page at.ListResponse[T]
	en.autotask().ok(http.MethodPost, at.VersionPath+entity+at.QueryPath, at.Query{Filter: []at.Filter{{Op: at.OpEq, Field: field, Value: value}}}, &page)
	if page.PageDetails.NextPageURL != nil {
		en.t.Fatalf("%s of %s %d: more than a page", entity, field, value)
	}
	return page.Items
}

// contractServices lists a contract's services.
func (en *env) contractServices(contractID int64) []at.ContractService {
	return atQuery[at.ContractService](en, at.EntityContractServices, "contractID", contractID)
}

// units lists a contract service's units records, by id.
func (en *env) units(contractServiceID int64) []at.ContractServiceUnit {
	return atQuery[at.ContractServiceUnit](en, at.EntityContractServiceUnits, "contractServiceID", contractServiceID)
}

// monthUnits is a contract service's units record of the month starting on first
// (YYYY-MM-DD); nil when it has none.
func (en *env) monthUnits(contractServiceID int64, first string) *at.ContractServiceUnit {
	en.t.Helper()
	var found *at.ContractServiceUnit
	for _, u := range en.units(contractServiceID) {
		if u.StartDate != nil && len(*u.StartDate) >= 10 && (*u.StartDate)[:10] == first {
			if found != nil {
				en.t.Fatalf("contract service %d has two units records from %s", contractServiceID, first)
			}
			found = &u
		}
	}
	return found
}

// sync runs a usage-sync pass of psa and returns the result of customerID.
func (en *env) sync(psa api.Psa, customerID string) (*api.UsageSyncRun, api.UsageSyncCustomerResult) {
	en.t.Helper()
	run, err := en.e.Admin().SyncUsage(psa)
	if err != nil {
		en.t.Fatal(err)
	}
	for _, r := range run.Results {
		if r.CustomerId == customerID {
			return run, r
		}
	}
	en.t.Fatalf("the %s run has no result for %s: %+v", psa, customerID, run.Results)
	return nil, api.UsageSyncCustomerResult{}
}

// moreUsage bills a customer quantity more of a code every month, and moves the clock on a
// minute (the next pass is a later one).
func (en *env) moreUsage(clock *fakeClock, customerID, code string, quantity float64) {
	en.t.Helper()
	if err := en.e.Admin().AddBillingUsage(SeedBillingLine{CustomerID: customerID, ProductCode: code, Quantity: quantity}); err != nil {
		en.t.Fatal(err)
	}
	clock.Advance(time.Minute)
}

// firstOfMonth is the first day of the clock's month, as Autotask's units periods start.
func firstOfMonth(c *fakeClock) string {
	now := c.Now()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func derefF(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
