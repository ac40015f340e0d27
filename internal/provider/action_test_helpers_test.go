package provider

import (
	"context"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// invokeResult is what one invocation of an action reported.
type invokeResult struct {
	progress []string
	diags    diag.Diagnostics
}

// invokeAction configures a (new) action with a client of e and invokes it with the
// configuration values, collecting its progress messages.
func invokeAction(t *testing.T, e *emulator.Emulator, a action.Action, values map[string]tftypes.Value) invokeResult {
	t.Helper()
	ctx := context.Background()
	var schemaResp action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &schemaResp)
	if schemaResp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", schemaResp.Diagnostics)
	}
	if c, ok := a.(action.ActionWithConfigure); ok {
		var configureResp action.ConfigureResponse
		c.Configure(ctx, action.ConfigureRequest{ProviderData: newProviderData(testharness.Client(t, e, testharness.FastRetries))}, &configureResp)
		if configureResp.Diagnostics.HasError() {
			t.Fatalf("configure: %v", configureResp.Diagnostics)
		}
	}
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	var res invokeResult
	resp := action.InvokeResponse{SendProgress: func(ev action.InvokeProgressEvent) { res.progress = append(res.progress, ev.Message) }}
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, values)}}, &resp)
	res.diags = resp.Diagnostics
	return res
}
