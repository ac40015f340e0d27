package autotask

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp/psahttptest"
	atroom "github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
)

// TestZoneDiscoveryAndAuthentication: the zone is looked up once, without credentials, and
// every call then goes to the URL it returned with the four headers.
func TestZoneDiscoveryAndAuthentication(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityCompanies] = companies(3)
	c, _ := f.client(t, func(cfg *Config) { cfg.ImpersonationResourceID = "29682885" })
	for range 2 {
		got, err := c.QueryCompanies(context.Background(), at.Query{})
		if err != nil || len(got) != 3 {
			t.Fatalf("QueryCompanies = %d, %v", len(got), err)
		}
	}
	reqs := f.seen()
	if len(reqs) != 3 || !strings.HasPrefix(reqs[0], "GET "+strings.TrimPrefix(f.lookup.URL, "http://")+"/ATServicesRest/V1.0/zoneInformation?user=api-user%40example.com") {
		t.Fatalf("requests %v; want one zone lookup then two queries", reqs)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range []string{"ApiIntegrationCode", "UserName", "Secret", "ImpersonationResourceId"} {
		if f.headers[0].Get(h) != "" {
			t.Errorf("the zone lookup was sent %s", h)
		}
	}
	for i, want := range map[string]string{"ApiIntegrationCode": testCode, "UserName": testUser, "Secret": testSecret, "ImpersonationResourceId": "29682885", "Content-Type": "application/json"} {
		if got := f.headers[1].Get(i); got != want {
			t.Errorf("header %s = %q, want %q", i, got, want)
		}
	}
	if !strings.HasPrefix(reqs[1], "POST "+strings.TrimPrefix(f.zone.URL, "http://")+"/ATServicesRest/V1.0/Companies/query") {
		t.Errorf("query sent as %s", reqs[1])
	}
}

// TestZoneURLSkipsTheLookup and an unknown user is a ZoneLookupError naming username.
func TestZoneLookup(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, _ := f.client(t, func(cfg *Config) { cfg.ZoneURL = f.zone.URL + "/ATServicesRest" })
	if _, err := c.QueryCompanies(context.Background(), at.Query{}); err != nil {
		t.Fatal(err)
	}
	if reqs := f.seen(); len(reqs) != 1 || strings.Contains(reqs[0], "zoneInformation") {
		t.Errorf("with zone_url: %v", reqs)
	}
	c, _ = f.client(t, func(cfg *Config) { cfg.Username = "nobody@example.com" })
	_, err := c.QueryContracts(context.Background(), at.Query{})
	var zl *ZoneLookupError
	if !errors.As(err, &zl) || !strings.Contains(err.Error(), "AUTOTASK_USERNAME") || !strings.Contains(err.Error(), "Zone information could not be determined") {
		t.Fatalf("err = %v, want a ZoneLookupError naming username and Autotask's words", err)
	}
}

