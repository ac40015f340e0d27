package testharness

import (
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// ClientConfig is the configuration of an API client of e as a user would write it: the
// primary partner's credential, the emulator as both the auth and the API host, and three
// retries. The partner id is left to whoami, and the backoff is the client's own (client
// tests replace Sleep to see it; FastRetries shortens it).
func ClientConfig(e *emulator.Emulator) client.Config {
	c := e.Credentials()
	return client.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		AuthURL:      e.URL(),
		APIURL:       e.URL(),
		MaxRetries:   3,
	}
}

// FastRetries shortens the retry backoff for tests and gives each attempt a deadline
// generous enough for a loaded machine. The provider's tests tune their provider's client
// with it too.
func FastRetries(cfg *client.Config) {
	cfg.MinBackoff = time.Millisecond
	cfg.MaxBackoff = 20 * time.Millisecond
	cfg.RequestTimeout = 20 * time.Second
}

// FastPSARetries is FastRetries for the PSA clients' HTTP layer (the provider's connectwise
// and autotask blocks).
func FastPSARetries(o *psahttp.Options) {
	o.MinBackoff = time.Millisecond
	o.MaxBackoff = 20 * time.Millisecond
	o.RequestTimeout = 20 * time.Second
}

// Client is an API client of e configured by ClientConfig and then by each mutate in turn.
func Client(t testing.TB, e *emulator.Emulator, mutate ...func(*client.Config)) *client.Client {
	t.Helper()
	cfg := ClientConfig(e)
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatalf("creating the test client: %v", err)
	}
	return c
}
