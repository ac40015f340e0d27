package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestPSAIntegrationModelRoundTrip(t *testing.T) {
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	in := &api.Integration{Psa: api.PsaAutotask, Name: "Autotask PSA", Status: api.IntegrationStatusError, StatusError: strPtr("401"),
		ConnectedAt: &at, Autotask: &api.AutotaskConnection{UserName: "u", IntegrationCode: "c"}}
	prior := &psaIntegrationModel{Autotask: &autotaskCredentialModel{SecretWOVersion: types.Int64Value(3)}}
	m := psaIntegrationFromAPI(in, prior)
	if m.Autotask.SecretWOVersion.ValueInt64() != 3 || !m.Autotask.SecretWO.IsNull() || m.ConnectWise != nil {
		t.Fatalf("model %+v", m.Autotask)
	}
	if m.ConnectedAt.ValueString() != "2025-06-01T12:00:00Z" || !m.LastUsageSyncAt.IsNull() || m.StatusError.ValueString() != "401" {
		t.Fatalf("model %+v", m)
	}
	m.forgetVersions()
	if !m.Autotask.SecretWOVersion.IsNull() {
		t.Fatal("forgetVersions kept the version")
	}
	body := m.toInput("s3cret")
	if body.Connectwise != nil || body.Autotask == nil || *body.Autotask.Secret != "s3cret" || body.Autotask.UserName != "u" {
		t.Fatalf("body %+v", body.Autotask)
	}
	if got := m.secretPath(); !got.Equal(path.Root("autotask").AtName("secret_wo")) {
		t.Errorf("secret path %s", got)
	}
	cw := psaIntegrationModel{PSA: types.StringValue("connectwise")}
	if got := cw.secretPath(); !got.Equal(path.Root("connectwise").AtName("private_key_wo")) {
		t.Errorf("secret path %s", got)
	}
}

func TestFieldPathAndPlaceholders(t *testing.T) {
	if got := fieldPath("connectwise.client_id"); !got.Equal(path.Root("connectwise").AtName("client_id")) {
		t.Errorf("fieldPath = %s", got)
	}
	if got := fieldPath("day_of_month"); !got.Equal(path.Root("day_of_month")) {
		t.Errorf("fieldPath = %s", got)
	}
	if known(types.StringUnknown(), "x") != "x" || known(types.StringValue(" a "), "x") != " a " {
		t.Error("known")
	}
}

func TestBillingLineFromAPI(t *testing.T) {
	l := billingLineFromAPI(&api.BillingUsageItem{ProductCode: "X", BillableQuantity: 2})
	if l.ProductCode.ValueString() != "X" || l.BillableQuantity.ValueFloat64() != 2 || !l.AccountID.IsNull() || !l.UnitPrice.IsNull() || !l.DistributorAccountName.IsNull() {
		t.Fatalf("line %+v", l)
	}
}
