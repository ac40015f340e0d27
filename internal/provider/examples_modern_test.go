package provider

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestModernExamplesMatchTheSchema checks, on any engine, what only Terraform 1.14 can
// apply: every list block (.tfquery.hcl) and action block of the examples names a list
// resource or action the provider serves, and its config block sets only attributes of
// its schema, all the required ones included.
func TestModernExamplesMatchTheSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	schema, err := providerserver.NewProtocol6(newTestProvider())().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]map[string]*tfprotov6.Schema{"list": schema.ListResourceSchemas, "action": {}}
	for name, a := range schema.ActionSchemas {
		schemas["action"][name] = a.Schema
	}
	checked := map[string]int{}
	root := filepath.Join("..", "..", "examples")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(path, ".tf") && !strings.HasSuffix(path, ".tfquery.hcl")) {
			return err
		}
		src, err := os.ReadFile(path) //nolint:gosec // the repository's examples
		if err != nil {
			return err
		}
		file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			t.Errorf("%s: %s", path, diags.Error())
			return nil
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			t.Fatalf("%s: not native syntax", path)
		}
		for _, block := range body.Blocks {
			kindSchemas, ok := schemas[block.Type]
			if !ok || len(block.Labels) != 2 {
				continue
			}
			where := path + ": " + block.Type + " " + strings.Join(block.Labels, ".")
			s, ok := kindSchemas[block.Labels[0]]
			if !ok {
				t.Errorf("%s: the provider serves no %s %s", where, block.Type, block.Labels[0])
				continue
			}
			checked[block.Type]++
			checkConfigBlock(t, where, block.Body, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked["list"] < 3 || checked["action"] < 2 {
		t.Errorf("checked %v: want the list blocks of every list-resource example and both actions", checked)
	}
}

// checkConfigBlock checks the config block of a list or action block against its schema.
func checkConfigBlock(t *testing.T, where string, body *hclsyntax.Body, s *tfprotov6.Schema) {
	t.Helper()
	var config *hclsyntax.Body
	for _, b := range body.Blocks {
		if b.Type == "config" {
			config = b.Body
		}
	}
	if config == nil {
		t.Errorf("%s: no config block", where)
		return
	}
	attrs := map[string]*tfprotov6.SchemaAttribute{}
	for _, a := range s.Block.Attributes {
		attrs[a.Name] = a
	}
	for name := range config.Attributes {
		if _, ok := attrs[name]; !ok {
			t.Errorf("%s: config sets %s, which the schema does not have", where, name)
		}
	}
	for name, a := range attrs {
		if _, ok := config.Attributes[name]; a.Required && !ok {
			t.Errorf("%s: config lacks the required %s", where, name)
		}
	}
}

// TestAccListResourceExamples runs the list-resource examples with terraform query on a
// console where something matches each of them (Terraform 1.14+).
func TestAccListResourceExamples(t *testing.T) {
	e := testharness.Emulator(t)
	var query string
	for _, name := range []string{"sophos_psa_customer_mapping", "sophos_psa_product_mapping", "sophos_connectwise_product"} {
		query += exampleFile(t, "list-resources/"+name+"/list-resource.tfquery.hcl")
	}
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureQuery)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []acc.TestStep{
			{
				PreConfig: func() {
					setCustomerMappingOutOfBand(t, e, api.PsaAutotask, seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, false)
					if err := e.Admin().SetProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced", seedCWIXA, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: testharness.ProviderBlock(e),
			},
			{
				Query:  true,
				Config: query, // beside the previous step's provider block (see TestAccOnboarding_query)
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("sophos_psa_customer_mapping.usage_billed", 1),
					querycheck.ExpectLength("sophos_psa_customer_mapping.sync_failed", 0),
					querycheck.ExpectLengthAtLeast("sophos_psa_customer_mapping.not_mapped", 1),
					querycheck.ExpectLength("sophos_psa_product_mapping.sync_off", 1),
					// Intercept X Advanced with XDR (103): not mapped, "XDR" in its identifier.
					querycheck.ExpectLengthAtLeast("sophos_connectwise_product.unmapped_xdr", 1),
				},
			},
		},
	})
}
