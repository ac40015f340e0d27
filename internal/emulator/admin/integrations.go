package admin

import (
	"context"
	"errors"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/usagesync"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Out-of-band operations on PSA connections, schedules, usage-sync passes and billing
// usage, as a person in the PSA (an API user's secret regenerated, a new API user) or in
// the Sophos Central Partner console ("View details", the schedule, Disconnect, "Sync now")
// would do them.

// SetIntegrationStatus sets a PSA integration's status (connected, notConfigured or error),
// as connecting or disconnecting it in the console would.
func (a *Admin) SetIntegrationStatus(psa api.Psa, status api.IntegrationStatus) error {
	if !status.Valid() {
		return web.FieldError("status", string(status), api.Strings(api.IntegrationStatuses()), "unknown integration status %q", status)
	}
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		return q.SetIntegrationStatus(ctx, a.partnerID, psa, status, a.ts())
	})
}

// SetPSAAPIUser adds an API user to the PSA, or replaces the one with the same login (the
// ConnectWise public key, the Autotask user name): for example the API user's secret
// regenerated in Autotask. An integration whose stored credentials the PSA no longer
// accepts goes to error with the PSA's text; one it accepts again is connected.
func (a *Admin) SetPSAAPIUser(psa api.Psa, c psacredentials.Credentials) error {
	if err := web.Violations("the API user", rules.CheckIntegrationInput(rules.APIIntegrationFields(), psa, c.Input(psa))); err != nil {
		return err
	}
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		if err := q.PutAPIUser(ctx, a.partnerID, psa, psacredentials.Stored(psa, c)); err != nil {
			return err
		}
		return psacredentials.Recheck(ctx, q, a.partnerID, psa)
	})
}

// RemovePSAAPIUser deletes an API user from the PSA (the ConnectWise API member's keys or
// the Autotask API user revoked); an integration using it goes to error.
func (a *Admin) RemovePSAAPIUser(psa api.Psa, login string) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		err := q.DeleteAPIUser(ctx, a.partnerID, psa, login)
		if errors.Is(err, store.ErrNotFound) {
			return web.NotFound("%s has no API user %q", psa.DisplayName(), login)
		}
		if err != nil {
			return err
		}
		return psacredentials.Recheck(ctx, q, a.partnerID, psa)
	})
}

// SetIntegrationCredentials connects the PSA or replaces its credentials, as "View
// details" in the console does: the PSA checks them (422 with its text when it refuses).
func (a *Admin) SetIntegrationCredentials(psa api.Psa, c psacredentials.Credentials) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		return psaintegration.Connect(ctx, q, a.partnerID, psa, c.Input(psa), a.ts())
	})
}

// DisconnectIntegration disconnects the PSA as Disconnect in the console does: refused
// while products or customers are mapped in it.
func (a *Admin) DisconnectIntegration(psa api.Psa) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		return psaintegration.Disconnect(ctx, q, a.partnerID, psa, "Unmap them first.")
	})
}

// SetUsageSyncSchedule changes the PSA's usage-sync schedule, as in the console.
func (a *Admin) SetUsageSyncSchedule(psa api.Psa, schedule api.UsageSyncFrequency, dayOfMonth *int) error {
	return a.tx(psa, func(ctx context.Context, q store.Q) error {
		rec, err := q.Integration(ctx, a.partnerID, psa)
		if err != nil {
			return err
		}
		if err := psaintegration.RequireConfigured(rec); err != nil {
			return err
		}
		return psaintegration.SetSchedule(ctx, q, a.partnerID, psa, api.UsageSyncScheduleInput{UsageSyncSchedule: schedule, DayOfMonth: dayOfMonth}, a.ts())
	})
}

// SyncUsage runs a usage-sync pass of the PSA as its schedule or "Sync now" would (package
// usagesync), and returns the run as the history shows it: every mapped customer with usage
// sync on gets a result, and the company and contract names of every mapping are refreshed.
func (a *Admin) SyncUsage(psa api.Psa) (*api.UsageSyncRun, error) {
	return a.syncUsage(psa, false)
}

