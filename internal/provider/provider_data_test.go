package provider

import (
	"testing"
)

func TestProviderDataFrom(t *testing.T) {
	if pd, diags := providerDataFrom(nil); pd != nil || diags.HasError() {
		t.Error("nil provider data (provider not configured yet) must be no error and no data")
	}
	if pd, diags := providerDataFrom("wrong"); pd != nil || !diags.HasError() {
		t.Error("provider data of the wrong type must be an error")
	}
	want := &providerData{}
	if pd, diags := providerDataFrom(want); pd != want || diags.HasError() {
		t.Error("provider data of the right type must be returned")
	}
}
