package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
)

func TestTypedErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()

	_, _, err := f.client.GetPSAProduct(ctx, api.PsaConnectwise, 999999)
	if !client.IsNotFound(err) {
		t.Errorf("missing product: %v, want not found", err)
	}

	bad := api.PsaProductInput{Identifier: "BAD-SUBCAT", Description: "x", Subcategory: api.Reference{Name: ptr("No Such Subcategory")}, Type: api.Reference{Name: ptr("Service")}}
	_, err = f.client.CreatePSAProduct(ctx, api.PsaConnectwise, bad)
	var apiErr *client.APIError
	if !client.IsValidation(err) || !errors.As(err, &apiErr) || len(apiErr.Details) == 0 {
		t.Fatalf("bad subcategory: %v, want a validation error with details", err)
	}
	if !strings.Contains(err.Error(), "Endpoint Security") {
		t.Errorf("validation error %q does not list the valid subcategories", err)
	}

	dup := api.PsaProductInput{Identifier: "SOPHOS-CIX-ADV", Description: "duplicate", Subcategory: api.Reference{Name: ptr("Endpoint Security")}, Type: api.Reference{Name: ptr("Service")}}
	if _, err = f.client.CreatePSAProduct(ctx, api.PsaConnectwise, dup); !client.IsConflict(err) {
		t.Errorf("duplicate identifier: %v, want conflict", err)
	}

	p, etag, err := f.client.GetPSAProduct(ctx, api.PsaConnectwise, 108)
	if err != nil {
		t.Fatal(err)
	}
	in := api.PsaProductInput{Identifier: p.Identifier, Description: "Renamed once", Subcategory: api.Reference{Id: p.Subcategory.Id}, Type: api.Reference{Id: p.Type.Id}}
	if _, _, err := f.client.UpdatePSAProduct(ctx, api.PsaConnectwise, 108, in, etag); err != nil {
		t.Fatalf("update with the current ETag: %v", err)
	}
	in.Description = "Renamed twice"
	if _, _, err = f.client.UpdatePSAProduct(ctx, api.PsaConnectwise, 108, in, etag); !client.IsPreconditionFailed(err) {
		t.Fatalf("update with a stale ETag: %v, want 412", err)
	}
	if !errors.As(err, &apiErr) || apiErr.RequestID == "" {
		t.Errorf("API error carries no request id: %#v", err)
	}
}
