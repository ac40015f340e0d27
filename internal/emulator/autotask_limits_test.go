package emulator

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// Autotask's limits: three requests at once per integration code and endpoint, and an
// hourly request threshold per database with latency from half of it.

func TestAutotaskThreadLimit(t *testing.T) {
	t.Parallel()
	a := newAtEnv(t, Options{})
	release := a.e.HoldAutotaskThreads(atCode, at.EntityContracts, at.ThreadLimit)
	a.refused(http.StatusTooManyRequests, http.MethodPost, at.VersionPath+"Contracts/query", at.Query{Filter: all()}, nil,
		"Thread Threshold Exceeded", "thread threshold of 3 threads")
	a.refused(http.StatusTooManyRequests, http.MethodGet, at.VersionPath+"CONTRACTS/29684001", nil, nil, "Thread Threshold Exceeded")
	// Another endpoint, another integration code and the zone lookup are not limited.
	a.query(at.EntityCompanies, at.Query{Filter: all()})
	sophos := map[string]string{at.HeaderUserName: "sophos-api@northwindit.example", at.HeaderSecret: "emulator-autotask-secret", at.HeaderIntegrationCode: "NWSOPHOSCENTRAL7Q2X"}
	if r := a.call(http.MethodPost, at.VersionPath+"Contracts/query", at.Query{Filter: all()}, sophos); r.status != http.StatusOK {
		t.Fatalf("another integration code: %d %s", r.status, r.body)
	}
	a.ok(http.MethodGet, at.ZoneInformationPath+"?user="+atUser, nil, nil)
	release()
	release() // twice is once
	a.query(at.EntityContracts, at.Query{Filter: all()})
	// A burst of another program: two requests refused, then the threads are free.
	left := a.e.HoldAutotaskThreadsFor(atCode, at.EntityServices, 2)
	for want := 1; want >= 0; want-- {
		a.refused(http.StatusTooManyRequests, http.MethodPost, at.VersionPath+"Services/query", at.Query{Filter: all()}, nil, "Thread Threshold Exceeded")
		if left() != want {
			t.Fatalf("%d refusals left, want %d", left(), want)
		}
	}
	a.query(at.EntityServices, at.Query{Filter: all()})
}

// TestAutotaskFourthConcurrentRequest: three requests in flight on one endpoint, the fourth
// is refused; the three finish.
func TestAutotaskFourthConcurrentRequest(t *testing.T) {
	t.Parallel()
	entered, proceed := make(chan struct{}, 8), make(chan struct{})
	sleep := func(ctx context.Context, _ time.Duration) bool {
		entered <- struct{}{}
		select {
		case <-proceed:
			return true
		case <-ctx.Done():
			return false
		}
	}
	a := newAtEnv(t, Options{Faults: Faults{Latency: time.Millisecond}, sleep: sleep})
	var wg sync.WaitGroup
	statuses := make([]int, at.ThreadLimit)
	for i := range at.ThreadLimit {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := a.try(http.MethodPost, at.VersionPath+"Companies/query", at.Query{Filter: all()}, nil)
			if err != nil {
				t.Error(err)
			}
			statuses[i] = r.status
		}()
	}
	for range at.ThreadLimit {
		<-entered // each request holds its thread in the latency
	}
	// The fourth is refused before it reaches the latency.
	a.refused(http.StatusTooManyRequests, http.MethodPost, at.VersionPath+"Companies/query", at.Query{Filter: all()}, nil, "thread threshold of 3")
	close(proceed)
	wg.Wait()
	if !slices.Equal(statuses, []int{200, 200, 200}) {
		t.Fatalf("the three requests in flight ended %v", statuses)
	}
}

func TestAutotaskHourlyThreshold(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	var mu sync.Mutex
	var delays []time.Duration
	sleep := func(_ context.Context, d time.Duration) bool {
		mu.Lock()
		defer mu.Unlock()
		delays = append(delays, d)
		return true
	}
	a := newAtEnv(t, Options{Now: clock.Now, sleep: sleep, AutotaskLimits: &AutotaskLimits{RequestThreshold: 4, UsageLatency: 10 * time.Millisecond}})
	for range 3 {
		a.query(at.EntityCompanies, at.Query{Filter: all()})
		clock.Advance(time.Minute)
	}
	var info at.ThresholdInformation
	a.ok(http.MethodGet, at.VersionPath+at.EntityThresholdInformation, nil, &info)
	if info != (at.ThresholdInformation{ExternalRequestThreshold: 4, RequestThresholdTimeframe: 60, CurrentTimeframeRequestCount: 4}) {
		t.Errorf("threshold information = %+v", info)
	}
	// Latency from half the threshold (the 2nd request), twice from three quarters.
	if !slices.Equal(delays, []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 20 * time.Millisecond}) {
		t.Errorf("latency added = %v", delays)
	}
	r := a.refused(http.StatusTooManyRequests, http.MethodPost, at.VersionPath+"Contracts/query", at.Query{Filter: all()}, nil,
		"API Threshold Exceeded", "4 requests in the last 60 minutes", "all of its integrations share")
	// The first request of the hour leaves the window 57 minutes from now.
	if r.header.Get("Retry-After") != "3420" {
		t.Errorf("Retry-After %q, want 3420", r.header.Get("Retry-After"))
	}
	// Every integration of the database is refused: Sophos's user too.
	sophos := map[string]string{at.HeaderUserName: "sophos-api@northwindit.example", at.HeaderSecret: "emulator-autotask-secret", at.HeaderIntegrationCode: "NWSOPHOSCENTRAL7Q2X"}
	a.refused(http.StatusTooManyRequests, http.MethodGet, at.VersionPath+at.EntityThresholdInformation, nil, sophos, "API Threshold Exceeded")
	clock.Advance(57 * time.Minute)
	a.query(at.EntityCompanies, at.Query{Filter: all()})
	if threshold, used := a.e.AutotaskUsage(); threshold != 4 || used != 4 {
		t.Errorf("usage = %d of %d", used, threshold)
	}
	// The admin API raises it.
	en := &env{t: t, e: a.e, http: http.DefaultClient}
	en.expect(http.StatusOK, req{method: http.MethodPut, path: "/_emulator/autotask/limits", body: `{"requestThreshold": 100, "usageLatency": "0s"}`})
	a.query(at.EntityCompanies, at.Query{Filter: all()})
	var limits struct {
		RequestThreshold             int    `json:"requestThreshold"`
		UsageLatency                 string `json:"usageLatency"`
		CurrentTimeframeRequestCount int    `json:"currentTimeframeRequestCount"`
	}
	en.get("/_emulator/autotask/limits", &limits)
	if limits.RequestThreshold != 100 || limits.UsageLatency != "0s" || limits.CurrentTimeframeRequestCount != 5 {
		t.Errorf("admin limits = %+v", limits)
	}
	en.expect(http.StatusBadRequest, req{method: http.MethodPut, path: "/_emulator/autotask/limits", body: `{"requestThreshold": -1}`})
	en.expect(http.StatusOK, req{method: http.MethodDelete, path: "/_emulator/autotask/usage"})
	if _, used := a.e.AutotaskUsage(); used != 0 {
		t.Errorf("after the reset, %d requests", used)
	}
}
