package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Out-of-band operations on PSA connections, schedules and billing usage, as a person in
// the PSA (an API user's secret regenerated, a new API user) or in the Sophos Central
// Partner console ("View details", the schedule, Disconnect) would do them.

// SetPSAAPIUser adds an API user to the PSA, or replaces the one with the same login (the
// ConnectWise public key, the Autotask user name): for example the API user's secret
// regenerated in Autotask. An integration whose stored credentials the PSA no longer
// accepts goes to error with the PSA's text; one it accepts again is connected.
func (a *Admin) SetPSAAPIUser(psa api.Psa, c SeedPSACredentials) error {
	if err := violationsError("the API user", rules.CheckIntegrationInput(rules.APIIntegrationFields(), psa, c.input(psa))); err != nil {
		return err
	}
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		if err := putAPIUser(ctx, tx, a.partnerID, psa, c); err != nil {
			return err
		}
		return recheckCredentials(ctx, tx, a.partnerID, psa)
	})
}

// RemovePSAAPIUser deletes an API user from the PSA (the ConnectWise API member's keys or
// the Autotask API user revoked); an integration using it goes to error.
func (a *Admin) RemovePSAAPIUser(psa api.Psa, login string) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM psa_api_users WHERE partner_id = ? AND psa = ? AND login = ?", a.partnerID, psa, login)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errJoin(err, errNotFound("%s has no API user %q", psa.DisplayName(), login))
		}
		return recheckCredentials(ctx, tx, a.partnerID, psa)
	})
}

func errJoin(err error, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// SetIntegrationCredentials connects the PSA or replaces its credentials, as "View
// details" in the console does: the PSA checks them (422 with its text when it refuses).
func (a *Admin) SetIntegrationCredentials(psa api.Psa, c SeedPSACredentials) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		return connectIntegration(ctx, tx, a.partnerID, psa, c.input(psa), a.ts())
	})
}

// DisconnectIntegration disconnects the PSA as Disconnect in the console does: refused
// while products or customers are mapped in it.
func (a *Admin) DisconnectIntegration(psa api.Psa) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		return disconnectIntegration(ctx, tx, a.partnerID, psa, "Unmap them first.")
	})
}

// SetUsageSyncSchedule changes the PSA's usage-sync schedule, as in the console.
func (a *Admin) SetUsageSyncSchedule(psa api.Psa, schedule api.UsageSyncFrequency, dayOfMonth *int) error {
	return a.tx(psa, func(ctx context.Context, tx *sql.Tx) error {
		rec, err := loadIntegration(ctx, tx, a.partnerID, psa)
		if err != nil {
			return err
		}
		if err := requireConfigured(rec); err != nil {
			return err
		}
		return setSchedule(ctx, tx, a.partnerID, psa, api.UsageSyncScheduleInput{UsageSyncSchedule: schedule, DayOfMonth: dayOfMonth}, a.ts())
	})
}

// AddBillingUsage adds a usage line to the partner's billing report (every month from the
// partner's first month, unless it names its months).
func (a *Admin) AddBillingUsage(l SeedBillingLine) error {
	ctx := context.Background()
	return a.e.store.tx(ctx, func(tx *sql.Tx) error {
		if err := a.ensureBilling(ctx, tx); err != nil {
			return err
		}
		s := &Seed{Partners: []SeedPartner{{ID: a.partnerID, BillingUsage: &SeedBillingUsage{Lines: []SeedBillingLine{l}}}}}
		v := seedValidator{tenantIDs: map[string]string{}, sophos: map[string]bool{}}
		if l.CustomerID != "" {
			var partner string
			if err := tx.QueryRowContext(ctx, "SELECT partner_id FROM tenants WHERE id = ?", strings.ToLower(l.CustomerID)).Scan(&partner); err == nil {
				v.tenantIDs[strings.ToLower(l.CustomerID)] = partner
			}
		}
		codes, err := billingCodes(ctx, tx)
		if err != nil {
			return err
		}
		for _, c := range codes {
			s.BillingProducts = append(s.BillingProducts, SeedBillingProduct{ProductCode: c, Description: c})
		}
		v.billing(s)
		if len(v.problems) > 0 {
			return errBadRequest("the usage line is invalid: %s", strings.Join(v.problems, "; "))
		}
		return insertBillingLine(ctx, tx, a.partnerID, s.Partners[0].BillingUsage.Lines[0])
	})
}

