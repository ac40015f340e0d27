package provider

import (
	"context"
	"testing"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestProductReleases: a product's delete waits for a release that runs and ends well, and
// stops waiting when one fails or never starts (then the product stays, with its error).
func TestProductReleases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const cw = api.PsaConnectwise

	p := newProductReleases()
	end := p.start(cw, "Sophos_Intercept_X_Advanced")
	got := make(chan bool, 1)
	go func() { got <- p.awaitReleased(ctx, []string{"Sophos_Intercept_X_Advanced"}, time.Hour) }()
	select {
	case r := <-got:
		t.Fatalf("returned %v while the release was running", r)
	case <-time.After(50 * time.Millisecond): // it waits; how long is no assertion
	}
	end(true)
	if !<-got {
		t.Error("a finished release: want true")
	}

	p.start(cw, "Sophos_Central_Device_Encryption")(false)
	if p.awaitReleased(ctx, []string{"Sophos_Central_Device_Encryption"}, time.Hour) {
		t.Error("a failed release: want false")
	}
	// Not released by this process: given up once the announce wait is over.
	if p.awaitReleased(ctx, []string{"Sophos_Email_Advanced"}, time.Millisecond) {
		t.Error("a mapping nobody releases: want false")
	}
	// Released in the other PSA only: still blocking in this one.
	p.start(api.PsaAutotask, "Sophos_Email_Advanced")(true)
	if p.awaitReleased(ctx, []string{"Sophos_Email_Advanced"}, time.Millisecond) {
		t.Error("released in Autotask, blocking in ConnectWise: want false")
	}
	// A release that starts during the wait is waited for.
	go func() {
		time.Sleep(10 * time.Millisecond)
		p.start(cw, "Sophos_Email_Advanced")(true)
	}()
	if !p.awaitReleased(ctx, []string{"Sophos_Email_Advanced"}, time.Hour) {
		t.Error("a release announced during the wait: want true")
	}
	var none *productReleases
	if none.awaitReleased(ctx, []string{"x"}, time.Hour) {
		t.Error("without a provider configured: want false")
	}
}