// TestQueryPagesPast500: 1,234 companies come in three pages of 500 following
// nextPageUrl; MaxRecords is 500 and id is among IncludeFields; the filter is applied as
// the emulator's evaluator reads it.
func TestQueryPagesPast500(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityCompanies] = companies(1851)
	c, _ := f.client(t)
	got, err := c.QueryCompanies(context.Background(), at.Query{Filter: []at.Filter{Eq("isActive", true)}, IncludeFields: []string{"companyName", "isActive"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1234 {
		t.Fatalf("%d companies, want the 1,234 active ones", len(got))
	}
	for _, co := range got {
		if co.ID == 0 || co.CompanyName == "" || co.IsActive == nil || !*co.IsActive {
			t.Fatalf("company %+v", co)
		}
	}
	reqs := f.seen()
	if len(reqs) != 1+3 || !strings.HasPrefix(reqs[1], "POST ") || !strings.HasPrefix(reqs[2], "GET ") || !strings.HasPrefix(reqs[3], "GET ") {
		t.Fatalf("requests %v; want the lookup, a POST query and two GETs of nextPageUrl", reqs)
	}
	var q at.Query
	f.mu.Lock()
	_ = json.Unmarshal([]byte(f.bodies[1]), &q)
	f.mu.Unlock()
	if q.MaxRecords != 500 || !slices.Equal(q.IncludeFields, []string{"id", "companyName", "isActive"}) {
		t.Errorf("query %+v", q)
	}
}

// TestNextPageElsewhereIsRefused: a nextPageUrl on another host gets no request (and so no
// credential).
func TestNextPageElsewhereIsRefused(t *testing.T) {
	t.Parallel()
	f, other := newFake(t), newFake(t)
	f.handlers["POST Contracts/query"] = func(w http.ResponseWriter, _ *http.Request) {
		next := other.zone.URL + zonePath + "V1.0/Contracts/query/next?from=1"
		writeJSON(w, 200, at.ListResponse[at.Contract]{Items: []at.Contract{{ID: 1}}, PageDetails: at.PageDetails{Count: 1, NextPageURL: &next}})
	}
	c, _ := f.client(t)
	if _, err := c.QueryContracts(context.Background(), at.Query{}); err == nil || !strings.Contains(err.Error(), "not on the zone's host") {
		t.Fatalf("err = %v", err)
	}
	if n := len(other.seen()); n != 0 {
		t.Errorf("the other host received %d requests", n)
	}
}

// TestGetCountPicklistsThreshold: GET by id ({"item"}), a missing id, count, picklists and
// the threshold information.
func TestGetCountPicklistsThreshold(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityContracts] = []atroom.MapRecord{{"id": float64(7), "contractName": "C", "status": float64(1)}}
	f.entities[at.EntityCompanies] = companies(10)
	f.handlers["GET Contracts/entityInformation/fields"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, at.EntityFields{Fields: []at.FieldInfo{{Name: "status", IsPickList: true, PicklistValues: []at.PicklistValue{
			{Value: "0", Label: "Inactive", IsActive: true}, {Value: "1", Label: "Active", IsActive: true}, {Value: "7", Label: "Terminated (custom)", IsActive: true}}}}})
	}
	f.handlers["GET ThresholdInformation"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, at.ThresholdInformation{ExternalRequestThreshold: 10000, RequestThresholdTimeframe: 60, CurrentTimeframeRequestCount: 42})
	}
	c, _ := f.client(t)
	ctx := context.Background()
	got, err := c.GetContract(ctx, 7)
	if err != nil || got.ContractName != "C" || *got.Status != 1 {
		t.Fatalf("GetContract = %+v, %v", got, err)
	}
	if _, err := c.GetContract(ctx, 8); !IsNotFound(err) {
		t.Errorf("a missing contract: %v", err)
	}
	n, err := c.Count(ctx, at.EntityCompanies, []at.Filter{Eq("isActive", false)})
	if err != nil || n != 4 {
		t.Errorf("Count = %d, %v; want 4", n, err)
	}
	fields, err := c.EntityFields(ctx, at.EntityContracts)
	if err != nil {
		t.Fatal(err)
	}
	pl, ok := Picklist(fields, "Status")
	if !ok || pl["7"].Label != "Terminated (custom)" {
		t.Errorf("picklist %v", pl)
	}
	th, err := c.ThresholdInformation(ctx)
	if err != nil || th.CurrentTimeframeRequestCount != 42 {
		t.Errorf("ThresholdInformation = %+v, %v", th, err)
	}
}

// TestErrors: each way Autotask refuses becomes an error that names the setting or the
// budget, never a raw 500; none of them is retried.
func TestErrors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		mod   func(*Config)
		reply func(http.ResponseWriter, *http.Request)
		check func(error) bool
		words []string
	}{
		"bad secret": {mod: func(c *Config) { c.Secret = "wrong" }, check: IsAuth, words: []string{"HTTP 401", "AUTOTASK_SECRET"}},
		"bad integration code": {mod: func(c *Config) { c.IntegrationCode = "WRONG" }, check: IsAuth,
			words: []string{"HTTP 500", "integration code is invalid", "AUTOTASK_INTEGRATION_CODE"}},
		"validation": {reply: func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, at.ErrorResponse{Errors: []string{"Unable to find contractNmae in the Contract Entity."}})
		}, check: func(err error) bool { return statusOf(err) == 500 && !IsAuth(err) && !IsThreshold(err) },
			words: []string{"Unable to find contractNmae", "reports refused requests as HTTP 500"}},
		"hourly threshold as 500": {reply: func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, at.ErrorResponse{Errors: []string{"API Threshold Exceeded: your database has exceeded its request threshold."}})
		}, check: IsThreshold, words: []string{"10000 requests per hour", "shared by every integration"}},
		"forbidden": {reply: func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 403, at.ErrorResponse{Errors: []string{"Forbidden"}})
		}, check: IsAuth, words: []string{"security level"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			if tc.reply != nil {
				f.handlers["POST Contracts/query"] = tc.reply
			}
			mods := []func(*Config){}
			if tc.mod != nil {
				mods = append(mods, tc.mod)
			}
			c, _ := f.client(t, mods...)
			_, err := c.QueryContracts(context.Background(), at.Query{})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error lacks %q: %v", w, err)
				}
			}
			if n := len(f.seen()); n != 2 {
				t.Errorf("%d requests, want the lookup and one refused query", n)
			}
		})
	}
}

