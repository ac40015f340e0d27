// Package providerschema writes a provider's schemas in the format of `terraform providers
// schema -json`, read from the provider itself over the plugin protocol instead of through
// an engine. The docs are generated from it (make docs): an engine older than Terraform
// 1.14 leaves list resources, actions and resource identities out of its output, so pages
// generated through it would silently lack them.
package providerschema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
)

// formatVersion is the version of the JSON format written, as Terraform writes it.
const formatVersion = "1.0"

// Read asks server for its schemas, function signatures and resource identity schemas and
// returns them as the entry address (e.g. registry.terraform.io/hashicorp/sophos) of
// `providers schema -json`.
// Diagnostics from the provider are an error.
func Read(ctx context.Context, server tfprotov6.ProviderServer, address string) (*tfjson.ProviderSchemas, error) {
	schemaResp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := diagnosticsError("GetProviderSchema", schemaResp.Diagnostics); err != nil {
		return nil, err
	}
	identityResp, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	if err := diagnosticsError("GetResourceIdentitySchemas", identityResp.Diagnostics); err != nil {
		return nil, err
	}
	if len(schemaResp.EphemeralResourceSchemas) > 0 {
		return nil, errors.New("the provider serves ephemeral resources, which this package does not convert yet")
	}

	var c converter
	p := &tfjson.ProviderSchema{
		ConfigSchema:            c.schema(schemaResp.Provider),
		ResourceSchemas:         c.schemas(schemaResp.ResourceSchemas),
		DataSourceSchemas:       c.schemas(schemaResp.DataSourceSchemas),
		ListResourceSchemas:     c.schemas(schemaResp.ListResourceSchemas),
		ActionSchemas:           map[string]*tfjson.ActionSchema{},
		ResourceIdentitySchemas: map[string]*tfjson.IdentitySchema{},
	}
	for name, s := range schemaResp.ActionSchemas {
		p.ActionSchemas[name] = &tfjson.ActionSchema{Block: c.schema(s.Schema).Block}
	}
	for name, s := range identityResp.IdentitySchemas {
		p.ResourceIdentitySchemas[name] = c.identity(s)
	}
	if len(schemaResp.Functions) > 0 {
		p.Functions = map[string]*tfjson.FunctionSignature{}
		for name, f := range schemaResp.Functions {
			p.Functions[name] = c.function(f)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return &tfjson.ProviderSchemas{FormatVersion: formatVersion, Schemas: map[string]*tfjson.ProviderSchema{address: p}}, nil
}

// JSON is Read, encoded as `terraform providers schema -json` encodes it.
func JSON(ctx context.Context, server tfprotov6.ProviderServer, address string) ([]byte, error) {
	schemas, err := Read(ctx, server, address)
	if err != nil {
		return nil, err
	}
	return json.Marshal(schemas)
}

func diagnosticsError(rpc string, diags []*tfprotov6.Diagnostic) error {
	var msgs []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			msgs = append(msgs, d.Summary+": "+d.Detail)
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s: %s", rpc, strings.Join(msgs, "; "))
	}
	return nil
}

// converter converts protocol schemas to tfjson ones, keeping the first error.
type converter struct{ err error }

func (c *converter) schemas(in map[string]*tfprotov6.Schema) map[string]*tfjson.Schema {
	out := make(map[string]*tfjson.Schema, len(in))
	for _, name := range slices.Sorted(maps.Keys(in)) {
		out[name] = c.schema(in[name])
	}
	return out
}

func (c *converter) schema(in *tfprotov6.Schema) *tfjson.Schema {
	if in == nil {
		return nil
	}
	return &tfjson.Schema{Version: uint64(max(in.Version, 0)), Block: c.block(in.Block)} //nolint:gosec // clamped to 0 first
}

func (c *converter) block(in *tfprotov6.SchemaBlock) *tfjson.SchemaBlock {
	if in == nil {
		return &tfjson.SchemaBlock{}
	}
	out := &tfjson.SchemaBlock{
		Description:     in.Description,
		DescriptionKind: descriptionKind(in.DescriptionKind),
		Deprecated:      in.Deprecated,
	}
	if len(in.Attributes) > 0 {
		out.Attributes = map[string]*tfjson.SchemaAttribute{}
		for _, a := range in.Attributes {
			out.Attributes[a.Name] = c.attribute(a)
		}
	}
	if len(in.BlockTypes) > 0 {
		out.NestedBlocks = map[string]*tfjson.SchemaBlockType{}
		for _, b := range in.BlockTypes {
			out.NestedBlocks[b.TypeName] = &tfjson.SchemaBlockType{
				NestingMode: blockNesting(b.Nesting),
				Block:       c.block(b.Block),
				MinItems:    uint64(max(b.MinItems, 0)), //nolint:gosec // clamped to 0 first
				MaxItems:    uint64(max(b.MaxItems, 0)), //nolint:gosec // clamped to 0 first
			}
		}
	}
	return out
}

func (c *converter) attribute(in *tfprotov6.SchemaAttribute) *tfjson.SchemaAttribute {
	out := &tfjson.SchemaAttribute{
		Description:     in.Description,
		DescriptionKind: descriptionKind(in.DescriptionKind),
		Deprecated:      in.Deprecated,
		Required:        in.Required,
		Optional:        in.Optional,
		Computed:        in.Computed,
		Sensitive:       in.Sensitive,
		WriteOnly:       in.WriteOnly,
	}
	if in.NestedType != nil {
		out.AttributeNestedType = c.nested(in.NestedType)
	} else {
		out.AttributeType = c.ctyType(in.Type)
	}
	return out
}

func (c *converter) nested(in *tfprotov6.SchemaObject) *tfjson.SchemaNestedAttributeType {
	out := &tfjson.SchemaNestedAttributeType{Attributes: map[string]*tfjson.SchemaAttribute{}, NestingMode: objectNesting(in.Nesting)}
	for _, a := range in.Attributes {
		out.Attributes[a.Name] = c.attribute(a)
	}
	return out
}

func (c *converter) identity(in *tfprotov6.ResourceIdentitySchema) *tfjson.IdentitySchema {
	out := &tfjson.IdentitySchema{Version: uint64(max(in.Version, 0)), Attributes: map[string]*tfjson.IdentityAttribute{}} //nolint:gosec // clamped to 0 first
	for _, a := range in.IdentityAttributes {
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      c.ctyType(a.Type),
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out
}

// function converts a function's signature as Terraform writes it: descriptions as they
// are, whatever their kind.
func (c *converter) function(in *tfprotov6.Function) *tfjson.FunctionSignature {
	out := &tfjson.FunctionSignature{Description: in.Description, Summary: in.Summary, DeprecationMessage: in.DeprecationMessage}
	if in.Return != nil {
		out.ReturnType = c.ctyType(in.Return.Type)
	}
	for _, p := range in.Parameters {
		out.Parameters = append(out.Parameters, c.parameter(p))
	}
	if in.VariadicParameter != nil {
		out.VariadicParameter = c.parameter(in.VariadicParameter)
	}
	return out
}

func (c *converter) parameter(in *tfprotov6.FunctionParameter) *tfjson.FunctionParameter {
	return &tfjson.FunctionParameter{Name: in.Name, Description: in.Description, IsNullable: in.AllowNullValue, Type: c.ctyType(in.Type)}
}

// ctyType converts a protocol type to the cty type Terraform's JSON uses.
func (c *converter) ctyType(t tftypes.Type) cty.Type {
	out, err := toCty(t)
	if err != nil {
		c.fail(err)
	}
	return out
}

func toCty(t tftypes.Type) (cty.Type, error) {
	if t == nil {
		return cty.NilType, errors.New("an attribute without a type")
	}
	switch {
	case t.Is(tftypes.String):
		return cty.String, nil
	case t.Is(tftypes.Number):
		return cty.Number, nil
	case t.Is(tftypes.Bool):
		return cty.Bool, nil
	case t.Is(tftypes.DynamicPseudoType):
		return cty.DynamicPseudoType, nil
	}
	switch v := t.(type) {
	case tftypes.List:
		elem, err := toCty(v.ElementType)
		return cty.List(elem), err
	case tftypes.Set:
		elem, err := toCty(v.ElementType)
		return cty.Set(elem), err
	case tftypes.Map:
		elem, err := toCty(v.ElementType)
		return cty.Map(elem), err
	case tftypes.Tuple:
		elems := make([]cty.Type, len(v.ElementTypes))
		for i, e := range v.ElementTypes {
			var err error
			if elems[i], err = toCty(e); err != nil {
				return cty.NilType, err
			}
		}
		return cty.Tuple(elems), nil
	case tftypes.Object:
		attrs := make(map[string]cty.Type, len(v.AttributeTypes))
		for name, a := range v.AttributeTypes {
			var err error
			if attrs[name], err = toCty(a); err != nil {
				return cty.NilType, err
			}
		}
		if len(v.OptionalAttributes) > 0 {
			return cty.ObjectWithOptionalAttrs(attrs, slices.Sorted(maps.Keys(v.OptionalAttributes))), nil
		}
		return cty.Object(attrs), nil
	}
	return cty.NilType, fmt.Errorf("type %s has no JSON form", t)
}

func (c *converter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

func blockNesting(n tfprotov6.SchemaNestedBlockNestingMode) tfjson.SchemaNestingMode {
	switch n {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return tfjson.SchemaNestingModeSingle
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return tfjson.SchemaNestingModeGroup
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return tfjson.SchemaNestingModeList
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return tfjson.SchemaNestingModeSet
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return tfjson.SchemaNestingModeMap
	}
	return ""
}

func objectNesting(n tfprotov6.SchemaObjectNestingMode) tfjson.SchemaNestingMode {
	switch n {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return tfjson.SchemaNestingModeSingle
	case tfprotov6.SchemaObjectNestingModeList:
		return tfjson.SchemaNestingModeList
	case tfprotov6.SchemaObjectNestingModeSet:
		return tfjson.SchemaNestingModeSet
	case tfprotov6.SchemaObjectNestingModeMap:
		return tfjson.SchemaNestingModeMap
	}
	return ""
}
