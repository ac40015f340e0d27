package provider

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// Test helpers of the product side, beside the shared harness in provider_test.go.

// emptyPlanAfterApply is the PostApplyPostRefresh plan check every applying step ends with.
var emptyPlanAfterApply = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}

// outOfBandChange is a plan check that changes something out of band after Terraform
// planned and before it applies, as someone working in the console at that moment would.
type outOfBandChange struct {
	change func(ctx context.Context) error
}

func (c outOfBandChange) CheckPlan(ctx context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.change(ctx)
}

// changeOutOfBand returns a PreApply plan check that runs change between plan and apply.
func changeOutOfBand(change func(ctx context.Context) error) plancheck.PlanCheck {
	return outOfBandChange{change: change}
}

// stateID returns the `id` attribute of a resource in state.
func stateID(s *terraform.State, address string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return rs.Primary.ID, nil
}

// productIDByIdentifier finds a ConnectWise product by identifier through the API,
// including inactive products. It fails the test unless exactly one product matches.
func productIDByIdentifier(ctx context.Context, t *testing.T, c *client.Client, identifier string) int64 {
	t.Helper()
	ps, err := c.ListPSAProducts(ctx, api.Connectwise, client.ProductQuery{Identifier: identifier, IncludeInactive: true})
	if err != nil {
		t.Fatalf("listing products with identifier %q: %v", identifier, err)
	}
	if len(ps) != 1 {
		t.Fatalf("want exactly 1 product with identifier %q, got %d", identifier, len(ps))
	}
	return ps[0].Id
}

// testAccCheckConnectWiseProductsDestroyed checks that every ConnectWise product of the
// state is gone from the API: the API must answer 404, nothing else.
func testAccCheckConnectWiseProductsDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := newTestClient(t, e)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != connectWiseProductTypeName && rs.Type != sophosConnectWiseProductTypeName {
				continue
			}
			id, err := strconv.ParseInt(rs.Primary.ID, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: id %q is not numeric", address, rs.Primary.ID)
			}
			_, _, err = c.GetPSAProduct(context.Background(), api.Connectwise, id)
			switch {
			case err == nil:
				return fmt.Errorf("%s: ConnectWise product %d still exists after destroy", address, id)
			case !client.IsNotFound(err):
				return fmt.Errorf("%s: want 404 for ConnectWise product %d after destroy, got %w", address, id, err)
			}
		}
		return nil
	}
}

// testAccCheckProductMappingsDestroyed checks that every product mapping of the state is
// unmapped in the API, with usage sync off.
func testAccCheckProductMappingsDestroyed(t *testing.T, e *emulator.Emulator) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := newTestClient(t, e)
		for address, rs := range s.RootModule().Resources {
			if rs.Type != "sophos_psa_product_mapping" {
				continue
			}
			psa := api.Psa(rs.Primary.Attributes["psa"])
			sp := rs.Primary.Attributes["sophos_product"]
			m, _, err := c.GetProductMapping(context.Background(), psa, sp)
			if err != nil {
				return fmt.Errorf("%s: reading the mapping after destroy: %w", address, err)
			}
			if m.Mapped || m.SyncEnabled {
				return fmt.Errorf("%s: after destroy want mapped=false and syncEnabled=false, got mapped=%t syncEnabled=%t", address, m.Mapped, m.SyncEnabled)
			}
		}
		return nil
	}
}

// sameText compares values by their text, so a string id "123" equals the number 123.
type sameText struct{}

func (sameText) CompareValues(values ...any) error {
	for i := 1; i < len(values); i++ {
		if fmt.Sprint(values[i]) != fmt.Sprint(values[0]) {
			return fmt.Errorf("expected %v to be the same as %v", values[i], values[0])
		}
	}
	return nil
}

// errorPattern compiles an ExpectError pattern in which every space also matches the line
// breaks Terraform puts into wrapped diagnostics. "." matches newlines too.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// exampleConfig is the documentation example at path (below examples/) with a provider
// block for e, so tests apply exactly what the docs show.
func exampleConfig(t *testing.T, e *emulator.Emulator, path string) string {
	t.Helper()
	b, err := fs.ReadFile(os.DirFS(filepath.Join("..", "..", "examples")), path)
	if err != nil {
		t.Fatalf("reading example %s: %v", path, err)
	}
	return testProviderConfig(e) + string(b)
}
