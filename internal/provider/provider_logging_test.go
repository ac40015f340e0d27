package provider

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// tokenRecorder sits between the provider and the emulator and remembers every access
// token the emulator issues or the provider sends.
type tokenRecorder struct {
	mu     sync.Mutex
	tokens map[string]bool
}

func (r *tokenRecorder) add(token string) {
	if token == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tokens == nil {
		r.tokens = map[string]bool{}
	}
	r.tokens[token] = true
}

func (r *tokenRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.tokens))
	for tk := range r.tokens {
		out = append(out, tk)
	}
	return out
}

func (r *tokenRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.add(strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, req)
		var tk struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &tk) == nil {
			r.add(tk.AccessToken)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// TestAccProvider_secretsNotLogged runs a create and a read with TRACE logging to files and
// checks that the logs show the API traffic but neither the client secret nor any access
// token.
func TestAccProvider_secretsNotLogged(t *testing.T) {
	e := testharness.Emulator(t)
	rec := &tokenRecorder{}
	srv := httptest.NewServer(rec.wrap(e.Handler()))
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	accLog := filepath.Join(dir, "acc.log")
	tfLog := filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", accLog)
	t.Setenv("TF_LOG_PATH", tfLog)

	// The secret comes from the environment, as recommended: the test framework itself logs
	// the configuration at TRACE, so a secret written there would be in the logs whatever
	// the provider does.
	creds := e.Credentials()
	t.Setenv(envClientID, creds.ClientID)
	t.Setenv(envClientSecret, creds.ClientSecret)
	acc.Test(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckConnectWiseProductsDestroyed(t, e),
		Steps: []acc.TestStep{{
			Config: testharness.NewConfig().
				Provider(testharness.Attrs{"auth_url": srv.URL, "api_url": srv.URL}).
				Data("sophos_customers", "all", nil).
				Resource("sophos_connectwise_product", "logged", testharness.Attrs{
					"identifier":  "TF-LOGGED",
					"description": "Written with TRACE logging",
					"subcategory": "Managed Services",
					"type":        "Service",
				}).
				String(),
			ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})

	var logs []byte
	for _, path := range []string{accLog, tfLog} {
		b, err := os.ReadFile(path) //nolint:gosec // a log file this test asked for in its own temp dir
		if err != nil && !os.IsNotExist(err) {
			t.Fatalf("reading %s: %v", path, err)
		}
		logs = append(logs, b...)
	}
	if len(logs) == 0 {
		t.Fatal("TRACE logging wrote nothing")
	}
	for _, evidence := range []string{"Sophos API request", "/partner/v1/tenants", "/partner/v1/psa/connectwise/products", "Sophos token request"} {
		if !bytes.Contains(logs, []byte(evidence)) {
			t.Errorf("the logs do not show %q; they should record the API traffic", evidence)
		}
	}
	if bytes.Contains(logs, []byte(creds.ClientSecret)) {
		t.Errorf("the client secret %q appears in the logs", creds.ClientSecret)
	}
	tokens := rec.all()
	if len(tokens) == 0 {
		t.Fatal("no access token was seen; the test cannot check that tokens are not logged")
	}
	for _, tk := range tokens {
		if bytes.Contains(logs, []byte(tk)) {
			t.Errorf("an access token appears in the logs")
		}
		// A token cut up by a log line would still leak its signature.
		if parts := strings.Split(tk, "."); len(parts) == 3 && bytes.Contains(logs, []byte(parts[2])) {
			t.Errorf("the signature of an access token appears in the logs")
		}
	}
}
