package testharness

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Attrs are the arguments of a block by name. Values are written as HCL:
//
//   - string: a quoted string, escaped so that it is never a template ("${" stays literal);
//   - bool, int, int64, float64: literals;
//   - Expr: as written (references, functions, for expressions, templates);
//   - []string and []any: lists; Attrs: an object; NestedBlock: a nested block;
//   - nil: the argument is left out, so a helper can make an argument optional.
//
// The meta-arguments count, for_each, provider and depends_on come first, the others in
// name order, so the same Attrs always give the same text.
type Attrs map[string]any

// With is a copy of a with b's values set over it; a nil value in b leaves the argument out.
func (a Attrs) With(b Attrs) Attrs {
	out := maps.Clone(a)
	if out == nil {
		out = Attrs{}
	}
	maps.Copy(out, b)
	return out
}

// NestedBlock is the arguments of a nested block, written with block syntax
// (`connectwise { ... }`) rather than as an object argument.
type NestedBlock Attrs

// Expr is an HCL expression written as is, e.g. Expr("sophos_connectwise_product.p.id").
type Expr string

// Configuration is a Terraform configuration under construction: blocks in the order they
// were added. Its methods return a new Configuration and never change the one they are
// called on, so a base can be shared by the steps of a test.
//
//	config := testharness.Config(e).
//		Resource("sophos_psa_customer_mapping", "m", testharness.Attrs{"psa": "autotask", "company_id": 29682002})
//	resource.TestStep{Config: config.String()}
type Configuration struct {
	blocks []string
}

// NewConfig is an empty configuration: no provider block, for tests that configure the
// provider themselves (Provider) or through the environment.
func NewConfig() Configuration { return Configuration{} }

// Config is a configuration that starts with the provider block for emulator e
// (ProviderBlock).
func Config(e *emulator.Emulator) Configuration {
	return NewConfig().Provider(ProviderAttrs(e))
}

// ProviderAttrs are the arguments of a provider block for emulator e: both URLs on the
// emulator and the primary partner's credential. Tests that need another provider block
// change them with With.
func ProviderAttrs(e *emulator.Emulator) Attrs {
	c := e.Credentials()
	return Attrs{
		"auth_url":      e.URL(),
		"api_url":       e.URL(),
		"client_id":     c.ClientID,
		"client_secret": c.ClientSecret,
	}
}

// RequiredProviders declares the provider as the tests serve it (hashicorp/sophos), which
// a module needs to call the provider's functions; examples declare its registry address.
const RequiredProviders = "terraform {\n  required_providers {\n    sophos = { source = \"hashicorp/sophos\" }\n  }\n}\n"

// AsServed rewrites an example's provider source (its registry address) to the one the
// tests serve.
func AsServed(example string) string {
	return strings.ReplaceAll(example, `source = "psa-iac/sophos"`, `source = "hashicorp/sophos"`)
}

// ProviderBlock is the `provider "sophos" {...}` block for emulator e.
func ProviderBlock(e *emulator.Emulator) string {
	return Config(e).String()
}

// Provider adds a `provider "sophos"` block with attrs.
func (c Configuration) Provider(attrs Attrs) Configuration {
	return c.Block("provider", attrs, "sophos")
}

// Resource adds `resource "typ" "name"`.
func (c Configuration) Resource(typ, name string, attrs Attrs) Configuration {
	return c.Block("resource", attrs, typ, name)
}

// Data adds `data "typ" "name"`.
func (c Configuration) Data(typ, name string, attrs Attrs) Configuration {
	return c.Block("data", attrs, typ, name)
}

// Block adds a block of any kind with its labels, e.g. Block("moved", Attrs{"from":
// Expr("a.b"), "to": Expr("c.b")}) or Block("locals", attrs).
func (c Configuration) Block(kind string, attrs Attrs, labels ...string) Configuration {
	var b strings.Builder
	b.WriteString(kind)
	for _, l := range labels {
		b.WriteString(" " + quote(l))
	}
	b.WriteString(" {\n")
	writeAttrs(&b, attrs, "  ")
	b.WriteString("}\n")
	return c.with(b.String())
}

// Raw adds HCL text as it is: for configurations that live in files (the examples), not
// for building blocks.
func (c Configuration) Raw(hcl string) Configuration {
	return c.with(hcl)
}

// String is the configuration's text.
func (c Configuration) String() string {
	return strings.Join(c.blocks, "\n")
}

func (c Configuration) with(block string) Configuration {
	return Configuration{blocks: append(slices.Clip(c.blocks), block)}
}

// metaArguments are written before the other arguments, in this order.
var metaArguments = []string{"count", "for_each", "provider", "depends_on"}

func writeAttrs(b *strings.Builder, attrs Attrs, indent string) {
	names := slices.Sorted(maps.Keys(attrs))
	slices.SortStableFunc(names, func(x, y string) int {
		return metaRank(x) - metaRank(y)
	})
	for _, name := range names {
		v := attrs[name]
		if v == nil {
			continue
		}
		if nb, ok := v.(NestedBlock); ok {
			b.WriteString(indent + name + " {\n")
			writeAttrs(b, Attrs(nb), indent+"  ")
			b.WriteString(indent + "}\n")
			continue
		}
		b.WriteString(indent + name + " = " + value(name, v, indent) + "\n")
	}
}

func metaRank(name string) int {
	if i := slices.Index(metaArguments, name); i >= 0 {
		return i
	}
	return len(metaArguments)
}

// value writes v as an HCL expression; a type Attrs does not describe is a mistake in the
// test, reported with the argument's name.
func value(name string, v any, indent string) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case Expr:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []string:
		items := make([]string, len(v))
		for i, s := range v {
			items[i] = quote(s)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = value(name, item, indent)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case Attrs:
		var b strings.Builder
		b.WriteString("{\n")
		writeAttrs(&b, v, indent+"  ")
		b.WriteString(indent + "}")
		return b.String()
	default:
		panic(fmt.Sprintf("testharness: argument %s has a value of type %T, which Attrs does not write", name, v))
	}
}

// quote is s as an HCL quoted string. "${" and "%{" are doubled, so s is never a template.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
