package client

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/psa-iac/terraform-provider-sophos/internal/emulator"
)

// newTestClient is a client of emu with secret. (This is an internal test of the client, so
// it cannot use internal/testharness, which imports the client.)
func newTestClient(t *testing.T, emu *emulator.Emulator, secret string) *Client {
	t.Helper()
	c, err := New(Config{
		ClientID: emu.Credentials().ClientID, ClientSecret: secret,
		AuthURL: emu.URL(), APIURL: emu.URL(), MaxRetries: 3,
		Sleep: func(context.Context, time.Duration) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSecretsNeverReachTheLog runs successful calls, retried calls and a failed login
// with the provider's logger at its most verbose, then searches the log for the secret
// and the access token.
func TestSecretsNeverReachTheLog(t *testing.T) {
	t.Parallel()
	emu := emulator.StartForTest(t, emulator.Options{})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)

	c := newTestClient(t, emu, emu.Credentials().ClientSecret)
	if _, err := c.ListTenants(ctx); err != nil {
		t.Fatal(err)
	}
	emu.InjectNext(emulator.InjectedFault{Kind: "429", PathPrefix: "/partner/v1/psa/integrations", Count: 1, RetryAfter: 1})
	if _, err := c.ListIntegrations(ctx); err != nil {
		t.Fatal(err)
	}
	c.tokens.mu.Lock()
	token := c.tokens.token
	c.tokens.mu.Unlock()

	bad := newTestClient(t, emu, "wrong-secret-value-123")
	if _, err := bad.ListTenants(ctx); err == nil {
		t.Fatal("a wrong secret was accepted")
	}

	log := buf.String()
	for _, want := range []string{"Sophos API request", "/partner/v1/tenants", `"status":429`, "Sophos token request"} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not contain %q; the test would prove nothing:\n%s", want, log)
		}
	}
	for name, secret := range map[string]string{"client secret": emu.Credentials().ClientSecret, "wrong secret": "wrong-secret-value-123", "access token": token} {
		if secret == "" {
			t.Fatalf("%s is empty", name)
		}
		if strings.Contains(log, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
}

// TestPostWithoutKeyIsNeverRetried: a POST without an Idempotency-Key could apply twice,
// so it is not repeated after a dropped connection, nor after a 502 (the request may have
// been applied upstream).
func TestPostWithoutKeyIsNeverRetried(t *testing.T) {
	t.Parallel()
	for _, kind := range []emulator.FaultKind{"reset", "502"} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			emu := emulator.StartForTest(t, emulator.Options{})
			c := newTestClient(t, emu, emu.Credentials().ClientSecret)
			ctx := context.Background()
			if _, err := c.PartnerID(ctx); err != nil {
				t.Fatal(err)
			}
			emu.ResetCounters()
			emu.InjectNext(emulator.InjectedFault{Kind: kind, Method: http.MethodPost, PathPrefix: "/partner/v1/psa/connectwise/products", Count: 1})
			_, err := c.do(ctx, request{method: http.MethodPost, path: "/partner/v1/psa/connectwise/products", partner: true, body: map[string]any{}}, nil)
			if err == nil {
				t.Fatal("want the fault reported")
			}
			if got := emu.Counters()["POST /partner/v1/psa/{psa}/products"]; got != 1 {
				t.Fatalf("POST without an Idempotency-Key was sent %d times", got)
			}
		})
	}
}
