package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestFunctionNullsAsOpenTofuSendsThem: OpenTofu sends a null function argument as a
// DynamicValue with no data. The framework alone refuses it; the provider's protocol server
// calls the function with null.
func TestFunctionNullsAsOpenTofuSendsThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	call := func(s tfprotov6.ProviderServer) *tfprotov6.CallFunctionResponse {
		t.Helper()
		args := make([]*tfprotov6.DynamicValue, 5)
		for i := range args {
			args[i] = &tfprotov6.DynamicValue{}
		}
		resp, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "usage_rollup", Arguments: args})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp := call(providerserver.NewProtocol6(newTestProvider())()); resp.Error == nil {
		t.Error("the framework now reads an empty argument: functionNulls may go")
	}
	resp := call(newTestProtocolServer())
	if resp.Error != nil {
		t.Fatalf("null arguments: %s", resp.Error.Text)
	}
	got, err := resp.Result.Unmarshal(types.ListType{ElemType: usageRollupLineType()}.TerraformType(ctx))
	if err != nil || !got.IsKnown() || got.IsNull() {
		t.Fatalf("result %v (%v): want a known list", got, err)
	}
	var lines []tftypes.Value
	if err := got.As(&lines); err != nil || len(lines) != 0 {
		t.Errorf("got %v (%v), want no lines", lines, err)
	}
}
