package provider

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccIntegrationInError: the Autotask integration goes into error (its PSA credentials
// were revoked) under three mappings. The plan fails with one full explanation about the
// integration, the other mappings only say they wait for it, and no error gives the advice
// for a contract conflict (the API's 409 is about the integration, not the contract).
func TestAccIntegrationInError(t *testing.T) {
	e := testharness.Emulator(t)
	config := testharness.Config(e).
		Resource("sophos_psa_customer_mapping", "alpine", customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).
		Resource("sophos_psa_customer_mapping", "bayside", customerMapping("autotask", seedCustomerBayside, seedATCompanyBayside, seedATContractBayside, true, nil)).
		Resource("sophos_psa_customer_mapping", "tidewater", customerMapping("autotask", seedCustomerTidewater, seedATCompanyTidewater, seedATContractTidewater, true, nil)).
		String()
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{Config: config, ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply}},
			{
				PreConfig: func() {
					if err := e.Admin().SetIntegrationStatus(api.PsaAutotask, api.IntegrationStatusError); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Autotask PSA integration not usable.*(expired or revoked PSA API credentials.*as the error|as the error.*expired or revoked PSA API credentials)`),
			},
			{
				PreConfig: func() {
					if err := e.Admin().SetIntegrationStatus(api.PsaAutotask, api.IntegrationStatusConnected); err != nil {
						t.Fatal(err)
					}
				},
				Config: testharness.ProviderBlock(e),
			},
		},
	})
}

// TestIntegrationErrorIsExplainedOnce: the first resource of a PSA explains the broken
// integration, later ones refer to it, and none reads the 409 as a conflict.
func TestIntegrationErrorIsExplainedOnce(t *testing.T) {
	p := newProviderData(nil, nil)
	err := &client.APIError{Method: "GET", Path: "/partner/v1/psa/autotask/customer-mappings", StatusCode: 409,
		Code: api.ErrorCodeIntegrationError, Message: "the Autotask PSA integration of this partner is in an error state"}
	first := p.apiError("read", "PSA customer mapping", "the mapping of customer A", err, "")
	second := p.apiError("read", "PSA customer mapping", "the mapping of customer B", err, "")
	if first.Summary() != "Autotask PSA integration not usable" || !strings.Contains(first.Detail(), "expired or revoked") {
		t.Errorf("first: %s: %s", first.Summary(), first.Detail())
	}
	if second.Summary() != first.Summary() || strings.Contains(second.Detail(), "expired or revoked") || !strings.Contains(second.Detail(), "customer B") {
		t.Errorf("second: %s: %s", second.Summary(), second.Detail())
	}
	if client.IsConflict(err) {
		t.Error("an integration problem is not a conflict")
	}
	other := p.apiError("read", "PSA customer mapping", "x", &client.APIError{Path: "/partner/v1/psa/connectwise/x", StatusCode: 409,
		Code: api.ErrorCodeIntegrationNotConnected, Message: "ConnectWise PSA is not connected"}, "")
	if other.Summary() != "ConnectWise PSA not connected" || !strings.Contains(other.Detail(), "connect ConnectWise PSA first, with a sophos_psa_integration resource") ||
		strings.Contains(other.Detail(), "expired or revoked") {
		t.Errorf("another PSA, never connected, gets its own full explanation, as not connected: %s: %s", other.Summary(), other.Detail())
	}
}

// TestAccIntegrationNeverConnected: a mapping in a PSA that was never connected fails the
// plan saying the PSA is not connected and how to connect it (sophos_psa_integration), not
// that its credentials expired.
func TestAccIntegrationNeverConnected(t *testing.T) {
	e := testharness.Emulator(t)
	if err := e.Admin().DisconnectIntegration(api.PsaConnectwise); err != nil {
		t.Fatal(err)
	}
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{{
			Config:   testharness.Config(e).Resource("sophos_psa_customer_mapping", "m", customerMapping("connectwise", seedCustomerCedarRidge, seedCWCompanyCedarRidge, 0, nil, true)).String(),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)ConnectWise PSA not connected.*is not connected to this partner account.*` +
				`connect ConnectWise PSA first, with a\s+sophos_psa_integration\s+resource`),
		}},
	})
}

