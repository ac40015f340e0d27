package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/testharness"
)

// TestAccConnectWiseProduct_replaceMapped: terraform plan -replace of a ConnectWise product
// that a Sophos product is mapped to fails at plan, naming the mapping and the way to
// replace a mapped product, instead of failing half-way through the apply; a product that
// nothing maps is replaced.
func TestAccConnectWiseProduct_replaceMapped(t *testing.T) {
	engine := newCLIEngine(t, "1.5.0")
	e := testharness.Emulator(t)
	const product = sophosConnectWiseProductTypeName + ".p"
	base := testharness.Config(e).Resource(sophosConnectWiseProductTypeName, "p", adoptedProduct("TF-REPLACED"))
	engine.Write("main.tf", base.Resource("sophos_psa_product_mapping", "ixa",
		productMapping("connectwise", "Sophos_Intercept_X_Advanced", testharness.Expr(product+".id"))).String())
	engine.MustRun("init", "-input=false", "-no-color")
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	out, code := engine.Run("plan", "-input=false", "-no-color", "-replace="+product)
	if code != 1 {
		t.Fatalf("replacing a mapped product: want the plan to fail, got exit %d:\n%s", code, out)
	}
	mustContain(t, out, "Error: Mapped ConnectWise product cannot be replaced", "with "+product, `Sophos products are mapped to ("Sophos_Intercept_X_Advanced")`,
		"add the new product as a resource of its own (another identifier), set the mappings' psa_product_id to it and apply")

	engine.Write("main.tf", base.String())
	engine.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if out, code := engine.Run("apply", "-auto-approve", "-input=false", "-no-color", "-replace="+product); code != 0 {
		t.Fatalf("replacing a product nothing maps: exit %d:\n%s", code, out)
	}
}
