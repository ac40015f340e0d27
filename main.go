// Command terraform-provider-sophos serves the Sophos Central Partner PSA-integration
// Terraform provider over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/psa-iac/terraform-provider-sophos/internal/provider"
)

// version is set by goreleaser with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve(provider.Address, provider.NewProtocolServer(provider.New(version)), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
