// Package numberguard stands in front of the framework's protocol server and answers the
// Validate*Config calls for configured numbers the attribute's type cannot hold.
//
// The framework converts a configured number into an int64 or float64 attribute before any
// validator of the provider runs, and reports a number that does not fit (company_id =
// 99999999999999999999, contract_id = 1.5, price = 1e400) as "always an error in the
// provider". The guard gives an attribute error naming the value and the range instead, and
// the framework never sees the number.
//
// Upgrade duty: the guard wraps the framework's server through an interface, so it serves
// only the protocol capabilities that interface lists (Server). terraform-plugin-go adds a
// capability as an optional interface the engine finds by type assertion;
// TestGuardServesEveryCapability fails when the framework serves one the guard does not,
// and Server gets it.
package numberguard

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewProtocolServer returns the protocol server of the provider p returns, behind the
// number guard.
func NewProtocolServer(p func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		prov := p()
		// The framework's server answers every capability of Server; the guard keeps them.
		inner, ok := providerserver.NewProtocol6(prov)().(Server)
		if !ok {
			panic("the framework's protocol server no longer serves every capability of numberguard.Server")
		}
		return &guard{Server: inner, provider: prov}
	}
}

// configSchema is what every framework schema kind (provider, resource, data source, list,
// action) offers.
type configSchema interface {
	Type() attr.Type
	TypeAtTerraformPath(context.Context, *tftypes.AttributePath) (attr.Type, error)
}

// Server is every capability of the protocol the framework's server answers: the guard
// serves exactly these (see the package's upgrade duty).
type Server interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

var _ Server = (*guard)(nil)

type guard struct {
	Server
	provider provider.Provider

	once    sync.Once
	schemas map[string]configSchema // "provider", "resource.<type>", "data.<type>", "list.<type>", "action.<type>"
}

// validate answers a Validate*Config call: with the number errors when config has any, and
// otherwise as the framework does.
func validate[R any](ctx context.Context, g *guard, key string, config *tfprotov6.DynamicValue,
	answer func([]*tfprotov6.Diagnostic) *R, framework func() (*R, error)) (*R, error) {
	if d := g.check(ctx, key, config); len(d) > 0 {
		return answer(d), nil
	}
	return framework()
}

func (g *guard) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return validate(ctx, g, "provider", req.Config,
		func(d []*tfprotov6.Diagnostic) *tfprotov6.ValidateProviderConfigResponse {
			return &tfprotov6.ValidateProviderConfigResponse{Diagnostics: d}
		},
		func() (*tfprotov6.ValidateProviderConfigResponse, error) {
			return g.Server.ValidateProviderConfig(ctx, req)
		})
}

func (g *guard) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return validate(ctx, g, "resource."+req.TypeName, req.Config,
		func(d []*tfprotov6.Diagnostic) *tfprotov6.ValidateResourceConfigResponse {
			return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: d}
		},
		func() (*tfprotov6.ValidateResourceConfigResponse, error) {
			return g.Server.ValidateResourceConfig(ctx, req)
		})
}

func (g *guard) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return validate(ctx, g, "data."+req.TypeName, req.Config,
		func(d []*tfprotov6.Diagnostic) *tfprotov6.ValidateDataResourceConfigResponse {
			return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: d}
		},
		func() (*tfprotov6.ValidateDataResourceConfigResponse, error) {
			return g.Server.ValidateDataResourceConfig(ctx, req)
		})
}

func (g *guard) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return validate(ctx, g, "list."+req.TypeName, req.Config,
		func(d []*tfprotov6.Diagnostic) *tfprotov6.ValidateListResourceConfigResponse {
			return &tfprotov6.ValidateListResourceConfigResponse{Diagnostics: d}
		},
		func() (*tfprotov6.ValidateListResourceConfigResponse, error) {
			return g.Server.ValidateListResourceConfig(ctx, req)
		})
}

func (g *guard) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return validate(ctx, g, "action."+req.ActionType, req.Config,
		func(d []*tfprotov6.Diagnostic) *tfprotov6.ValidateActionConfigResponse {
			return &tfprotov6.ValidateActionConfigResponse{Diagnostics: d}
		},
		func() (*tfprotov6.ValidateActionConfigResponse, error) {
			return g.Server.ValidateActionConfig(ctx, req)
		})
}

