package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	acc "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Resource identity: set by every CRUD method and by import, imported by, kept when a
// refresh removes the resource, and added to state written without it.

const (
	identityProductAddress         = "sophos_connectwise_product.p"
	identityProductMappingAddress  = "sophos_psa_product_mapping.ixa"
	identityCustomerMappingAddress = "sophos_psa_customer_mapping.alpine"
	identityProductIdentifier      = "NW-IDENTITY"
)

// identityConfig is one resource of each type.
func identityConfig(e *emulator.Emulator) string {
	return testharness.ProviderBlock(e) + fmt.Sprintf(`
resource "sophos_connectwise_product" "p" {
  identifier  = %q
  description = "Identity test"
  subcategory = "Managed Security"
  type        = "Service"
}

resource "sophos_psa_product_mapping" "ixa" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = %d
}

`, identityProductIdentifier, seedCWIXA) + testharness.NewConfig().Resource("sophos_psa_customer_mapping", "alpine",
		customerMapping("autotask", seedCustomerAlpine, seedATCompanyAlpine, seedATContractAlpine, true, nil)).String()
}

// identityChecks are the state checks of the identities identityConfig creates (Terraform
// 1.12+ only: older state has no identity).
func identityChecks() []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(identityCustomerMappingAddress, map[string]knownvalue.Check{
			"psa":         knownvalue.StringExact("autotask"),
			"customer_id": knownvalue.StringExact(seedCustomerAlpine),
		}),
		statecheck.ExpectIdentity(identityProductMappingAddress, map[string]knownvalue.Check{
			"psa":            knownvalue.StringExact("connectwise"),
			"sophos_product": knownvalue.StringExact("Sophos_Intercept_X_Advanced"),
		}),
		productIdentityMatchesID{address: identityProductAddress},
	}
}

// deleteAllOutOfBand removes the three objects of identityConfig as someone in the console would.
func deleteAllOutOfBand(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	admin := e.Admin()
	id := productIDByIdentifier(context.Background(), t, testharness.Client(t, e, testharness.FastRetries), identityProductIdentifier)
	if err := admin.DeleteCustomerMapping(api.PsaAutotask, seedCustomerAlpine); err != nil {
		t.Fatalf("unmapping the customer out of band: %v", err)
	}
	if err := admin.DeleteProductMapping(api.PsaConnectwise, "Sophos_Intercept_X_Advanced"); err != nil {
		t.Fatalf("unmapping the product out of band: %v", err)
	}
	if err := admin.DeleteProduct(api.PsaConnectwise, id); err != nil {
		t.Fatalf("deleting product %d out of band: %v", id, err)
	}
}

// expectRecreateAll is the plan after deleteAllOutOfBand: each resource is created again.
var expectRecreateAll = []plancheck.PlanCheck{
	plancheck.ExpectResourceAction(identityProductAddress, plancheck.ResourceActionCreate),
	plancheck.ExpectResourceAction(identityProductMappingAddress, plancheck.ResourceActionCreate),
	plancheck.ExpectResourceAction(identityCustomerMappingAddress, plancheck.ResourceActionCreate),
}

// TestAccResourceIdentity_driftAfterDelete: a refresh that finds the objects gone removes
// them from state and plans them again, on every engine. Terraform 1.11 sends no identity,
// so every Read starts without one; a Read that removed the resource before setting the
// identity would fail with "Missing Resource Identity After Read".
func TestAccResourceIdentity_driftAfterDelete(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				Config:           identityConfig(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
			{
				PreConfig:          func() { deleteAllOutOfBand(t, e) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks:  acc.RefreshPlanChecks{PostRefresh: expectRecreateAll},
			},
			{
				Config:           identityConfig(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
			},
		},
	})
}

// TestAccResourceIdentity_importByIdentity: create, check each identity, import each
// resource with an import block naming its identity, and remove them out of band with the
// identity in state (Terraform 1.12+, OpenTofu 1.12+).
func TestAccResourceIdentity_importByIdentity(t *testing.T) {
	e := testharness.Emulator(t)
	steps := []acc.TestStep{{
		Config:            identityConfig(e),
		ConfigPlanChecks:  acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
		ConfigStateChecks: identityChecks(),
	}}
	for _, address := range []string{identityProductAddress, identityProductMappingAddress, identityCustomerMappingAddress} {
		steps = append(steps, acc.TestStep{
			ResourceName:    address,
			ImportState:     true,
			ImportStateKind: acc.ImportBlockWithResourceIdentity,
		})
	}
	steps = append(steps,
		// Import by ID still works and sets the identity.
		acc.TestStep{
			ResourceName:    identityCustomerMappingAddress,
			ImportState:     true,
			ImportStateKind: acc.ImportBlockWithID,
		},
		acc.TestStep{
			PreConfig:         func() { deleteAllOutOfBand(t, e) },
			Config:            identityConfig(e),
			ConfigPlanChecks:  acc.ConfigPlanChecks{PreApply: expectRecreateAll, PostApplyPostRefresh: emptyPlanAfterApply},
			ConfigStateChecks: identityChecks(),
		},
	)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureIdentity)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckExamplesDestroyed(t, e),
		Steps:                    steps,
	})
}