// SyncUsageWithInvoice runs the usage-sync pass of the monthly invoice, which also sends
// firewall products, whatever the schedule.
func (a *Admin) SyncUsageWithInvoice(psa api.Psa) (*api.UsageSyncRun, error) {
	return a.syncUsage(psa, true)
}

func (a *Admin) syncUsage(psa api.Psa, invoice bool) (*api.UsageSyncRun, error) {
	if err := psaintegration.CheckPSAValue(psa); err != nil {
		return nil, err
	}
	return usagesync.Run(context.Background(), a.st.Q(), a.partnerID, psa, invoice, a.now())
}

// SyncResults returns the stored results of past usage-sync passes of a PSA, newest first.
func (a *Admin) SyncResults(psa api.Psa) ([]usagesync.Result, error) {
	var out []usagesync.Result
	err := a.tx(psa, func(ctx context.Context, q store.Q) error {
		past, err := q.PastResults(ctx, a.partnerID, psa)
		for _, r := range past {
			out = append(out, usagesync.Result{CustomerID: r.CustomerID, CustomerName: r.CustomerName, CompanyID: r.CompanyID,
				ContractID: r.ContractID, Status: r.Status, Error: r.Error, At: r.At})
		}
		return err
	})
	return out, err
}

// AddBillingUsage adds a usage line to the partner's billing report (every month from the
// partner's first month, unless it names its months).
func (a *Admin) AddBillingUsage(l seed.BillingLine) error {
	return a.write(func(ctx context.Context, q store.Q) error {
		if err := a.ensureBilling(ctx, q); err != nil {
			return err
		}
		customerPartner := ""
		if l.CustomerID != "" {
			partner, err := q.TenantPartner(ctx, strings.ToLower(l.CustomerID))
			if err == nil {
				customerPartner = partner
			}
		}
		codes, err := q.BillingCodes(ctx)
		if err != nil {
			return err
		}
		if problems := seed.CheckBillingLine(a.partnerID, &l, customerPartner, codes); len(problems) > 0 {
			return web.BadRequest("the usage line is invalid: %s", strings.Join(problems, "; "))
		}
		return q.InsertBillingLine(ctx, a.partnerID, l.Store())
	})
}

// SynthesizeUsage adds n usage lines spread over the partner's usage-billed customers in
// turn, cycling through the billing product codes, for a month with thousands of lines. It
// returns how many lines the partner's report has per month now.
func (a *Admin) SynthesizeUsage(n int) (int, error) {
	if n < 0 {
		return 0, web.BadRequest("lines must not be negative")
	}
	total := 0
	err := a.write(func(ctx context.Context, q store.Q) error {
		if err := a.ensureBilling(ctx, q); err != nil {
			return err
		}
		customers, err := q.UsageBilledTenants(ctx, a.partnerID)
		if err != nil {
			return err
		}
		codes, err := q.BillingCodes(ctx)
		if err != nil {
			return err
		}
		if n > 0 && (len(customers) == 0 || len(codes) == 0) {
			return web.Conflict("the partner has no usage-billed customer or there is no billing product code to synthesize usage with")
		}
		for i := range n {
			l := store.BillingLine{CustomerID: customers[i%len(customers)], ProductCode: codes[(i/len(customers))%len(codes)], Quantity: float64(1 + i%40)}
			if err := q.InsertBillingLine(ctx, a.partnerID, l); err != nil {
				return err
			}
		}
		total, err = q.CountEveryMonthLines(ctx, a.partnerID)
		return err
	})
	return total, err
}

// ensureBilling gives a partner without billing settings the defaults.
func (a *Admin) ensureBilling(ctx context.Context, q store.Q) error {
	if err := a.requirePartner(ctx, q); err != nil {
		return err
	}
	return q.EnsureBillingSettings(ctx, a.partnerID, seed.DefaultBillingSince, seed.DefaultBillingDistributor)
}
