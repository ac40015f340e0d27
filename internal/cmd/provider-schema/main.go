// Command provider-schema prints the provider's schemas as `terraform providers schema
// -json` would with an engine that knows every kind of schema the provider serves (list
// resources, actions and resource identities included). make docs feeds it to tfplugindocs
// with --providers-schema, so the generated docs do not depend on the engine on PATH.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/psa-iac/terraform-provider-sophos/internal/provider"
	"github.com/psa-iac/terraform-provider-sophos/internal/providerschema"
)

// address is where tfplugindocs looks the provider's schema up.
const address = "registry.terraform.io/hashicorp/sophos"

func main() {
	out, err := providerschema.JSON(context.Background(), providerserver.NewProtocol6(provider.New("docs")())(), address)
	if err != nil {
		fmt.Fprintln(os.Stderr, "provider-schema:", err)
		os.Exit(1)
	}
	if _, err := os.Stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintln(os.Stderr, "provider-schema:", err)
		os.Exit(1)
	}
}
