package connectwise

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp/psahttptest"
)

func ptr[T any](v T) *T { return &v }

// TestCreateCatalogItem: POST with only what was set (a false flag included, nothing
// null), 201 with the stored record.
func TestCreateCatalogItem(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handlers["POST /procurement/catalog"] = func(w http.ResponseWriter, r *http.Request) {
		var in cw.CatalogItem
		_ = json.NewDecoder(r.Body).Decode(&in)
		in.ID = 321
		in.Info = cw.Info{cw.InfoLastUpdated: "2025-06-01T12:00:00Z"}
		writeJSON(w, http.StatusCreated, in)
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	got, err := c.CreateCatalogItem(context.Background(), cw.CatalogItem{
		Identifier: "Sophos_Intercept_X_Advanced", Description: "Intercept X Advanced", CustomerDescription: "Intercept X Advanced",
		Subcategory: &cw.Reference{ID: 14}, Type: &cw.Reference{ID: 3}, TaxableFlag: ptr(false), Price: ptr(4.5),
		ProductClass: ptr(cw.ProductClassNonInventory),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 321 || got.Info.LastUpdated() == "" {
		t.Errorf("created %+v", got)
	}
	body := f.body(0)
	for _, want := range []string{`"identifier":"Sophos_Intercept_X_Advanced"`, `"subcategory":{"id":14}`, `"taxableFlag":false`, `"productClass":"NonInventory"`} {
		if !strings.Contains(body, want) {
			t.Errorf("POST body lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, "null") || strings.Contains(body, `"id":0`) {
		t.Errorf("POST body sends nulls or a zero id: %s", body)
	}
}

// TestPatchSendsOnlyChangedPaths: PatchFor names only the fields that differ, references
// whole; PatchCatalogItem sends them with PATCH (never PUT) and reads the answer.
func TestPatchSendsOnlyChangedPaths(t *testing.T) {
	t.Parallel()
	have := cw.CatalogItem{ID: 5, Identifier: "A", Description: "old", Price: ptr(4.5), TaxableFlag: ptr(true),
		Subcategory: &cw.Reference{ID: 14, Name: "Security", Info: cw.Info{"subcategory_href": "x"}}, Info: cw.Info{cw.InfoLastUpdated: "t1"}}
	want := cw.CatalogItem{ID: 5, Identifier: "A", Description: "new", Price: ptr(4.50), TaxableFlag: ptr(false),
		// A reference read earlier carries an older _info: it is still the same reference.
		Subcategory: &cw.Reference{ID: 14, Info: cw.Info{"subcategory_href": "old"}}, Type: &cw.Reference{ID: 3}, Info: cw.Info{cw.InfoLastUpdated: "t0"}}
	ops, err := PatchFor(have, want)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ops)
	if got, exp := string(b), `[{"op":"replace","path":"description","value":"new"},{"op":"replace","path":"taxableFlag","value":false},{"op":"replace","path":"type","value":{"id":3}}]`; got != exp {
		t.Errorf("patch\n got %s\nwant %s", got, exp)
	}
	if ops, _ := PatchFor(have, have); len(ops) != 0 {
		t.Errorf("no change gave %v", ops)
	}

	f := newFake(t)
	var method string
	f.handlers["PATCH /procurement/catalog/5"] = func(w http.ResponseWriter, r *http.Request) {
		method = r.Method
		writeJSON(w, 200, cw.CatalogItem{ID: 5, Description: "new"})
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	got, err := c.PatchCatalogItem(context.Background(), 5, ops)
	if err != nil || got.Description != "new" || method != http.MethodPatch {
		t.Fatalf("PatchCatalogItem = %+v, %v (method %s)", got, err, method)
	}
	if f.body(0) != string(b) {
		t.Errorf("sent %s, want %s", f.body(0), b)
	}
	if _, err := c.PatchCatalogItem(context.Background(), 5, nil); !errors.Is(err, errNoOps) {
		t.Errorf("an empty patch: %v", err)
	}
}

// TestWritesAreNotRetriedBlindly: a POST or PATCH answered 503 is not repeated; the same
// 503 on a GET is.
func TestWritesAreNotRetriedBlindly(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	unavailable := func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 503, cw.ErrorResponse{Code: "Unavailable", Message: "try later"})
	}
	f.handlers["POST /procurement/catalog"] = unavailable
	f.handlers["PATCH /procurement/catalog/5"] = unavailable
	f.handlers["GET /procurement/catalog/5"] = unavailable
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase; cfg.MaxRetries = 2 })
	ctx := context.Background()
	_, errPost := c.CreateCatalogItem(ctx, cw.CatalogItem{Identifier: "x"})
	_, errPatch := c.PatchCatalogItem(ctx, 5, []cw.PatchOperation{{Op: cw.PatchReplace, Path: "description", Value: "d"}})
	_, errGet := c.GetCatalogItem(ctx, 5)
	for _, err := range []error{errPost, errPatch, errGet} {
		if statusOf(err) != 503 {
			t.Errorf("err = %v, want the 503", err)
		}
	}
	var methods []string
	for _, r := range f.seen() {
		methods = append(methods, r.Method)
	}
	if want := []string{"POST", "PATCH", "GET", "GET", "GET"}; !slices.Equal(methods, want) {
		t.Errorf("requests %v, want %v", methods, want)
	}
}

// TestDeleteCatalogItem: 204 deletes; 409 and 400 (an item in use) are an InUseError that
// says to retire it; 404 is IsNotFound.
func TestDeleteCatalogItem(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handlers["DELETE /procurement/catalog/1"] = func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
	f.handlers["DELETE /procurement/catalog/2"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 409, cw.ErrorResponse{Code: "Conflict", Message: "The record is possibly in use."})
	}
	f.handlers["DELETE /procurement/catalog/3"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 400, cw.ErrorResponse{Code: cw.ErrorCodeInvalidObject, Message: "Cannot delete: the product is used on agreements."})
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	ctx := context.Background()
	if err := c.DeleteCatalogItem(ctx, 1); err != nil {
		t.Errorf("delete: %v", err)
	}
	for _, id := range []int{2, 3} {
		err := c.DeleteCatalogItem(ctx, id)
		var inUse *InUseError
		if !errors.As(err, &inUse) || inUse.ID != id || !strings.Contains(err.Error(), "inactiveFlag") {
			t.Errorf("delete %d: %v, want an InUseError advising inactiveFlag", id, err)
		}
	}
	if err := c.DeleteCatalogItem(ctx, 4); !IsNotFound(err) {
		t.Errorf("delete of a missing item: %v", err)
	}
}

