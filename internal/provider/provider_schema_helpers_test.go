package provider

import (
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

func TestMarkdownList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"a"}, "`a`"},
		{[]string{"a", "b"}, "`a` or `b`"},
		{[]string{"usage", "term", "trial"}, "`usage`, `term` or `trial`"},
	} {
		if got := markdownList(tc.in); got != tc.want {
			t.Errorf("markdownList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPSADescriptionNamesEveryPSA(t *testing.T) {
	d := psaDescription("PSA to use.")
	for _, v := range api.Strings(api.PSAs()) {
		if !strings.Contains(d, "`"+v+"`") {
			t.Errorf("psa description %q does not name %q", d, v)
		}
	}
}
