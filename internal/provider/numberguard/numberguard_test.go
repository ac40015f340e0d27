package numberguard

import (
	"context"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// testProvider is a provider with one int64 argument and nothing else.
type testProvider struct{}

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}

func (testProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"count": schema.Int64Attribute{Optional: true}}}
}

func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (testProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// TestGuardServesEveryCapability: every method of the framework's protocol server, whatever
// capability it belongs to (list resources, actions, state stores and any added later), is
// a method of the guard too, so the engine finds every capability the framework serves. It
// fails on a framework upgrade that adds a capability Server does not list.
func TestGuardServesEveryCapability(t *testing.T) {
	p := func() provider.Provider { return testProvider{} }
	inner := reflect.TypeOf(providerserver.NewProtocol6(p())())
	guarded := reflect.TypeOf(NewProtocolServer(p)())
	for i := range inner.NumMethod() {
		m := inner.Method(i)
		if !m.IsExported() {
			continue
		}
		g, ok := guarded.MethodByName(m.Name)
		if !ok {
			t.Errorf("the framework's server serves %s, the guard does not: add its capability's interface to numberguard.Server", m.Name)
			continue
		}
		if g.Type.NumIn() != m.Type.NumIn() || g.Type.NumOut() != m.Type.NumOut() {
			t.Errorf("%s: the guard's signature %s differs from the framework's %s", m.Name, g.Type, m.Type)
		}
	}
	// The capabilities terraform-plugin-go declares as optional interfaces today.
	for name, iface := range map[string]reflect.Type{
		"ListResourceServer": reflect.TypeFor[tfprotov6.ListResourceServer](),
		"ActionServer":       reflect.TypeFor[tfprotov6.ActionServer](),
		"StateStoreServer":   reflect.TypeFor[tfprotov6.StateStoreServer](),
	} {
		if inner.Implements(iface) && !guarded.Implements(iface) {
			t.Errorf("the guard hides %s", name)
		}
	}
}

// TestGuardAnswersNumbersThatDoNotFit: a number an int64 cannot hold gets an attribute
// error naming it; one that fits goes on to the framework.
func TestGuardAnswersNumbersThatDoNotFit(t *testing.T) {
	ctx := context.Background()
	server := NewProtocolServer(func() provider.Provider { return testProvider{} })()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"count": tftypes.Number}}
	config := func(n *big.Float) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{"count": tftypes.NewValue(tftypes.Number, n)}))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	huge, _ := new(big.Float).SetPrec(512).SetString("99999999999999999999")
	resp, err := server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config(huge)})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Number out of range" ||
		!strings.Contains(resp.Diagnostics[0].Detail, "count = 99999999999999999999 is out of range") {
		t.Fatalf("want one out-of-range error on count, got %+v, %v", resp, err)
	}
	resp, err = server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config(big.NewFloat(3))})
	if err != nil || len(resp.Diagnostics) != 0 {
		t.Fatalf("a number that fits: want no diagnostics, got %+v, %v", resp.Diagnostics, err)
	}
}
