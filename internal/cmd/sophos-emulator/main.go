// Command sophos-emulator runs the local Sophos Central PSA Integration API emulator.
//
//	sophos-emulator [-addr 127.0.0.1:8787] [-tls-addr 127.0.0.1:8788] [-ca-cert-out ca.pem]
//	                [-db emulator.db] [-seed my-seed.yaml] [fault flags]
//
// It serves every room on -addr (plain HTTP) and, unless -tls-addr is empty, over HTTPS on
// -tls-addr with a certificate it generates, writing the authority's certificate to
// -ca-cert-out. It prints the provider settings to use (the Sophos ones and the connectwise
// block) and serves until SIGINT or SIGTERM.
// `sophos-emulator -print-seed` writes the built-in seed, a starting point for -seed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "sophos-emulator:", err)
		os.Exit(1)
	}
}

type config struct {
	addr, tlsAddr, caCertOut      string
	db, seed, readyFile, logLevel string
	printSeed, allowNonLoopback   bool
	randSeed                      int64
	faults                        emulator.Faults
	synth                         emulator.SynthOptions
	autotask                      emulator.AutotaskLimits
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("sophos-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8787", "listen `address` (loopback only unless -allow-non-loopback)")
	fs.StringVar(&c.tlsAddr, "tls-addr", "127.0.0.1:8788", "HTTPS listen `address` serving the same rooms with a generated certificate; empty for plain HTTP only")
	fs.StringVar(&c.caCertOut, "ca-cert-out", filepath.Join(os.TempDir(), "sophos-emulator-ca.pem"),
		"`file` the HTTPS listener's CA certificate (PEM) is written to, for ca_certificate_file or SSL_CERT_FILE")
	fs.BoolVar(&c.allowNonLoopback, "allow-non-loopback", false, "allow listening on a non-loopback address (the emulator has no real security)")
	fs.StringVar(&c.db, "db", "", "database `file` (state survives restarts); empty keeps the database in memory")
	fs.StringVar(&c.seed, "seed", "", "seed `file` (YAML or JSON) loaded into an empty database; default: the built-in seed")
	fs.BoolVar(&c.printSeed, "print-seed", false, "write the built-in seed (YAML) to stdout and exit")
	fs.StringVar(&c.readyFile, "ready-file", "", "write the emulator URL to this `file` once listening (for scripts)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.Int64Var(&c.randSeed, "rand-seed", 1, "seed of the pseudo-random fault rates")
	fs.DurationVar(&c.faults.Latency, "latency", 0, "latency added to every API request, e.g. 200ms")
	fs.Float64Var(&c.faults.Rate429, "rate-429", 0, "probability (0..1) of a 429 with Retry-After")
	fs.IntVar(&c.faults.RetryAfter, "retry-after", 1, "Retry-After `seconds` of throttled answers")
	fs.Float64Var(&c.faults.Rate5xx, "rate-5xx", 0, "probability (0..1) of a 503")
	fs.Float64Var(&c.faults.RateReset, "rate-reset", 0, "probability (0..1) that a write commits and the connection is then dropped")
	fs.DurationVar(&c.faults.TokenLifetime, "token-lifetime", emulator.DefaultTokenLifetime, "lifetime of access tokens")
	fs.Float64Var(&c.faults.RateLimit, "rate-limit", 0, "requests per second per partner (burst twice that); 0 = unlimited")
	fs.IntVar(&c.autotask.RequestThreshold, "autotask-request-threshold", 0, "requests per hour of each Autotask database; 0 = Autotask's 10000")
	fs.DurationVar(&c.autotask.UsageLatency, "autotask-usage-latency", emulator.DefaultAutotaskUsageLatency, "latency the Autotask API adds from half its threshold (twice from three quarters); 0 = none")
	fs.IntVar(&c.synth.Customers, "synthesize-customers", 0, "add `N` synthetic usage-billed customers with companies and contracts")
	fs.IntVar(&c.synth.Products, "synthesize-products", 0, "add `N` synthetic products to each PSA catalog")
	fs.IntVar(&c.synth.Companies, "synthesize-companies", 0, "add `N` synthetic companies without customers to each PSA")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for name, v := range map[string]float64{"rate-429": c.faults.Rate429, "rate-5xx": c.faults.Rate5xx, "rate-reset": c.faults.RateReset} {
		if v < 0 || v > 1 {
			return c, fmt.Errorf("-%s must be between 0 and 1, got %v", name, v)
		}
	}
	return c, nil
}

// run starts the emulator as the flags say and serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.printSeed {
		_, err := stdout.Write(emulator.DefaultSeedYAML())
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	opts := emulator.Options{
		Addr:             c.addr,
		TLSAddr:          c.tlsAddr,
		AllowNonLoopback: c.allowNonLoopback,
		DBPath:           c.db,
		Faults:           c.faults,
		RandSeed:         c.randSeed,
		AutotaskLimits:   &c.autotask,
		Logger:           slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}
	if c.seed != "" {
		if opts.Seed, err = emulator.LoadSeedFile(c.seed); err != nil {
			return err
		}
	}
	if c.tlsAddr != "" {
		opts.CACertFile = c.caCertOut
	}
	e, err := emulator.Start(ctx, opts)
	if err != nil {
		return err
	}
	if c.synth != (emulator.SynthOptions{}) {
		started := time.Now()
		if err := e.Admin().Synthesize(c.synth); err != nil {
			return errors.Join(fmt.Errorf("synthesizing data: %w", err), e.Close())
		}
		opts.Logger.Info("synthetic data added", "customers", c.synth.Customers, "products", c.synth.Products,
			"companies", c.synth.Companies, "took", time.Since(started).Round(time.Millisecond))
	}
	printBanner(stdout, e, opts.CACertFile)
	if c.readyFile != "" {
		if err := os.WriteFile(c.readyFile, []byte(e.URL()+"\n"), 0o600); err != nil {
			return errors.Join(fmt.Errorf("writing the ready file: %w", err), e.Close())
		}
	}
	<-ctx.Done()
	opts.Logger.Info("shutting down")
	return e.Close()
}

