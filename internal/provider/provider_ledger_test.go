package provider

import (
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// TestPlanLedgerClaims: a second claim of the same thing by another resource names the
// first claimant; the same resource claiming again (a replacement's second plan) is no
// conflict; claims of different kinds, PSAs or objects do not meet; ids and identifiers
// compare as the API compares them.
func TestPlanLedgerClaims(t *testing.T) {
	l := newPlanLedger()
	who := func(token string) claimant { return claimant{token: token, label: "resource " + token} }
	first := func(got *conflict) {
		t.Helper()
		if got != nil {
			t.Errorf("a first claim found an earlier one: %+v", *got)
		}
	}
	second := func(got *conflict, want string) {
		t.Helper()
		if got == nil || got.other.token != want || got.destroys {
			t.Errorf("want a conflict with %s, got %+v", want, got)
		}
	}
	first(l.claimCustomer(api.PsaAutotask, "ABC", who("a")))
	first(l.claimCustomer(api.PsaAutotask, "abc", who("a"))) // the same resource, planned again
	second(l.claimCustomer(api.PsaAutotask, "abc", who("b")), "a")
	first(l.claimCustomer(api.PsaConnectwise, "abc", who("c")))
	first(l.claimSophosProduct(api.PsaAutotask, "abc", who("d"))) // a Sophos product is not a customer
	first(l.claimSophosProduct(api.PsaAutotask, "ABC", who("e"))) // Sophos products compare exactly
	first(l.claimContract(api.PsaAutotask, 1, 2, who("f")))
	first(l.claimContract(api.PsaAutotask, 2, 1, who("g")))
	second(l.claimContract(api.PsaAutotask, 1, 2, who("h")), "f")
	first(l.claimIdentifier("SOPHOS-X", who("i")))
	second(l.claimIdentifier(" sophos-x ", who("j")), "i")
}

// TestPlanLedgerUnmapsMeetClaims: the destruction of a mapping that another resource claims
// is a conflict, whichever of the two is planned first; the resource's own claim is not.
func TestPlanLedgerUnmapsMeetClaims(t *testing.T) {
	l := newPlanLedger()
	kept, gone := claimant{token: "kept"}, claimant{token: "gone"}
	if c := l.claimCustomer(api.PsaAutotask, "X", kept); c != nil {
		t.Fatal(*c)
	}
	if c := l.noteUnmap(customerMappingKey(api.PsaAutotask, "x"), gone); c == nil || c.other.token != "kept" {
		t.Errorf("an unmap after another's claim: want a conflict with kept, got %+v", c)
	}
	if c := l.claimSophosProduct(api.PsaAutotask, "P", kept); c != nil {
		t.Fatal(*c)
	}
	if c := l.noteUnmap(productMappingKey(api.PsaAutotask, "P"), kept); c != nil {
		t.Errorf("a resource's own claim is no conflict, got %+v", *c)
	}
	l.noteUnmap(productMappingKey(api.PsaConnectwise, "Q"), gone)
	if c := l.claimSophosProduct(api.PsaConnectwise, "Q", kept); c == nil || !c.destroys || c.other.token != "gone" {
		t.Errorf("a claim after another's unmap: want a conflict with the destroyed gone, got %+v", c)
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

	l.noteUnmap(customerMappingKey(api.PsaAutotask, "X"), claimant{token: "t"})
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

	if !l.explainOnce(integrationTopic(api.PsaAutotask)) || l.explainOnce(integrationTopic(api.PsaAutotask)) ||
		!l.explainOnce(integrationTopic(api.PsaConnectwise)) || !l.explainOnce(explainTopic{kind: explainNotInState}) {
		t.Error("each PSA's problem is explained once, apart from other topics")
	}
}

// TestPlanLedgerNil: a provider that is not configured records nothing and finds nothing.
func TestPlanLedgerNil(t *testing.T) {
	var none *planLedger
	none.noteUnmap(customerMappingKey(api.PsaAutotask, "c"), claimant{token: "a"})
	none.planProductName(api.PsaAutotask, 1, "x")
	if none.claimCustomer(api.PsaAutotask, "c", claimant{token: "a"}) != nil || none.claimCustomer(api.PsaAutotask, "c", claimant{token: "b"}) != nil ||
		none.unmapped(customerMappingKey(api.PsaAutotask, "c")) || none.noteUsageSync(api.PsaAutotask, "c") {
		t.Error("a nil ledger holds something")
	}
	if _, ok := none.plannedProductName(api.PsaAutotask, 1); ok || !none.explainOnce(integrationTopic(api.PsaAutotask)) || !none.explainOnce(integrationTopic(api.PsaAutotask)) {
		t.Error("a nil ledger holds something")
	}
}