// unreachableCustomers are the customers of unreachableConfig.
var unreachableCustomers = []struct {
	id      string
	company int64
}{
	{seedCustomerAlpine, seedATCompanyAlpine}, {seedCustomerBayside, seedATCompanyBayside}, {seedCustomerHarborline, seedATCompanyHarborline},
	{seedCustomerNorthgate, seedATCompanyNorthgate}, {seedCustomerTidewater, seedATCompanyTidewater}, {seedCustomerGreenfield, seedATCompanyGreenfield},
}

// unreachableConfig maps unreachableCustomers in Autotask and a product in ConnectWise, with
// no retries.
func unreachableConfig(e *emulator.Emulator) testharness.Configuration {
	config := testharness.NewConfig().Provider(testharness.ProviderAttrs(e).With(testharness.Attrs{"max_retries": 0}))
	for _, c := range unreachableCustomers {
		config = config.Resource("sophos_psa_customer_mapping", "c_"+c.id[:8], customerMapping("autotask", c.id, c.company, 0, nil, true))
	}
	return config.Resource("sophos_psa_product_mapping", "ep", productMapping("connectwise", "Sophos_Endpoint_Protection", seedCWEndpoint))
}

// TestAccUnreachableAPIExplainedOnce: Sophos Central stops answering after the provider was
// configured, under twelve mappings in state. The plan fails with one full explanation and a
// one-line error per other mapping, not twelve copies of the explanation.
func TestAccUnreachableAPIExplainedOnce(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	customers := unreachableCustomers
	engine.Write("main.tf", unreachableConfig(e).String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultReset, PathPrefix: "/partner/v1/psa/", Count: 1000})
	out, code := engine.Run("plan", "-input=false", "-no-color")
	if code != 1 {
		t.Fatalf("want the plan to fail, got exit %d:\n%s", code, out)
	}
	errs := strings.Count(out, "Error: Unable to read PSA")
	full := strings.Count(out, "reachable, then try again")
	short := strings.Count(flat(out), notAnsweringText+", as an earlier error of this run explains in full")
	if errs != len(customers)+1 || full != 1 || short != errs-1 {
		t.Errorf("want %d errors, one explaining and the others referring to it: got %d errors, %d explanations, %d references:\n%s",
			len(customers)+1, errs, full, short, out)
	}
	if lines := strings.Count(out, "\n"); lines > 30*len(customers) {
		t.Errorf("one outage in %d lines:\n%s", lines, out)
	}
}

// TestAccUnreachableAPIExplainedOnceAtApply: Sophos Central stops answering writes between
// the plan and its apply, which creates seven mappings. The apply fails with one full
// explanation and a short error per other mapping, as a plan does
// (TestAccUnreachableAPIExplainedOnce), each short one saying the write may have landed.
func TestAccUnreachableAPIExplainedOnceAtApply(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	config := unreachableConfig(e)
	engine.Write("main.tf", config.String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("plan", "-input=false", "-no-color", "-out=tfplan")
	// Reads still answer, so the apply gets past its final plan to the writes.
	e.InjectNext(emulator.InjectedFault{Kind: emulator.FaultReset, Method: http.MethodPut, PathPrefix: "/partner/v1/psa/", Count: 1000})
	out, code := engine.Run("apply", "-input=false", "-no-color", "tfplan")
	if code != 1 {
		t.Fatalf("want the apply to fail, got exit %d:\n%s", code, out)
	}
	want := len(unreachableCustomers) + 1
	errs := strings.Count(out, "Error: Unable to create PSA")
	full := strings.Count(out, "reachable, then try again")
	short := strings.Count(flat(out), notAnsweringText+", as an earlier error of this run explains in full. The write may have reached it")
	if errs != want || full != 1 || short != errs-1 {
		t.Errorf("want %d errors, one explaining and the others referring to it: got %d errors, %d explanations, %d references:\n%s",
			want, errs, full, short, out)
	}
}