func printBanner(w io.Writer, e *emulator.Emulator, caFile string) {
	c := e.Credentials()
	fmt.Fprintf(w, `Sophos PSA emulator listening on %[1]s
  export SOPHOS_AUTH_URL=%[1]s
  export SOPHOS_API_URL=%[1]s
  export SOPHOS_CLIENT_ID=%[2]s
  export SOPHOS_CLIENT_SECRET=%[3]s
`, e.URL(), c.ClientID, c.ClientSecret)
	cwSite := e.URL()
	if e.TLSURL() != "" {
		cwSite = e.TLSURL()
		fmt.Fprintf(w, "HTTPS on %s (CA certificate: %s)\n", e.TLSURL(), caFile)
	}
	m := e.ConnectWiseMember()
	fmt.Fprintf(w, `
Provider configuration (the connectwise block reads and writes ConnectWise through its own
API, the emulator's ConnectWise room; leave it out to go through the Sophos integration):
  provider "sophos" {
    auth_url      = "%[1]s"
    api_url       = "%[1]s"
    client_id     = "%[2]s"
    client_secret = "%[3]s"

    connectwise {
      site        = "%[4]s"
      company_id  = "%[5]s"
      public_key  = "%[6]s"
      private_key = "%[7]s"
      client_id   = "%[8]s"
`, e.URL(), c.ClientID, c.ClientSecret, cwSite, m.CompanyID, m.PublicKey, m.PrivateKey, m.ClientID)
	if caFile != "" {
		fmt.Fprintf(w, "      ca_certificate_file = %q\n", caFile)
	}
	a := e.AutotaskUser()
	fmt.Fprintf(w, `    }

    # reads Autotask through its own API, the emulator's Autotask room
    autotask {
      username         = "%[1]s"
      secret           = "%[2]s"
      integration_code = "%[3]s"
      zone_lookup_url  = "%[4]s"
`, a.UserName, a.Secret, a.IntegrationCode, e.AutotaskURL())
	if caFile != "" {
		fmt.Fprintf(w, "      ca_certificate_file = %q\n", caFile)
	}
	fmt.Fprintf(w, `    }
  }

Partner id %[1]s. Admin API: %[2]s/_emulator/ (see internal/emulator/README.md). Ctrl-C stops.
`, c.PartnerID, e.URL())
}
