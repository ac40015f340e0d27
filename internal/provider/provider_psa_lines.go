package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The lines a PSA holds to invoice: ConnectWise agreement additions
// (provider_psa_lines_connectwise.go), Autotask contract services with their units
// (provider_psa_lines_autotask.go). Only a PSA's own API has them: Sophos publishes no API
// for them and its integration's contract defines none, so only the directories of the
// provider's PSA blocks read them (a psaLineReader); the Sophos integration's directory is
// none. The reconciliation (sophos_billing_reconciliation) is their one reader.

// psaLineQuery is what a reconciliation reads of a PSA.
type psaLineQuery struct {
	// From and To are the first and last day of the month (YYYY-MM-DD): lines that do not
	// bill in it (ended before, starting after) are left out.
	From, To string
	// Contracts are the mapped contracts (agreements): only their lines are read.
	Contracts []int64
	// Products are the PSA products Sophos products are mapped to: lines of other products
	// (labour, other vendors) are not Sophos's and are left out.
	Products []int64
}

// psaLineSet is what a PSA holds for a psaLineQuery.
type psaLineSet struct {
	// Lines have their PSA, contract, product, quantity and unit price; the caller knows the
	// contracts' statuses.
	Lines []rules.PSALine
	// Gone are the asked contracts the PSA does not have at all (deleted, or never there).
	Gone map[int64]bool
}

// psaLineReader is a directory that reads the lines its PSA holds to invoice.
type psaLineReader interface {
	invoiceLines(ctx context.Context, q psaLineQuery) (*psaLineSet, error)
}

// lineReaderOf is the line reader of psa's directory, or false when the provider reads psa
// through the Sophos integration, which has no such lines.
func (c *providerData) lineReaderOf(psa api.Psa) (psaLineReader, bool) {
	r, ok := c.directories[psa].(psaLineReader)
	return r, ok
}

// psaBlockNeeded is the error of a reading that only the PSA's own API can serve when the
// provider block has no block for it: it names the block, what it takes and why, on the
// attribute that chose the PSA (at). what names the reader, capitalised.
func psaBlockNeeded(psa api.Psa, at path.Path, what string) diag.Diagnostic {
	block := psaBlock(psa)
	var args []string
	for _, a := range psaArgs[block] {
		if a.required {
			args = append(args, fmt.Sprintf("%s (%s)", a.attr, a.env))
		}
	}
	return diag.NewAttributeErrorDiagnostic(at, fmt.Sprintf("%s needs the provider's %s block", what, block),
		fmt.Sprintf("%s reads what %s holds to invoice, which only %s's own API has: Sophos Central has no API for it, so "+
			"it cannot be read through the Sophos integration. Add the %s block to the provider \"sophos\" block, with %s, "+
			"each also from its environment variable (an empty `%s {}` takes them all from there); see the guide "+
			"\"Connecting the provider to %s\". Nothing was read.",
			what, psa.DisplayName(), psa.DisplayName(), block, strings.Join(args, ", "), block, psa.ShortName()))
}

// contractStatusIn is a mapped contract's status as the PSA has it: its row in the run's
// listing of contracts (which, as the integration's, leaves out cancelled ones); one the
// PSA has but does not list is cancelled, one it does not have at all (gone) missing.
func contractStatusIn(listed map[int64]api.PsaContract, gone map[int64]bool, id int64) api.CustomerMappingContractStatus {
	if c, ok := listed[id]; ok {
		return api.CustomerMappingContractStatus(c.Status)
	}
	if gone[id] {
		return api.CustomerMappingContractStatusMissing
	}
	return api.CustomerMappingContractStatusCancelled
}

// inMonth reports whether a line that bills from start to end (dates or datetimes, "" for
// open) bills in the month from..to (dates).
func inMonth(start, end, from, to string) bool {
	day := func(s string) string { d, _, _ := strings.Cut(s, "T"); return d }
	return (start == "" || day(start) <= to) && (end == "" || day(end) >= from)
}
