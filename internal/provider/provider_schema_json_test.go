package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/psa-iac/terraform-provider-sophos/internal/providerschema"
)

// TestAccProviderSchemaJSONMatchesTheEngine: the schema make docs generates the docs from
// (internal/providerschema, read from the provider itself) is, for every kind of schema the
// engine knows, exactly what `providers schema -json` of the engine says. So the docs of
// list resources, actions, identities and functions come from the same conversion as the rest.
func TestAccProviderSchemaJSONMatchesTheEngine(t *testing.T) {
	t.Parallel()
	engine := newCLIEngine(t, "1.0.0")
	engine.Write("main.tf", "provider \"sophos\" {}\n")
	engine.MustRun("init", "-input=false", "-no-color")
	var fromEngine tfjson.ProviderSchemas
	if err := json.Unmarshal([]byte(engine.Stdout("providers", "schema", "-json")), &fromEngine); err != nil {
		t.Fatalf("decoding the engine's schema: %v", err)
	}
	ours, err := providerschema.Read(context.Background(), providerserver.NewProtocol6(newTestProvider())(), "sophos")
	if err != nil {
		t.Fatal(err)
	}
	var engineSchema *tfjson.ProviderSchema
	for _, s := range fromEngine.Schemas {
		engineSchema = s
	}
	if engineSchema == nil {
		t.Fatal("the engine lists no provider schema")
	}
	ourSchema := ours.Schemas["sophos"]
	compare := func(kind string, engine, ours any, engineHasIt bool) {
		t.Helper()
		if !engineHasIt {
			t.Logf("%s: not known to this engine", kind)
			return
		}
		if !reflect.DeepEqual(engine, ours) {
			a, _ := json.Marshal(engine)
			b, _ := json.Marshal(ours)
			t.Errorf("%s differ:\nengine: %s\nours:   %s", kind, a, b)
		}
	}
	compare("provider", engineSchema.ConfigSchema, ourSchema.ConfigSchema, true)
	compare("resource schemas", engineSchema.ResourceSchemas, ourSchema.ResourceSchemas, true)
	compare("data source schemas", engineSchema.DataSourceSchemas, ourSchema.DataSourceSchemas, true)
	compare("resource identity schemas", engineSchema.ResourceIdentitySchemas, ourSchema.ResourceIdentitySchemas, len(engineSchema.ResourceIdentitySchemas) > 0)
	compare("list resource schemas", engineSchema.ListResourceSchemas, ourSchema.ListResourceSchemas, len(engineSchema.ListResourceSchemas) > 0)
	compare("action schemas", engineSchema.ActionSchemas, ourSchema.ActionSchemas, len(engineSchema.ActionSchemas) > 0)
	compare("functions", engineSchema.Functions, ourSchema.Functions, true)
}
