package emulator

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// Helpers of the ConnectWise room's tests: calls with an API member's Basic keys and the
// clientId, as a ConnectWise client sends them.

// cwBase is the room's API root.
const cwBase = "/v4_6_release/apis/3.0"

// cwMember is an API member of the default seed.
type cwMember struct{ company, public, private, clientID string }

var (
	cwTerraform = cwMember{"northwindit", "NwTfPub3K8vQ1xZa", "emulator-cw-terraform-private-key", "9a4e2b7c-1d3f-4c8e-b5a6-7f0e2d9c1b38"}
	cwReadOnly  = cwMember{"northwindit", "NwRoPub5J2nWq8Yc", "emulator-cw-readonly-private-key", "9a4e2b7c-1d3f-4c8e-b5a6-7f0e2d9c1b38"}
)

func (m cwMember) headers(extra ...string) map[string]string {
	h := map[string]string{
		"Authorization":   "Basic " + base64.StdEncoding.EncodeToString([]byte(m.company+"+"+m.public+":"+m.private)),
		cw.ClientIDHeader: m.clientID,
	}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

// cwCall calls the room as m; path is below the API root unless it starts with /login.
func (en *env) cwCall(m cwMember, method, path string, body any, extra ...string) resp {
	en.t.Helper()
	if !strings.HasPrefix(path, "/login") {
		path = cwBase + path
	}
	return en.call(req{method: method, path: path, body: body, token: strp(""), partner: strp(""), headers: m.headers(extra...)})
}

// cwExpect calls the room as the Terraform member and fails unless the status is status.
func (en *env) cwExpect(status int, method, path string, body any, extra ...string) resp {
	en.t.Helper()
	r := en.cwCall(cwTerraform, method, path, body, extra...)
	if r.status != status {
		en.t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.body, status)
	}
	return r
}

// cwError decodes ConnectWise's error body and checks its code and that its text (message
// and field errors) holds every fragment.
func cwError(t *testing.T, r resp, code string, fragments ...string) cw.ErrorResponse {
	t.Helper()
	var e cw.ErrorResponse
	mustUnmarshal(t, r.body, &e)
	if e.Code != code {
		t.Errorf("code %q, want %q: %s", e.Code, code, r.body)
	}
	for _, f := range fragments {
		if !strings.Contains(string(r.body), f) {
			t.Errorf("%s lacks %q", r.body, f)
		}
	}
	return e
}

// cwList decodes a list answer.
func cwList[T any](t *testing.T, r resp) []T {
	t.Helper()
	var out []T
	mustUnmarshal(t, r.body, &out)
	return out
}

// ids are the ids of a list answer's records.
func ids(t *testing.T, r resp) []int {
	t.Helper()
	var recs []map[string]json.RawMessage
	mustUnmarshal(t, r.body, &recs)
	out := make([]int, 0, len(recs))
	for _, rec := range recs {
		var id int
		mustUnmarshal(t, rec["id"], &id)
		out = append(out, id)
	}
	return out
}
