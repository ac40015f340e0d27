package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	atclient "github.com/psa-iac/terraform-provider-sophos/internal/client/autotask"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
)

// TestPSAAPIErrorsShareOneWording: an error of either PSA's own API is worded by one scheme:
// a host that does not answer is final for the run in both, summarised "<PSA> API not
// usable", explained in full once (the PSA, the provider's block, the error, what to check)
// and referred to by the next error; an answer about one object is not final and is
// explained each time.
func TestPSAAPIErrorsShareOneWording(t *testing.T) {
	unreachable := errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	for _, tc := range []struct {
		psa             api.Psa
		unreachable     error
		aboutOne        error
		advice, oneText string
	}{
		{api.PsaConnectwise, (&connectWiseDirectory{}).wrap(unreachable),
			(&connectWiseDirectory{}).wrap(&cwclient.APIError{Method: "GET", Path: "/company/companies/9", StatusCode: 404, Code: "NotFound"}),
			"Check the connectwise block: site (CONNECTWISE_SITE)", "answered HTTP 404 NotFound"},
		{api.PsaAutotask, (&autotaskDirectory{}).failed(unreachable),
			(&autotaskDirectory{}).failed(&atclient.APIError{Method: "POST", Path: "/ATServicesRest/V1.0/Contracts/query", StatusCode: 500, Errors: []string{"no"}}),
			"Check that autotask.zone_url", "Autotask answered POST /ATServicesRest/V1.0/Contracts/query with HTTP 500"},
	} {
		t.Run(string(tc.psa), func(t *testing.T) {
			p := newProviderData(nil, nil)
			name := tc.psa.DisplayName()
			first := p.apiError("read", "PSA company", "company A", tc.unreachable, "")
			second := p.apiError("read", "PSA company", "company B", tc.unreachable, "")
			if first.Summary() != name+" API not usable" || second.Summary() != first.Summary() {
				t.Errorf("summaries %q, %q; want %q for both", first.Summary(), second.Summary(), name+" API not usable")
			}
			for _, w := range []string{"Could not read company A in " + name + " through its own API (the provider's " + string(tc.psa) + " block)",
				"connection refused", tc.advice} {
				if !strings.Contains(first.Detail(), w) {
					t.Errorf("the first error lacks %q:\n%s", w, first.Detail())
				}
			}
			if d := second.Detail(); !strings.Contains(d, "Not done for company B") || !strings.Contains(d, "as the first error of this run about "+name) ||
				strings.Contains(d, "connection refused") {
				t.Errorf("the second error does not refer to the first:\n%s", d)
			}
			for _, object := range []string{"company C", "company D"} {
				d := p.apiError("read", "PSA company", object, tc.aboutOne, "")
				if d.Summary() != "Unable to read PSA company" || !strings.Contains(d.Detail(), tc.oneText) || strings.Contains(d.Detail(), "Not done for") {
					t.Errorf("an answer about %s: %s\n%s", object, d.Summary(), d.Detail())
				}
			}
		})
	}
}
