// Package usagesync is the usage-sync pass: what a pass sends to the PSA, writes into it
// and records. A pass syncs the current month's usage of every mapped customer with usage
// sync on: the billing lines rolled up to their Sophos product, for products mapped with
// sync on, summed per PSA product (rules.NextSync, the provider's usage_rollup too).
// Firewall products (syncsWithInvoiceOnly) go only with the monthly invoice. It writes each
// customer's lines into the PSA as Sophos's sync does (psalines.go): ConnectWise agreement
// additions, Autotask contract services and their units of the month. When the PSA refuses
// the stored credentials, the whole pass fails with the PSA's text, writes nothing and the
// integration goes to error. The console's "Sync now" (the PSA Integration API) and the
// admin API run it; the history is read through the store.
package usagesync

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Result is the outcome of a pass for one customer.
type Result struct {
	CustomerID   string         `json:"customerId"`
	CustomerName string         `json:"customerName"`
	CompanyID    int64          `json:"companyId"`
	ContractID   *int64         `json:"contractId,omitempty"`
	Status       api.SyncStatus `json:"status"`
	Error        string         `json:"error,omitempty"`
	At           time.Time      `json:"at"`
}

// Results are the per-customer outcomes of a pass.
func Results(run *api.UsageSyncRun) []Result {
	out := []Result{}
	for _, r := range run.Results {
		res := Result{CustomerID: r.CustomerId, CustomerName: r.CustomerName, CompanyID: r.CompanyId, ContractID: r.ContractId,
			Status: r.Status, At: run.StartedAt}
		if r.Error != nil {
			res.Error = *r.Error
		}
		out = append(out, res)
	}
	return out
}

// Run runs a pass of the partner's PSA at now, with the invoice (invoice, or a schedule of
// withInvoice) or on the PSA's own schedule: every mapped customer with usage sync on gets a
// last-sync result, the usage of those that succeed is written into the PSA, the pass goes
// to the history (with what it sent and wrote), and (unless the PSA refused the
// credentials) the company and contract names of every mapping are refreshed. It runs in a
// transaction of q (a savepoint inside a request's).
func Run(ctx context.Context, q store.Q, partnerID string, psa api.Psa, invoice bool, now time.Time) (*api.UsageSyncRun, error) {
	now = now.UTC()
	ts := now.UnixNano()
	month := now.Format(store.MonthLayout)
	run := &api.UsageSyncRun{Psa: psa, StartedAt: now, FinishedAt: now, Month: month, Results: []api.UsageSyncCustomerResult{}}
	err := q.Tx(ctx, func(q store.Q) error {
		rec, err := q.Integration(ctx, partnerID, psa)
		if err != nil {
			return err
		}
		if rec.Status == api.IntegrationStatusNotConfigured {
			return web.NewStatusError(http.StatusConflict, api.ErrorCodeIntegrationNotConnected, "%s is not connected to this partner account; connect it under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner first", rec.Name)
		}
		run.Trigger = api.UsageSyncTriggerSchedule
		if invoice || rec.UsageSyncSchedule == api.IntegrationUsageSyncScheduleWithInvoice {
			run.Trigger = api.UsageSyncTriggerInvoice
		}
		runError := ""
		if rec.Status == api.IntegrationStatusError && rec.StatusError != nil {
			runError = *rec.StatusError
		} else if rec.Login != "" {
			if runError, err = psacredentials.StoredRefusal(ctx, q, partnerID, psa, rec); err != nil {
				return err
			}
			if runError != "" {
				if err := q.SetIntegrationError(ctx, partnerID, psa, runError); err != nil {
					return err
				}
			}
		}
		candidates, err := q.SyncCandidates(ctx, partnerID, psa)
		if err != nil {
			return err
		}
		synced := map[string]bool{}
		for _, c := range candidates {
			res := api.UsageSyncCustomerResult{CustomerId: c.CustomerID, CustomerName: c.CustomerName, CompanyId: c.CompanyID,
				CompanyName: optString(c.CompanyName), ContractId: c.ContractID, ContractName: c.ContractName,
				Status: api.SyncStatusSuccessful, Lines: []api.UsageSyncLine{}, PsaLines: []api.UsageSyncPsaLine{}}
			problem := runError
			if problem == "" {
				if problem, err = syncProblem(ctx, q, partnerID, psa, c); err != nil {
					return err
				}
			}
			if problem != "" {
				res.Status, res.Error = api.SyncStatusFailed, &problem
				run.CustomersFailed++
			} else {
				synced[strings.ToLower(c.CustomerID)] = true
				run.CustomersSynced++
			}
			run.Results = append(run.Results, res)
		}
		if err := send(ctx, q, partnerID, rec, run, synced, ts); err != nil {
			return err
		}
		run.Status = api.UsageSyncRunStatusSuccessful
		switch {
		case runError != "" || (run.CustomersFailed > 0 && run.CustomersSynced == 0):
			run.Status = api.UsageSyncRunStatusFailed
		case run.CustomersFailed > 0:
			run.Status = api.UsageSyncRunStatusPartial
		}
		if runError != "" {
			run.Error = &runError
		}
		return record(ctx, q, partnerID, run, runError, ts)
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// record stores the pass and its results, each customer's last sync and the integration's
// last pass, and refreshes the mappings' names unless the PSA refused the credentials.
func record(ctx context.Context, q store.Q, partnerID string, run *api.UsageSyncRun, runError string, ts int64) error {
	if err := q.InsertRun(ctx, partnerID, run, runError, ts); err != nil {
		return err
	}
	for _, r := range run.Results {
		errText := ""
		if r.Error != nil {
			errText = *r.Error
		}
		if err := q.SetLastSync(ctx, partnerID, run.Psa, r.CustomerId, r.Status, errText, ts); err != nil {
			return err
		}
		if err := q.InsertRunResult(ctx, partnerID, run.Psa, run.Id, r, ts); err != nil {
			return err
		}
	}
	if runError == "" {
		if err := q.RefreshNames(ctx, partnerID, run.Psa, ""); err != nil {
			return err
		}
	}
	return q.SetLastUsageSync(ctx, partnerID, run.Psa, ts)
}

// send rolls up the month's usage of the synced customers (lower-case ids), writes it into
// the PSA and records, in each synced customer's result, the lines sent and the PSA lines
// written.
func send(ctx context.Context, q store.Q, partnerID string, rec *store.Integration, run *api.UsageSyncRun, synced map[string]bool, ts int64) error {
	if len(synced) == 0 {
		return nil
	}
	r, err := loadRollUp(ctx, q, partnerID, run.Psa, run.Month, run.Trigger == api.UsageSyncTriggerInvoice)
	if err != nil {
		return err
	}
	byCustomer, err := r.sync(ctx, q, partnerID, run.Psa, synced)
	if err != nil {
		return err
	}
	w, err := newWriter(q, partnerID, rec, run.Month, ts)
	if err != nil {
		return err
	}
	for i := range run.Results {
		res := &run.Results[i]
		if res.Status != api.SyncStatusSuccessful {
			continue
		}
		lines := byCustomer[strings.ToLower(res.CustomerId)]
		res.Lines = r.sent(lines)
		if res.PsaLines, err = w.write(ctx, lines); err != nil {
			return err
		}
	}
	return nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
