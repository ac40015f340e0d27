package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// psaIntegrationModel is the state of sophos_psa_integration. The write-only secrets are
// always null in it.
type psaIntegrationModel struct {
	ID                   types.String                `tfsdk:"id"`
	PSA                  types.String                `tfsdk:"psa"`
	ConnectWise          *connectWiseCredentialModel `tfsdk:"connectwise"`
	Autotask             *autotaskCredentialModel    `tfsdk:"autotask"`
	Name                 types.String                `tfsdk:"name"`
	Status               types.String                `tfsdk:"status"`
	StatusError          types.String                `tfsdk:"status_error"`
	ConnectedAt          types.String                `tfsdk:"connected_at"`
	CredentialsUpdatedAt types.String                `tfsdk:"credentials_updated_at"`
	LastUsageSyncAt      types.String                `tfsdk:"last_usage_sync_at"`
}

type connectWiseCredentialModel struct {
	Site                types.String `tfsdk:"site"`
	CompanyID           types.String `tfsdk:"company_id"`
	PublicKey           types.String `tfsdk:"public_key"`
	ClientID            types.String `tfsdk:"client_id"`
	PrivateKeyWO        types.String `tfsdk:"private_key_wo"`
	PrivateKeyWOVersion types.Int64  `tfsdk:"private_key_wo_version"`
}

type autotaskCredentialModel struct {
	Username        types.String `tfsdk:"username"`
	IntegrationCode types.String `tfsdk:"integration_code"`
	SecretWO        types.String `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64  `tfsdk:"secret_wo_version"`
}

func (m psaIntegrationModel) psa() api.Psa { return api.Psa(m.PSA.ValueString()) }

// psaIntegrationFromAPI maps an integration of the API to the model; it is the one
// mapper. The API never returns secrets, so the write-only attributes are null; the
// versions are taken from prior (the plan or the prior state), when given.
func psaIntegrationFromAPI(in *api.Integration, prior *psaIntegrationModel) psaIntegrationModel {
	m := psaIntegrationModel{
		ID:                   types.StringValue(string(in.Psa)),
		PSA:                  types.StringValue(string(in.Psa)),
		Name:                 types.StringValue(in.Name),
		Status:               types.StringValue(string(in.Status)),
		StatusError:          types.StringPointerValue(in.StatusError),
		ConnectedAt:          timeValue(in.ConnectedAt),
		CredentialsUpdatedAt: timeValue(in.CredentialsUpdatedAt),
		LastUsageSyncAt:      timeValue(in.LastUsageSyncAt),
	}
	if c := in.Connectwise; c != nil {
		m.ConnectWise = &connectWiseCredentialModel{Site: types.StringValue(c.Site), CompanyID: types.StringValue(c.CompanyId),
			PublicKey: types.StringValue(c.PublicKey), ClientID: types.StringValue(c.ClientId),
			PrivateKeyWO: types.StringNull(), PrivateKeyWOVersion: types.Int64Null()}
		if prior != nil && prior.ConnectWise != nil {
			m.ConnectWise.PrivateKeyWOVersion = prior.ConnectWise.PrivateKeyWOVersion
		}
	}
	if a := in.Autotask; a != nil {
		m.Autotask = &autotaskCredentialModel{Username: types.StringValue(a.UserName), IntegrationCode: types.StringValue(a.IntegrationCode),
			SecretWO: types.StringNull(), SecretWOVersion: types.Int64Null()}
		if prior != nil && prior.Autotask != nil {
			m.Autotask.SecretWOVersion = prior.Autotask.SecretWOVersion
		}
	}
	return m
}

// forgetVersions nulls the secrets' versions, so that a configuration that sets one plans
// to send its credentials again (they were changed outside Terraform).
func (m *psaIntegrationModel) forgetVersions() {
	if m.ConnectWise != nil {
		m.ConnectWise.PrivateKeyWOVersion = types.Int64Null()
	}
	if m.Autotask != nil {
		m.Autotask.SecretWOVersion = types.Int64Null()
	}
}

// timeValue renders an optional time as RFC 3339, null when absent.
func timeValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// toInput builds the API's write body from the model and the write-only secret read from
// the configuration; it is the one place the body is built.
func (m psaIntegrationModel) toInput(secret string) api.IntegrationInput {
	var in api.IntegrationInput
	if c := m.ConnectWise; c != nil {
		in.Connectwise = &api.ConnectWiseCredentials{Site: c.Site.ValueString(), CompanyId: c.CompanyID.ValueString(),
			PublicKey: c.PublicKey.ValueString(), ClientId: c.ClientID.ValueString(), PrivateKey: &secret}
	}
	if a := m.Autotask; a != nil {
		in.Autotask = &api.AutotaskCredentials{UserName: a.Username.ValueString(), IntegrationCode: a.IntegrationCode.ValueString(), Secret: &secret}
	}
	return in
}

// secretPath is where the write-only secret of the model's PSA is configured.
func (m psaIntegrationModel) secretPath() path.Path {
	if m.psa() == api.PsaConnectwise {
		return path.Root("connectwise").AtName("private_key_wo")
	}
	return path.Root("autotask").AtName("secret_wo")
}

// configuredSecret reads the write-only secret of the model's PSA from the configuration
// (write-only values are only ever in the configuration).
func configuredSecret(ctx context.Context, config tfsdk.Config, m psaIntegrationModel, diags *diag.Diagnostics) string {
	var secret types.String
	diags.Append(config.GetAttribute(ctx, m.secretPath(), &secret)...)
	return secret.ValueString()
}

// integrationObject names the integration in messages.
func integrationObject(psa api.Psa) string {
	return "the " + psa.DisplayName() + " integration"
}
