package rules

import (
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Autotask's contract status is a picklist whose values and labels differ per Autotask
// database, and Autotask has no cancelled flag or expired status of its own. What a status
// means to Sophos is read from its label, by this one rule, which the provider applies to
// what Autotask's entityInformation/fields answers and the emulator's Autotask room applies
// to its own picklists: a label naming a cancellation or termination is cancelled (never
// offered, never synced); one naming expiry or a lapse is expired; one naming inactivity, a
// suspension or a hold is inactive; every other label (Active, In Effect, ...) is active.
// The first matching class in that order wins, so "Inactive" is not read as active.

// autotaskStatusWords are the words of each class, lower case, in the order they are tried.
var autotaskStatusWords = []struct {
	status api.CustomerMappingContractStatus
	words  []string
}{
	{api.CustomerMappingContractStatusCancelled, []string{"cancel", "terminat"}},
	{api.CustomerMappingContractStatusExpired, []string{"expire", "lapse"}},
	{api.CustomerMappingContractStatusInactive, []string{"inactive", "not active", "suspend", "on hold"}},
}

// AutotaskContractStatus is what an Autotask contract status label means to Sophos:
// active, expired, inactive or cancelled.
func AutotaskContractStatus(label string) api.CustomerMappingContractStatus {
	l := strings.ToLower(label)
	for _, c := range autotaskStatusWords {
		for _, w := range c.words {
			if strings.Contains(l, w) {
				return c.status
			}
		}
	}
	return api.CustomerMappingContractStatusActive
}

// AutotaskStatusWords describes the rule for docs and messages: the words of each class.
func AutotaskStatusWords() map[api.CustomerMappingContractStatus][]string {
	out := map[api.CustomerMappingContractStatus][]string{}
	for _, c := range autotaskStatusWords {
		out[c.status] = append([]string(nil), c.words...)
	}
	return out
}
