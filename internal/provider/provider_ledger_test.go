package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestPlanLedgerClaims: a second claim of the same thing names the first claimant; claims
// of different kinds, PSAs or objects do not meet; ids and identifiers compare as the API
// compares them.
func TestPlanLedgerClaims(t *testing.T) {
	l := newPlanLedger()
	first := func(got string) {
		t.Helper()
		if got != "" {
			t.Errorf("a first claim found an earlier one: %q", got)
		}
	}
	first(l.claimCustomer(api.PsaAutotask, "ABC", "a"))
	if got := l.claimCustomer(api.PsaAutotask, "abc", "b"); got != "a" {
		t.Errorf("the same customer in another case: want the first claimant a, got %q", got)
	}
	first(l.claimCustomer(api.PsaConnectwise, "abc", "c"))
	first(l.claimSophosProduct(api.PsaAutotask, "abc", "d")) // a Sophos product is not a customer
	if got := l.claimSophosProduct(api.PsaAutotask, "ABC", "e"); got != "" {
		t.Errorf("Sophos products compare exactly, got a claim by %q", got)
	}
	first(l.claimContract(api.PsaAutotask, 1, 2, "f"))
	first(l.claimContract(api.PsaAutotask, 2, 1, "g"))
	if got := l.claimContract(api.PsaAutotask, 1, 2, "h"); got != "f" {
		t.Errorf("the same company and contract: want f, got %q", got)
	}
	first(l.claimIdentifier("SOPHOS-X", "SOPHOS-X"))
	if got := l.claimIdentifier(" sophos-x ", "sophos-x"); got != "SOPHOS-X" {
		t.Errorf("identifiers equal but for case: want SOPHOS-X, got %q", got)
	}
}

// TestPlanLedgerNotes: usage-sync switches see the other PSA only, unmaps are per table and
// PSA, planned names per PSA and product, and a PSA's problem is explained once.
func TestPlanLedgerNotes(t *testing.T) {
	l := newPlanLedger()
	if l.noteUsageSync(api.PsaAutotask, "C") {
		t.Error("nothing noted in ConnectWise yet")
	}
	if l.noteUsageSync(api.PsaAutotask, "d") || !l.noteUsageSync(api.PsaConnectwise, "c") {
		t.Error("usage sync of customer c noted in Autotask must be seen from ConnectWise, and only for c")
	}

	l.noteUnmap(customerMappingKey(api.PsaAutotask, "X"))
	if !l.unmapped(customerMappingKey(api.PsaAutotask, "x")) || l.unmapped(customerMappingKey(api.PsaConnectwise, "x")) ||
		l.unmapped(productMappingKey(api.PsaAutotask, "x")) {
		t.Error("an unmap is of one table's row in one PSA")
	}

	l.planProductName(api.PsaConnectwise, 7, "New")
	if name, ok := l.plannedProductName(api.PsaConnectwise, 7); !ok || name != "New" {
		t.Errorf("planned name = %q, %t", name, ok)
	}
	if _, ok := l.plannedProductName(api.PsaAutotask, 7); ok {
		t.Error("a planned name is of one PSA's product")
	}

	if !l.explainOnce(api.PsaAutotask) || l.explainOnce(api.PsaAutotask) || !l.explainOnce(api.PsaConnectwise) {
		t.Error("each PSA's problem is explained once")
	}
}

// TestPlanLedgerNil: a provider that is not configured records nothing and finds nothing.
func TestPlanLedgerNil(t *testing.T) {
	var none *planLedger
	none.noteUnmap(customerMappingKey(api.PsaAutotask, "c"))
	none.planProductName(api.PsaAutotask, 1, "x")
	if none.claimCustomer(api.PsaAutotask, "c", "a") != "" || none.claimCustomer(api.PsaAutotask, "c", "b") != "" ||
		none.unmapped(customerMappingKey(api.PsaAutotask, "c")) || none.noteUsageSync(api.PsaAutotask, "c") {
		t.Error("a nil ledger holds something")
	}
	if _, ok := none.plannedProductName(api.PsaAutotask, 1); ok || !none.explainOnce(api.PsaAutotask) || !none.explainOnce(api.PsaAutotask) {
		t.Error("a nil ledger holds something")
	}
}
