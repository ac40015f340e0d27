package testharness

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// ProviderServer makes a provider's protocol server, as providerserver.NewProtocol6WithError
// returns it.
type ProviderServer func() (tfprotov6.ProviderServer, error)

// Server is a provider's protocol server configured for an emulator as Terraform configures
// it: the one way tests drive the provider outside plugin-testing, for what the engine does
// not show (warnings of a successful plan, private state, list results, action progress,
// import errors). One Server is one provider process: what its calls record (the snapshot,
// the plan ledger) is shared by the calls that follow.
type Server struct {
	ctx     context.Context
	t       testing.TB
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

// Serve makes a server with newServer and configures it for emulator e (ProviderAttrs;
// every other provider argument null), as Terraform does before it plans.
func Serve(ctx context.Context, t testing.TB, newServer ProviderServer, e *emulator.Emulator) *Server {
	t.Helper()
	server, err := newServer()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{ctx: ctx, t: t, server: server, schemas: schemas}
	args := map[string]tftypes.Value{}
	for name, v := range ProviderAttrs(e) {
		args[name] = tftypes.NewValue(tftypes.String, v)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: s.value(schemas.Provider, args)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range configured.Diagnostics {
		t.Fatalf("configuring the provider: %s: %s", d.Summary, d.Detail)
	}
	return s
}

// value is an object of schema with the given attributes and every other one null.
func (s *Server) value(schema *tfprotov6.Schema, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	s.t.Helper()
	if schema == nil {
		s.t.Fatal("the provider has no such schema")
	}
	typ := schema.ValueType()
	object, ok := typ.(tftypes.Object)
	if !ok {
		s.t.Fatalf("the schema is a %T, not an object", typ)
	}
	all := map[string]tftypes.Value{}
	for name, at := range object.AttributeTypes {
		all[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range attrs {
		all[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, all))
	if err != nil {
		s.t.Fatal(err)
	}
	return &dv
}

// ImportResource sends ImportResourceState for the import ID id of typeName to s.
func (s *Server) ImportResource(typeName, id string) *tfprotov6.ImportResourceStateResponse {
	s.t.Helper()
	resp, err := s.server.ImportResourceState(s.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
	if err != nil {
		s.t.Fatal(err)
	}
	return resp
}

// Diagnostics turns protocol diagnostics into the framework's, for the tests' assertions
// (the attribute path is left out).
func Diagnostics(ds []*tfprotov6.Diagnostic) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range ds {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			out.AddWarning(d.Summary, d.Detail)
		} else {
			out.AddError(d.Summary, d.Detail)
		}
	}
	return out
}
