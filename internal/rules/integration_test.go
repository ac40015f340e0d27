package rules

import (
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func validConnectWise() api.IntegrationInput {
	return api.IntegrationInput{Connectwise: &api.ConnectWiseCredentials{
		Site: "api-na.myconnectwise.net", CompanyId: "northwindit", PublicKey: "pub", PrivateKey: ptr("private-secret"),
		ClientId: "6f1c2f0e-8d7a-4b7e-9a53-1d2f0c3b4a5e",
	}}
}

func validAutotask() api.IntegrationInput {
	return api.IntegrationInput{Autotask: &api.AutotaskCredentials{UserName: "api@example.com", Secret: ptr("s3cret"), IntegrationCode: "CODE"}}
}

func TestIntegrationInputRules(t *testing.T) {
	f := APIIntegrationFields()
	if vs := CheckIntegrationInput(f, api.PsaConnectwise, validConnectWise()); len(vs) != 0 {
		t.Fatalf("valid ConnectWise credentials broke rules: %v", vs)
	}
	if vs := CheckIntegrationInput(f, api.PsaAutotask, validAutotask()); len(vs) != 0 {
		t.Fatalf("valid Autotask credentials broke rules: %v", vs)
	}
	t.Run("credentials of the other PSA", func(t *testing.T) {
		in := validAutotask()
		in.Connectwise = validConnectWise().Connectwise
		expect(t, CheckIntegrationInput(f, api.PsaAutotask, in), Invalid, "connectwise", "ConnectWise PSA credentials", "Autotask PSA integration")
	})
	t.Run("missing object", func(t *testing.T) {
		expect(t, CheckIntegrationInput(f, api.PsaConnectwise, api.IntegrationInput{}), Invalid, "connectwise", "required", "public key")
	})
	t.Run("blank field", func(t *testing.T) {
		in := validAutotask()
		in.Autotask.UserName = "  "
		expect(t, CheckIntegrationInput(f, api.PsaAutotask, in), Invalid, "autotask.userName", "must not be blank")
	})
	t.Run("missing secret", func(t *testing.T) {
		in := validAutotask()
		in.Autotask.Secret = nil
		expect(t, CheckIntegrationInput(f, api.PsaAutotask, in), Invalid, "autotask.secret", "required")
	})
	t.Run("white space around a secret is named, the secret is not", func(t *testing.T) {
		in := validConnectWise()
		in.Connectwise.PrivateKey = ptr("private-secret\n")
		vs := CheckIntegrationInput(f, api.PsaConnectwise, in)
		expect(t, vs, Invalid, "connectwise.privateKey", "white space")
		if v := vs.First(); v.Value != "" || strings.Contains(v.Message, "private-secret") {
			t.Errorf("the violation quotes the secret: value %q, message %q", v.Value, v.Message)
		}
	})
	t.Run("site with a scheme", func(t *testing.T) {
		in := validConnectWise()
		in.Connectwise.Site = "https://api-na.myconnectwise.net/v4_6_release"
		expect(t, CheckIntegrationInput(f, api.PsaConnectwise, in), Invalid, "connectwise.site", "host name only", "without https://")
	})
	t.Run("client id not a GUID", func(t *testing.T) {
		in := validConnectWise()
		in.Connectwise.ClientId = "my-client"
		expect(t, CheckIntegrationInput(f, api.PsaConnectwise, in), Invalid, "connectwise.clientId", "GUID", `"my-client"`)
	})
	t.Run("too long", func(t *testing.T) {
		in := validAutotask()
		in.Autotask.IntegrationCode = strings.Repeat("é", api.MaxCredentialNameLength+1)
		expect(t, CheckIntegrationInput(f, api.PsaAutotask, in), Invalid, "autotask.integrationCode", "at most 100 characters (got 101)")
	})
}

func TestUsageSyncScheduleRules(t *testing.T) {
	f := APIIntegrationFields()
	for _, ok := range []struct {
		schedule api.UsageSyncFrequency
		day      *int
	}{{api.UsageSyncFrequencyWithInvoice, nil}, {api.UsageSyncFrequencyDaily, nil}, {api.UsageSyncFrequencyMonthly, ptr(1)}, {api.UsageSyncFrequencyMonthly, ptr(28)}} {
		if vs := CheckUsageSyncSchedule(f, ok.schedule, ok.day); len(vs) != 0 {
			t.Errorf("%s %v broke rules: %v", ok.schedule, ok.day, vs)
		}
	}
	expect(t, CheckUsageSyncSchedule(f, "weekly", nil), Invalid, "usageSyncSchedule", `"weekly"`, `"withInvoice", "monthly", "daily"`)
	expect(t, CheckUsageSyncSchedule(f, api.UsageSyncFrequencyMonthly, nil), Invalid, "dayOfMonth", "from 1 to 28")
	expect(t, CheckUsageSyncSchedule(f, api.UsageSyncFrequencyMonthly, ptr(31)), Invalid, "dayOfMonth", "exists in every month", "got 31")
	expect(t, CheckUsageSyncSchedule(f, api.UsageSyncFrequencyDaily, ptr(5)), Invalid, "dayOfMonth", `only to a "monthly" schedule`, "every day")
}

func TestCheckDisconnect(t *testing.T) {
	if v := CheckDisconnect(api.PsaAutotask, MappingsLeft{}, "fix"); v != nil {
		t.Fatalf("nothing mapped, want no violation, got %v", v)
	}
	v := CheckDisconnect(api.PsaAutotask, MappingsLeft{Products: []string{"A"}, Customers: []string{"c1", "c2", "c3", "c4", "c5"}}, "Unmap them first.")
	if v == nil || v.Kind != Conflict {
		t.Fatalf("want a conflict, got %v", v)
	}
	for _, want := range []string{"Autotask PSA cannot be disconnected while 6 mappings remain in it", "1 Sophos product mapping (A)", "5 customer mappings (c1, c2, c3 and 2 more)", "Unmap them first."} {
		if !strings.Contains(v.Message, want) {
			t.Errorf("message %q does not contain %q", v.Message, want)
		}
	}
}

func TestBillingRollUp(t *testing.T) {
	products := []api.SophosProduct{
		{Identifier: "Sophos_A", BillingProductCodes: []string{"A1", "A2"}},
		{Identifier: "Sophos_B", BillingProductCodes: []string{"B1", "A2"}},
	}
	m, vs := BillingRollUp(products)
	if m["A1"] != "Sophos_A" || m["A2"] != "Sophos_A" || m["B1"] != "Sophos_B" {
		t.Errorf("unexpected roll-up %v", m)
	}
	expect(t, vs, Conflict, "billingProductCodes", `"A2" rolls up to Sophos_A and to Sophos_B`)
}