// TestThrottling: a 429 waits its Retry-After and is repeated; the thread limit (a 500
// naming it) is repeated after a backoff; a 429 whose wait does not fit the budget fails at
// once with the threshold named.
func TestThrottling(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityServices] = []atroom.MapRecord{{"id": float64(1), "name": "Sophos MDR"}}
	n := 0
	f.handlers["POST Services/query"] = func(w http.ResponseWriter, _ *http.Request) {
		n++
		switch n {
		case 1:
			w.Header().Set("Retry-After", "20")
			writeJSON(w, 429, at.ErrorResponse{Errors: []string{"API Threshold Exceeded"}})
		case 2:
			writeJSON(w, 500, at.ErrorResponse{Errors: []string{"Thread Threshold Exceeded - The Autotask API thread threshold of 3 threads has been exceeded."}})
		default:
			delete(f.handlers, "POST Services/query")
			f.page(w, at.EntityServices, at.Query{Filter: []at.Filter{{Op: at.OpGte, Field: "id", Value: 0}}, MaxRecords: 500}, 0)
		}
	}
	c, clock := f.client(t, func(cfg *Config) { cfg.MinBackoff = time.Second })
	got, err := c.QueryServices(context.Background(), at.Query{})
	if err != nil || len(got) != 1 {
		t.Fatalf("QueryServices = %v, %v", got, err)
	}
	if want := []time.Duration{20 * time.Second, time.Second}; !slices.Equal(clock.Slept(), want) {
		t.Errorf("waits %v, want Retry-After, then the second attempt's backoff %v", clock.Slept(), want)
	}

	f.handlers["POST ServiceBundles/query"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, 429, at.ErrorResponse{Errors: []string{"API Threshold Exceeded"}})
	}
	_, err = c.QueryServiceBundles(context.Background(), at.Query{})
	if !IsThreshold(err) || !strings.Contains(err.Error(), "request budget") || !strings.Contains(err.Error(), "10000 requests per hour") {
		t.Fatalf("err = %v, want the budget and the hourly threshold named", err)
	}
}

// TestThreeConcurrentRequestsPerEndpoint: ten concurrent queries of one entity reach
// Autotask three at a time; another entity is not held up by them.
func TestThreeConcurrentRequestsPerEndpoint(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityCompanies] = companies(2)
	c, _ := f.client(t, func(cfg *Config) { cfg.ZoneURL = f.zone.URL + zonePath; cfg.PerEndpoint = 10 })
	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	t.Cleanup(release)
	f.mu.Lock()
	f.hold = hold
	f.mu.Unlock()
	errs := make(chan error, 10)
	for range 10 {
		go func() {
			_, err := c.QueryCompanies(context.Background(), at.Query{})
			errs <- err
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		f.mu.Lock()
		inFlight := f.inFlight[at.EntityCompanies]
		f.mu.Unlock()
		if inFlight == 3 && c.Queued(at.EntityCompanies) == 7 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %d in flight, %d queued", inFlight, c.Queued(at.EntityCompanies))
		}
		time.Sleep(time.Millisecond)
	}
	release()
	for range 10 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if most := f.most[at.EntityCompanies]; most != at.ThreadLimit {
		t.Errorf("at most %d requests ran at once, want %d", most, at.ThreadLimit)
	}
}

// TestSecretsNeverReachTheLog: the secret and the integration code are in no log line.
func TestSecretsNeverReachTheLog(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.entities[at.EntityCompanies] = companies(2)
	rec := &psahttptest.Log{}
	c, _ := f.client(t, func(cfg *Config) { cfg.Logger = rec })
	if _, err := c.QueryCompanies(context.Background(), at.Query{}); err != nil {
		t.Fatal(err)
	}
	bad, _ := f.client(t, func(cfg *Config) { cfg.Logger = rec; cfg.Secret = "another-secret" })
	_, _ = bad.QueryCompanies(context.Background(), at.Query{})
	log := rec.String()
	if !strings.Contains(log, "Autotask API exchange") || !strings.Contains(log, "Customer 0001") {
		t.Fatalf("the log lacks the exchange:\n%s", log)
	}
	for _, s := range []string{testSecret, "another-secret", testCode} {
		if strings.Contains(log, s) {
			t.Errorf("the log shows %q", s)
		}
	}
}

func TestConfigChecks(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		cfg  Config
		want string
	}{
		"missing":       {Config{Username: "u"}, "missing secret, integration_code"},
		"impersonation": {Config{Username: "u", Secret: "s", IntegrationCode: "c", ImpersonationResourceID: "bob"}, "not a resource id"},
		"zone http":     {Config{Username: "u", Secret: "s", IntegrationCode: "c", ZoneURL: "http://webservices5.autotask.net/ATServicesRest/"}, "plain http"},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}
