package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestETagPrivateState(t *testing.T) {
	ctx := context.Background()
	p := &fakePrivate{}
	if etag, _ := getETag(ctx, p); etag != "" {
		t.Errorf("no ETag kept yet, got %q", etag)
	}
	if diags := setETag(ctx, p, `W/"3"`); diags.HasError() {
		t.Fatalf("setETag: %v", diags)
	}
	if etag, _ := getETag(ctx, p); etag != `W/"3"` {
		t.Errorf("getETag = %q, want W/\"3\"", etag)
	}
}

// TestETagPrivateState_unreadable: an ETag that cannot be decoded is an error, never ""
// (which would send the next write without If-Match and overwrite changes made outside
// Terraform).
func TestETagPrivateState_unreadable(t *testing.T) {
	ctx := context.Background()
	p := &fakePrivate{data: map[string][]byte{etagKey.name: []byte(`{"not":"a string"}`)}}
	etag, diags := getETag(ctx, p)
	if !diags.HasError() {
		t.Fatalf("want an error for an unreadable ETag, got ETag %q and no error", etag)
	}
	if etag != "" {
		t.Errorf("want no ETag with the error, got %q", etag)
	}
	d := diags.Errors()[0]
	if d.Summary() != "Unable to read the object's version" || !strings.Contains(d.Detail(), "terraform apply -refresh-only") {
		t.Errorf("unexpected diagnostic: %s: %s", d.Summary(), d.Detail())
	}
}

// TestPrivateStateKeys: every key round-trips its type, a hint that cannot be decoded reads
// as missing (it only ever holds hints), and no two keys share a name.
func TestPrivateStateKeys(t *testing.T) {
	ctx := context.Background()
	p := &fakePrivate{}
	var diags diag.Diagnostics
	if _, ok := readReplacedCustomer(ctx, p, &diags); ok {
		t.Error("nothing replaced yet, got a replaced customer")
	}
	diags.Append(saveReplacedCustomer(ctx, p, replacedCustomer{PSA: "autotask", CustomerID: "c"})...)
	if r, ok := readReplacedCustomer(ctx, p, &diags); !ok || r.CustomerID != "c" || r.PSA != "autotask" {
		t.Errorf("replaced customer = %+v, %t", r, ok)
	}
	if readPlannedProductName(ctx, p, &diags) != nil {
		t.Error("no planned product name yet")
	}
	diags.Append(savePlannedProductName(ctx, p, &plannedProductName{ProductID: 7, Name: "New"})...)
	if got := readPlannedProductName(ctx, p, &diags); got == nil || got.Name != "New" || got.ProductID != 7 {
		t.Errorf("planned product name = %+v", got)
	}
	diags.Append(savePlannedProductName(ctx, p, nil)...)
	if got := readPlannedProductName(ctx, p, &diags); got != nil {
		t.Errorf("a cleared planned product name reads %+v", got)
	}
	inactive := api.CustomerMappingContractStatusInactive
	diags.Append(saveCustomerMappingHealth(ctx, p, &api.CustomerMapping{BillingType: api.BillingTypeTerm, ContractStatus: &inactive})...)
	if h := readCustomerMappingHealth(ctx, p, &diags); h.BillingType != "term" || h.ContractStatus != "inactive" || h.CompanyExists != nil {
		t.Errorf("health = %+v", h)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 5, time.FixedZone("x", 3600))
	if credentialsWrittenBy(ctx, p, &at, &diags) {
		t.Error("credentials never written by Terraform, but read as written")
	}
	diags.Append(saveCredentialsWritten(ctx, p, &at)...)
	later := at.Add(time.Nanosecond)
	if !credentialsWrittenBy(ctx, p, &at, &diags) || credentialsWrittenBy(ctx, p, &later, &diags) || credentialsWrittenBy(ctx, p, nil, &diags) {
		t.Error("credentials written: only the same time is Terraform's write")
	}
	if diags.HasError() {
		t.Fatal(diags)
	}

	p.data[customerMappingHealthKey.name] = []byte(`"not an object"`)
	if h := readCustomerMappingHealth(ctx, p, &diags); h != (customerMappingHealth{}) || diags.HasError() {
		t.Errorf("unreadable health: want none and no error, got %+v %v", h, diags)
	}

	diags.Append(setETag(ctx, p, `"1"`)...)
	names := map[string]bool{}
	for _, name := range []string{etagKey.name, customerMappingHealthKey.name, replacedCustomerKey.name, plannedProductNameKey.name, credentialsWrittenKey.name} {
		if names[name] {
			t.Errorf("two private-state keys are named %q", name)
		}
		names[name] = true
	}
	if len(p.data) != len(names) {
		t.Errorf("keys written: %v", p.data)
	}
}

// fakePrivate is private state in memory.
type fakePrivate struct{ data map[string][]byte }

func (f *fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return f.data[key], nil
}

func (f *fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if f.data == nil {
		f.data = map[string][]byte{}
	}
	f.data[key] = value
	return nil
}
