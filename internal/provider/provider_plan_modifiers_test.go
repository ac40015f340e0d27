package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestKeepPlanned: a write stores the API's value only where the plan was unknown; a known
// planned value, null included, is what Terraform checks the result against.
func TestKeepPlanned(t *testing.T) {
	api := types.StringValue("Renamed in the PSA")
	for _, tc := range []struct {
		name    string
		planned types.String
		want    types.String
	}{
		{"unknown takes the API's value", types.StringUnknown(), api},
		{"a known name is kept", types.StringValue("As planned"), types.StringValue("As planned")},
		{"a planned null stays null", types.StringNull(), types.StringNull()},
	} {
		if got := keepPlanned(tc.planned, api); !got.Equal(tc.want) {
			t.Errorf("%s: keepPlanned(%s, %s) = %s, want %s", tc.name, tc.planned, api, got, tc.want)
		}
	}
}