// TestAccResourceIdentity_upgrade: state written by a provider version without identity
// (the provider served with its resources stripped of the identity schema: a step with
// ExternalProviders would need the registry) gets its identity at the first refresh, also
// when that refresh finds an object gone and removes it.
func TestAccResourceIdentity_upgrade(t *testing.T) {
	e := testharness.Emulator(t)
	acc.ParallelTest(t, acc.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{testharness.EngineHas(testharness.FeatureIdentity)},
		CheckDestroy:           testAccCheckExamplesDestroyed(t, e),
		Steps: []acc.TestStep{
			{
				ProtoV6ProviderFactories: providerWithoutIdentityFactories,
				Config:                   identityConfig(e),
				ConfigPlanChecks:         acc.ConfigPlanChecks{PostApplyPostRefresh: emptyPlanAfterApply},
				ConfigStateChecks:        []statecheck.StateCheck{noIdentityInState{}},
			},
			{
				// The customer mapping was removed in the console meanwhile.
				PreConfig: func() {
					if err := e.Admin().DeleteCustomerMapping(api.PsaAutotask, seedCustomerAlpine); err != nil {
						t.Fatalf("unmapping the customer out of band: %v", err)
					}
				},
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   identityConfig(e),
				ConfigPlanChecks: acc.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(identityProductAddress, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(identityProductMappingAddress, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(identityCustomerMappingAddress, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: emptyPlanAfterApply,
				},
				ConfigStateChecks: identityChecks(),
			},
		},
	})
}

// productIdentityMatchesID checks that a ConnectWise product's identity is its numeric id:
// the number in the identity, the same digits in the string attribute id.
type productIdentityMatchesID struct{ address string }

func (c productIdentityMatchesID) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state to check")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		identity, ok := r.IdentityValues["id"]
		if !ok {
			resp.Error = fmt.Errorf("%s has no identity id (identity %v)", c.address, r.IdentityValues)
			return
		}
		resp.Error = sameText{}.CompareValues(r.AttributeValues["id"], identity)
		return
	}
	resp.Error = fmt.Errorf("%s is not in state", c.address)
}

// noIdentityInState proves the first step of the upgrade test wrote state without identity,
// so the second step really upgrades.
type noIdentityInState struct{}

func (noIdentityInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state to check")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if len(r.IdentityValues) > 0 {
			resp.Error = fmt.Errorf("%s: the provider without identity wrote identity %v", r.Address, r.IdentityValues)
			return
		}
	}
}

// providerWithoutIdentityFactories serves the provider as a version without resource
// identity would: the same resources, without IdentitySchema.
var providerWithoutIdentityFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"sophos": providerserver.NewProtocol6WithError(providerWithoutIdentity{inner: newTestProvider()}),
}

// providerWithoutIdentity forwards the provider's core methods only (no list resources or
// actions, which need identity) and strips identity from its resources.
type providerWithoutIdentity struct{ inner *sophosProvider }

var _ provider.Provider = providerWithoutIdentity{}

func (p providerWithoutIdentity) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	p.inner.Metadata(ctx, req, resp)
}

func (p providerWithoutIdentity) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	p.inner.Schema(ctx, req, resp)
}

func (p providerWithoutIdentity) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	p.inner.Configure(ctx, req, resp)
}

func (p providerWithoutIdentity) DataSources(ctx context.Context) []func() datasource.DataSource {
	return p.inner.DataSources(ctx)
}

func (p providerWithoutIdentity) Resources(ctx context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, f := range p.inner.Resources(ctx) {
		out = append(out, func() resource.Resource { return resourceWithoutIdentity{inner: f()} })
	}
	return out
}

// resourceWithoutIdentity is a resource without IdentitySchema: its CRUD methods get no
// identity to set.
type resourceWithoutIdentity struct{ inner resource.Resource }

var (
	_ resource.ResourceWithConfigure      = resourceWithoutIdentity{}
	_ resource.ResourceWithImportState    = resourceWithoutIdentity{}
	_ resource.ResourceWithModifyPlan     = resourceWithoutIdentity{}
	_ resource.ResourceWithValidateConfig = resourceWithoutIdentity{}
)

func (r resourceWithoutIdentity) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.inner.Metadata(ctx, req, resp)
}

func (r resourceWithoutIdentity) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.inner.Schema(ctx, req, resp)
}

func (r resourceWithoutIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.inner.Create(ctx, req, resp)
}

func (r resourceWithoutIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.inner.Read(ctx, req, resp)
}

func (r resourceWithoutIdentity) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.inner.Update(ctx, req, resp)
}

func (r resourceWithoutIdentity) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.inner.Delete(ctx, req, resp)
}

func (r resourceWithoutIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.inner.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if c, ok := r.inner.(resource.ResourceWithImportState); ok {
		c.ImportState(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if c, ok := r.inner.(resource.ResourceWithModifyPlan); ok {
		c.ModifyPlan(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if c, ok := r.inner.(resource.ResourceWithValidateConfig); ok {
		c.ValidateConfig(ctx, req, resp)
	}
}