// check returns an error per configured number that the attribute's type cannot hold. A
// configuration it cannot read is left to the framework, which reports it.
func (g *guard) check(ctx context.Context, key string, config *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	g.once.Do(func() { g.schemas = frameworkSchemas(ctx, g.provider) })
	s, ok := g.schemas[key]
	if !ok || config == nil {
		return nil
	}
	value, err := config.Unmarshal(s.Type().TerraformType(ctx))
	if err != nil {
		return nil
	}
	var diags []*tfprotov6.Diagnostic
	_ = tftypes.Walk(value, func(at *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if !v.Type().Is(tftypes.Number) || !v.IsKnown() || v.IsNull() {
			return true, nil
		}
		// A value or path this cannot read is left to the framework, which reports it.
		var n *big.Float
		typ, typeErr := s.TypeAtTerraformPath(ctx, at)
		if v.As(&n) == nil && n != nil && typeErr == nil {
			if d := numberProblem(typ, attributeName(at), n); d != nil {
				d.Attribute = at
				diags = append(diags, d)
			}
		}
		return true, nil
	})
	return diags
}

// numberProblem is the error for n in attribute name of type typ, or nil when it fits.
func numberProblem(typ attr.Type, name string, n *big.Float) *tfprotov6.Diagnostic {
	value := n.Text('g', 30)
	bad := func(summary, format string, args ...any) *tfprotov6.Diagnostic {
		return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: fmt.Sprintf(format, args...)}
	}
	switch typ.(type) {
	case basetypes.Int64Typable:
		if !n.IsInt() {
			return bad("Not a whole number", "%s = %s is not a whole number: %s takes an integer (ids are whole numbers as the PSA lists them). Write it without a fraction.",
				name, value, name)
		}
		if _, acc := n.Int64(); acc != big.Exact {
			return bad("Number out of range", "%s = %s is out of range: %s takes an integer from %d to %d. Check the value for a typo (ids are as the PSA lists them, see the data sources).",
				name, value, name, int64(math.MinInt64), int64(math.MaxInt64))
		}
	case basetypes.Float64Typable:
		f, acc := n.Float64()
		if math.IsInf(f, 0) || (f == 0 && acc != big.Exact) {
			return bad("Number out of range", "%s = %s is out of range: %s takes a number a 64-bit float can hold (up to about 1.8e308 in size, and 0 or at least about 4.9e-324 away from 0). Check the value for a typo.",
				name, value, name)
		}
	}
	return nil
}

// attributeName spells an attribute path as the configuration does: company_id,
// filter.company_id, items[0].price.
func attributeName(at *tftypes.AttributePath) string {
	var b strings.Builder
	for _, step := range at.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		}
	}
	return b.String()
}

// frameworkSchemas collects the schemas of the provider and of every type it serves, by the
// keys check uses.
func frameworkSchemas(ctx context.Context, p provider.Provider) map[string]configSchema {
	out := map[string]configSchema{}
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	out["provider"] = ps.Schema
	for _, f := range p.Resources(ctx) {
		r := f()
		var m resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &m)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		out["resource."+m.TypeName] = s.Schema
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var m datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &m)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		out["data."+m.TypeName] = s.Schema
	}
	if pl, ok := p.(provider.ProviderWithListResources); ok {
		for _, f := range pl.ListResources(ctx) {
			l := f()
			var m resource.MetadataResponse
			l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &m)
			var s list.ListResourceSchemaResponse
			l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &s)
			out["list."+m.TypeName] = s.Schema
		}
	}
	if pa, ok := p.(provider.ProviderWithActions); ok {
		for _, f := range pa.Actions(ctx) {
			a := f()
			var m action.MetadataResponse
			a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: meta.TypeName}, &m)
			var s action.SchemaResponse
			a.Schema(ctx, action.SchemaRequest{}, &s)
			out["action."+m.TypeName] = s.Schema
		}
	}
	return out
}