// SynthesizeUsage adds n usage lines spread over the partner's usage-billed customers in
// turn, cycling through the billing product codes, for a month with thousands of lines. It
// returns how many lines the partner's report has per month now.
func (a *Admin) SynthesizeUsage(n int) (int, error) {
	if n < 0 {
		return 0, errBadRequest("lines must not be negative")
	}
	ctx := context.Background()
	total := 0
	err := a.e.store.tx(ctx, func(tx *sql.Tx) error {
		if err := a.ensureBilling(ctx, tx); err != nil {
			return err
		}
		var customers []string
		rows, err := tx.QueryContext(ctx, "SELECT id FROM tenants WHERE partner_id = ? AND billing_type = 'usage' ORDER BY name_fold, id", a.partnerID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				_ = rows.Close()
				return err
			}
			customers = append(customers, id)
		}
		if err := errJoin(rows.Err(), rows.Close()); err != nil {
			return err
		}
		codes, err := billingCodes(ctx, tx)
		if err != nil {
			return err
		}
		if n > 0 && (len(customers) == 0 || len(codes) == 0) {
			return errConflict("the partner has no usage-billed customer or there is no billing product code to synthesize usage with")
		}
		for i := range n {
			l := SeedBillingLine{CustomerID: customers[i%len(customers)], ProductCode: codes[(i/len(customers))%len(codes)], Quantity: float64(1 + i%40)}
			if err := insertBillingLine(ctx, tx, a.partnerID, l); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM billing_usage WHERE partner_id = ? AND months = ''", a.partnerID).Scan(&total)
	})
	return total, err
}

// ensureBilling gives a partner without billing settings the defaults.
func (a *Admin) ensureBilling(ctx context.Context, tx *sql.Tx) error {
	if err := requirePartner(ctx, tx, a.partnerID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO billing_settings(partner_id, since, distributor) VALUES(?, ?, ?) ON CONFLICT(partner_id) DO NOTHING",
		a.partnerID, defaultBillingSince, defaultBillingDistributor)
	return err
}

func billingCodes(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT code FROM billing_products ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// adminIntegrationRoutes registers the admin routes of PSA connections, schedules, sync
// runs and billing usage.
func (e *Emulator) adminIntegrationRoutes(handle adminRoute) {
	noContent := func(err error) (int, any, error) { return http.StatusNoContent, nil, err }
	withPSA := func(r *http.Request, v any) (api.Psa, error) {
		psa, err := pathPSA(r)
		if err == nil && v != nil {
			err = decodeBody(r, v)
		}
		return psa, err
	}
	handle("PUT /_emulator/psa/{psa}/api-users", func(r *http.Request, a *Admin) (int, any, error) {
		var c SeedPSACredentials
		psa, err := withPSA(r, &c)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.SetPSAAPIUser(psa, c))
	})
	handle("DELETE /_emulator/psa/{psa}/api-users/{login}", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.RemovePSAAPIUser(psa, r.PathValue("login")))
	})
	handle("PUT /_emulator/psa/{psa}/integration/credentials", func(r *http.Request, a *Admin) (int, any, error) {
		var c SeedPSACredentials
		psa, err := withPSA(r, &c)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.SetIntegrationCredentials(psa, c))
	})
	handle("DELETE /_emulator/psa/{psa}/integration", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.DisconnectIntegration(psa))
	})
	handle("PUT /_emulator/psa/{psa}/integration/usage-sync-schedule", func(r *http.Request, a *Admin) (int, any, error) {
		var in api.UsageSyncScheduleInput
		psa, err := withPSA(r, &in)
		if err != nil {
			return 0, nil, err
		}
		return noContent(a.SetUsageSyncSchedule(psa, in.UsageSyncSchedule, in.DayOfMonth))
	})
	handle("POST /_emulator/psa/{psa}/usage-sync/invoice", func(r *http.Request, a *Admin) (int, any, error) {
		psa, err := withPSA(r, nil)
		if err != nil {
			return 0, nil, err
		}
		run, err := a.RunInvoiceSync(psa)
		return http.StatusOK, run, err
	})
	handle("POST /_emulator/billing/usage", func(r *http.Request, a *Admin) (int, any, error) {
		var l SeedBillingLine
		if err := decodeBody(r, &l); err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, nil, a.AddBillingUsage(l)
	})
	handle("POST /_emulator/billing/usage/synthesize", func(r *http.Request, a *Admin) (int, any, error) {
		var in struct {
			Lines int `json:"lines"`
		}
		if err := decodeBody(r, &in); err != nil {
			return 0, nil, err
		}
		total, err := a.SynthesizeUsage(in.Lines)
		return http.StatusCreated, map[string]any{"linesPerMonth": total}, err
	})
}

// String names credentials for logs and messages without their secret.
func (c SeedPSACredentials) String() string {
	if c.PublicKey != "" {
		return fmt.Sprintf("ConnectWise API member %s of %s at %s", c.PublicKey, c.CompanyID, c.Site)
	}
	return fmt.Sprintf("Autotask API user %s", c.UserName)
}
