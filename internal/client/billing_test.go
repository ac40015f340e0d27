package client_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// billingLine is a billing line with a product code of its position.
func billingLine(i int) map[string]any {
	return map[string]any{"productCode": "P" + strconv.Itoa(i), "billableQuantity": i}
}

// queryLog records the query of every API request.
type queryLog struct {
	mu      sync.Mutex
	queries []string
}

func (l *queryLog) add(q string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queries = append(l.queries, q)
}

func (l *queryLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.queries...)
}

// TestBillingFollowsPageKeys: the reader follows pages.nextKey with pageFromKey and asks
// for the page size the service says it allows, from the second page on.
func TestBillingFollowsPageKeys(t *testing.T) {
	t.Parallel()
	log := &queryLog{}
	srv := misbehavingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/partner/v1/billing/usage/2025/6" {
			http.NotFound(w, r)
			return
		}
		log.add(r.URL.RawQuery)
		start := 0
		if k := r.URL.Query().Get("pageFromKey"); k != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(k, "k"))
		}
		size := 2
		if s := r.URL.Query().Get("pageSize"); s != "" {
			size, _ = strconv.Atoi(s)
		}
		var items []map[string]any
		for i := start; i < min(start+size, 7); i++ {
			items = append(items, billingLine(i))
		}
		pages := map[string]any{"size": size, "maxSize": 3}
		if start+size < 7 {
			pages["nextKey"] = "k" + strconv.Itoa(start+size)
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items, "pages": pages})
	})
	c, _ := misbehavingClient(t, srv)
	report, err := c.GetBillingUsage(context.Background(), 2025, 6)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Items) != 7 || !report.Found || report.Pages != 3 {
		t.Fatalf("%d lines in %d pages (found %t), want 7 in 3", len(report.Items), report.Pages, report.Found)
	}
	for i, it := range report.Items {
		if it.ProductCode != "P"+strconv.Itoa(i) {
			t.Fatalf("line %d is %s", i, it.ProductCode)
		}
	}
	q := log.all()
	if strings.Contains(q[0], "pageSize") || !strings.Contains(q[1], "pageFromKey=k2") || !strings.Contains(q[1], "pageSize=3") || !strings.Contains(q[2], "pageFromKey=k5") {
		t.Fatalf("queries %q", q)
	}
}

// TestBillingFallsBackToPageNumbers: a service that pages by number is read by number.
func TestBillingFallsBackToPageNumbers(t *testing.T) {
	t.Parallel()
	srv := misbehavingServer(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{billingLine(page)}, "pages": map[string]any{"current": page, "total": 3, "size": 1, "maxSize": 1}})
	})
	c, _ := misbehavingClient(t, srv)
	report, err := c.GetBillingUsage(context.Background(), 2025, 6)
	if err != nil || len(report.Items) != 3 || report.Items[2].ProductCode != "P3" {
		t.Fatalf("report %+v, %v", report, err)
	}
}

// TestBillingMisbehaviour: a 404 is a month without a report; a page key sent twice and an
// answer without items are errors, never an empty or endless report.
func TestBillingMisbehaviour(t *testing.T) {
	t.Parallel()
	notFound := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "NotFound", "message": "no billing data", "correlationId": "c", "requestId": "r", "createdAt": "2025-06-01T00:00:00Z"})
	})
	c, _ := misbehavingClient(t, notFound)
	report, err := c.GetBillingUsage(context.Background(), 2019, 1)
	if err != nil || report.Found || len(report.Items) != 0 {
		t.Fatalf("404: report %+v, %v", report, err)
	}
	loop := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{billingLine(1)}, "pages": map[string]any{"nextKey": "same", "size": 1, "maxSize": 1}})
	})
	c, _ = misbehavingClient(t, loop)
	if _, err := c.GetBillingUsage(context.Background(), 2025, 6); err == nil || !strings.Contains(err.Error(), `page key "same" twice`) {
		t.Fatalf("a repeated page key: %v", err)
	}
	noItems := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"pages": map[string]any{"size": 1}})
	})
	c, _ = misbehavingClient(t, noItems)
	if _, err := c.GetBillingUsage(context.Background(), 2025, 6); err == nil || !strings.Contains(err.Error(), `"items" is missing`) {
		t.Fatalf("an answer without items: %v", err)
	}
	noCode := misbehavingServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"items": []any{map[string]any{"billableQuantity": 1}}})
	})
	c, _ = misbehavingClient(t, noCode)
	if _, err := c.GetBillingUsage(context.Background(), 2025, 6); err == nil || !strings.Contains(err.Error(), "productCode") {
		t.Fatalf("a line without productCode: %v", err)
	}
}

// TestBillingAgainstTheEmulator reads a month with thousands of lines.
func TestBillingAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	total, err := f.emu.Admin().SynthesizeUsage(2500)
	if err != nil {
		t.Fatal(err)
	}
	f.emu.ResetCounters()
	report, err := f.client.GetBillingUsage(context.Background(), 2025, 1)
	if err != nil {
		t.Fatal(err)
	}
	// 100 on the first page, then 1000 a page.
	if len(report.Items) != total || report.Pages != 4 {
		t.Fatalf("%d lines in %d pages, want %d in 4", len(report.Items), report.Pages, total)
	}
	if n := f.emu.Counters()["GET /partner/v1/billing/usage/{year}/{month}"]; n != 4 {
		t.Fatalf("%d requests, want 4", n)
	}
	products, err := f.client.ListSophosProducts(context.Background())
	if err != nil || len(products) != len(emulator.DefaultSeed().SophosProducts) {
		t.Fatalf("%d Sophos products, %v", len(products), err)
	}
	if _, _, err := f.client.GetIntegration(context.Background(), api.PsaAutotask); err != nil {
		t.Fatal(err)
	}
}
