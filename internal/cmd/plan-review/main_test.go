package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestPlanReview(t *testing.T) {
	planJSON := `{
  "planned_values": {"outputs": {"next_sync_preview": {"value": {
    "connectwise/29946c86-596b-4918-b186-dbe32c6a986b": {"customer": "Alpine Dental Group", "psa_company": "Alpine Dental Group",
      "contract": "Alpine - Flex", "lines": [{"psa_product": "Sophos Intercept X Advanced", "quantity": 42, "price": 4.5}]}}}}},
  "checks": [
    {"address": {"kind": "check", "name": "last_syncs_succeeded"}, "status": "fail",
     "instances": [{"problems": [{"message": "The last usage sync failed for:\n- Lakeview: inactive"}]}]},
    {"address": {"kind": "check", "name": "integrations_are_connected"}, "status": "pass"},
    {"address": {"kind": "output_value", "name": "x"}, "status": "fail"}
  ]}`
	var out bytes.Buffer
	if code := run(strings.NewReader(planJSON), &out); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out.String())
	}
	for _, want := range []string{"connectwise", "Alpine Dental Group", "Sophos Intercept X Advanced", "42", "4.50",
		"FAIL  last_syncs_succeeded", "      - Lakeview: inactive", "PASS  integrations_are_connected", "1 check(s)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run(strings.NewReader(`{"checks": [{"address": {"kind": "check", "name": "a"}, "status": "pass"}]}`), &out); code != 0 {
		t.Fatalf("exit %d for a passing review:\n%s", code, out.String())
	}
	if code := run(strings.NewReader(`not json`), &out); code != 2 {
		t.Fatalf("exit %d for bad input", code)
	}
}
