package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// The default seed's Autotask API user for Terraform (README: the Autotask room); public,
// as the emulator's are.
const (
	atUser   = "terraform-api@northwindit.example"
	atSecret = "emulator-terraform-secret" //nolint:gosec // public credentials of a local emulator's seed
	atCode   = "NWTERRAFORMAUTOTASK8K3P"
)

// atEnv is a running emulator and a client of its Autotask room with the Terraform user.
type atEnv struct {
	t    *testing.T
	e    *Emulator
	http *http.Client
	// header are the authentication headers sent unless a call says otherwise.
	header map[string]string
}

func newAtEnv(t *testing.T, opts Options) *atEnv {
	t.Helper()
	e := StartForTest(t, opts)
	return &atEnv{t: t, e: e, http: &http.Client{Timeout: 30 * time.Second},
		header: map[string]string{at.HeaderUserName: atUser, at.HeaderSecret: atSecret, at.HeaderIntegrationCode: atCode}}
}

// call sends method to path below the emulator's Autotask API root ("V1.0/Companies/query"),
// or to an absolute URL; header entries override the authentication ("" drops one).
func (a *atEnv) call(method, path string, body any, header map[string]string) resp {
	a.t.Helper()
	r, err := a.try(method, path, body, header)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (a *atEnv) try(method, path string, body any, header map[string]string) (resp, error) {
	var rd io.Reader
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			b, err := json.Marshal(body)
			if err != nil {
				return resp{}, err
			}
			raw = string(b)
		}
		rd = bytes.NewReader([]byte(raw))
	}
	u := path
	if !strings.Contains(path, "://") {
		u = a.e.AutotaskURL() + path
	}
	hr, err := http.NewRequestWithContext(context.Background(), method, u, rd)
	if err != nil {
		return resp{}, err
	}
	for k, v := range a.header {
		hr.Header.Set(k, v)
	}
	for k, v := range header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	if rd != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	hresp, err := a.http.Do(hr)
	if err != nil {
		return resp{}, err
	}
	defer func() { _ = hresp.Body.Close() }()
	b, err := io.ReadAll(hresp.Body)
	return resp{status: hresp.StatusCode, header: hresp.Header, body: b}, err
}

// ok calls and expects 200, decoding the answer into v.
func (a *atEnv) ok(method, path string, body, v any) {
	a.t.Helper()
	r := a.call(method, path, body, nil)
	if r.status != http.StatusOK {
		a.t.Fatalf("%s %s: %d %s", method, path, r.status, r.body)
	}
	if v != nil {
		mustUnmarshal(a.t, r.body, v)
	}
}

// query POSTs q to entity's query and returns its first page.
func (a *atEnv) query(entity string, q at.Query) at.ListResponse[map[string]any] {
	a.t.Helper()
	var page at.ListResponse[map[string]any]
	a.ok(http.MethodPost, at.VersionPath+entity+at.QueryPath, q, &page)
	return page
}

// refused calls and expects status with Autotask's {"errors": [...]} naming every fragment.
func (a *atEnv) refused(status int, method, path string, body any, header map[string]string, fragments ...string) resp {
	a.t.Helper()
	r := a.call(method, path, body, header)
	if r.status != status {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	var e at.ErrorResponse
	mustUnmarshal(a.t, r.body, &e)
	if len(e.Errors) == 0 {
		a.t.Fatalf("%s %s: no errors in %s", method, path, r.body)
	}
	for _, f := range fragments {
		if !strings.Contains(strings.Join(e.Errors, " "), f) {
			a.t.Fatalf("%s %s: errors %q do not contain %q", method, path, e.Errors, f)
		}
	}
	return r
}

// all is a query's filter for every record.
func all() []at.Filter { return []at.Filter{{Op: at.OpGte, Field: "id", Value: 0}} }

// itemIDs are the ids of a page's items.
func itemIDs(items []map[string]any) []int64 {
	out := make([]int64, 0, len(items))
	for _, it := range items {
		f, _ := it["id"].(float64)
		out = append(out, int64(f))
	}
	return out
}