// TestThrottling: a 429 in ConnectWise's {error, message} shape pauses for its Retry-After
// and is repeated; when retries run out the error carries the message and the wait.
func TestThrottling(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	n := 0
	f.handlers["GET /procurement/catalog/count"] = func(w http.ResponseWriter, _ *http.Request) {
		n++
		if n <= 2 {
			w.Header().Set("Retry-After", "30")
			writeJSON(w, 429, cw.TooManyRequests{Error: cw.TooManyRequestsError, Message: "Too many requests. Please try again in 30 seconds."})
			return
		}
		writeJSON(w, 200, cw.Count{Count: 42})
	}
	c, clock := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase })
	got, err := c.CountCatalogItems(context.Background(), Field("inactiveFlag").Eq(Bool(false)))
	if err != nil || got != 42 {
		t.Fatalf("count = %d, %v", got, err)
	}
	if want := []time.Duration{30 * time.Second, 30 * time.Second}; !slices.Equal(clock.Slept(), want) {
		t.Errorf("waits %v, want %v", clock.Slept(), want)
	}

	n = -100
	c, _ = f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase; cfg.MaxRetries = 1 })
	_, err = c.CountCatalogItems(context.Background(), Condition{})
	var apiErr *APIError
	if !IsThrottled(err) || !errors.As(err, &apiErr) || apiErr.Code != "ConnectWiseAPI" || apiErr.RetryAfter != 30*time.Second {
		t.Fatalf("err = %v, want the 429 with its code and Retry-After", err)
	}
	for _, want := range []string{"Too many requests. Please try again in 30 seconds.", "1000 requests a minute", "30s"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
}

// TestValidationError: {code, message, errors[]} keeps each field's resource, field and
// message, and the error names them.
func TestValidationError(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handlers["POST /procurement/catalog"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 400, cw.ErrorResponse{Code: cw.ErrorCodeInvalidObject, Message: "catalogItem object is invalid",
			Errors: []cw.ValidationError{{Code: cw.ErrorCodeObjectExists, Message: "Identifier already in use.", Resource: "catalogItem", Field: "identifier"}}})
	}
	f.handlers["GET /procurement/catalog/9"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("<html>maintenance</html>"))
	}
	c, _ := f.client(t, func(cfg *Config) { cfg.Codebase = testCodebase; cfg.MaxRetries = 0 })
	_, err := c.CreateCatalogItem(context.Background(), cw.CatalogItem{Identifier: "dup"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || len(apiErr.Errors) != 1 || apiErr.Errors[0].Field != "identifier" || apiErr.Errors[0].Resource != "catalogItem" {
		t.Fatalf("err = %#v", err)
	}
	if want := "ConnectWise answered POST /procurement/catalog with HTTP 400 InvalidObject: catalogItem object is invalid; identifier: Identifier already in use. (ObjectExists)"; err.Error() != want {
		t.Errorf("error\n got %s\nwant %s", err, want)
	}
	_, err = c.GetCatalogItem(context.Background(), 9)
	if err == nil || !strings.Contains(err.Error(), "HTML page") {
		t.Errorf("an HTML 500: %v", err)
	}
}

// TestSecretsNeverReachTheLog: the private key, the clientId and the Basic credential are
// in no log line, though requests and answers are logged at TRACE.
func TestSecretsNeverReachTheLog(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.catalog = catalogOf(2)
	rec := &psahttptest.Log{}
	c, _ := f.client(t, func(cfg *Config) { cfg.Logger = rec })
	if _, err := c.ListCatalogItems(context.Background(), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	bad, _ := f.client(t, func(cfg *Config) { cfg.Logger = rec; cfg.PrivateKey = "another-private-key" })
	_, _ = bad.ListCatalogItems(context.Background(), ListOptions{})
	log := rec.String()
	if !strings.Contains(log, "ConnectWise API exchange") || !strings.Contains(log, "ITEM-0001") {
		t.Fatalf("the log lacks the exchange, so the test proves nothing:\n%s", log)
	}
	for _, secret := range []string{testPrivateKey, "another-private-key", testClientID, c.auth, strings.TrimPrefix(c.auth, "Basic "), strings.TrimPrefix(bad.auth, "Basic ")} {
		if strings.Contains(log, secret) {
			t.Errorf("the log shows %q", secret)
		}
	}
}
