package provider

import (
	"regexp"
	"strings"
	"testing"

	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
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
	if other := p.apiError("read", "PSA customer mapping", "x", &client.APIError{Path: "/partner/v1/psa/connectwise/x", StatusCode: 409,
		Code: api.ErrorCodeIntegrationNotConnected, Message: "ConnectWise PSA is not connected"}, ""); !strings.Contains(other.Detail(), "expired or revoked") {
		t.Errorf("another PSA gets its own full explanation: %s", other.Detail())
	}
}
