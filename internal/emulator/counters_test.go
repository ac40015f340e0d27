package emulator

import (
	"net/http"
	"testing"
)

func TestCounters(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.e.ResetCounters()
	en.get(cmPath+alpineDental, nil)
	en.get(cmPath+bayside, nil)
	en.get("/partner/v1/psa/autotask/customer-mappings/"+bayside, nil)
	en.call(req{path: "/partner/v1/nothing"})
	en.call(req{method: http.MethodGet, path: "/_emulator/healthz"})
	want := map[string]int{
		"GET /partner/v1/psa/{psa}/customer-mappings/{customerId}": 3,
		"GET (unmatched)": 1,
	}
	got := en.e.Counters()
	if len(got) != len(want) {
		t.Fatalf("counters = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("counters = %v, want %v", got, want)
		}
	}
	// Faulted requests count too.
	en.e.InjectNext(InjectedFault{Kind: Fault503, PathPrefix: "/whoami"})
	en.call(req{path: "/whoami/v1"})
	if en.e.Counters()["GET /whoami/v1"] != 1 {
		t.Fatalf("faulted request not counted: %v", en.e.Counters())
	}
	// The admin API reads and resets them.
	var viaHTTP map[string]int
	r := en.call(req{path: "/_emulator/counters"})
	mustUnmarshal(t, r.body, &viaHTTP)
	if viaHTTP["GET /whoami/v1"] != 1 {
		t.Fatalf("admin counters = %s", r.body)
	}
	en.expect(http.StatusNoContent, req{method: http.MethodDelete, path: "/_emulator/counters"})
	if len(en.e.Counters()) != 0 {
		t.Fatalf("counters after reset = %v", en.e.Counters())
	}
}
