package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/psa-iac/terraform-provider-sophos/internal/provider/numberguard"
)

// NewProtocolServer returns the protocol server of the provider p returns, behind the number
// guard (internal/provider/numberguard), with null function arguments repaired
// (functionNulls). main.go serves it; the tests serve it too.
func NewProtocolServer(p func() provider.Provider) func() tfprotov6.ProviderServer {
	guarded := numberguard.NewProtocolServer(p)
	return func() tfprotov6.ProviderServer {
		s, ok := guarded().(numberguard.Server)
		if !ok {
			panic("the number guard no longer serves every capability of numberguard.Server")
		}
		return functionNulls{s}
	}
}

// msgpackNil is null in MessagePack, whatever the type.
var msgpackNil = []byte{0xc0}

// functionNulls gives the framework a null function argument as null. OpenTofu (1.12) sends a
// null argument as a DynamicValue with no data at all, which the framework refuses as "always
// an issue in terraform-plugin-framework"; Terraform sends MessagePack's nil. It serves every
// capability of numberguard.Server, as the guard does (see the guard's upgrade duty).
type functionNulls struct {
	numberguard.Server
}

var _ numberguard.Server = functionNulls{}

func (s functionNulls) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	for i, a := range req.Arguments {
		if a == nil || len(a.MsgPack) == 0 && len(a.JSON) == 0 {
			req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
		}
	}
	return s.Server.CallFunction(ctx, req)
}
