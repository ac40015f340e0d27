package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The sync_runs and sync_results tables: the history of usage-sync passes, what each sent
// for each customer and the PSA lines it wrote.

// InsertRun records a pass (its results go in with InsertRunResult) at ts and sets run.Id.
func (q Q) InsertRun(ctx context.Context, partnerID string, run *api.UsageSyncRun, errText string, ts int64) error {
	res, err := q.q.ExecContext(ctx, `INSERT INTO sync_runs(partner_id, psa, trigger, status, month, error, synced, failed, started_at, finished_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, partnerID, run.Psa, run.Trigger, run.Status, run.Month, errText, run.CustomersSynced, run.CustomersFailed, ts, ts)
	if err != nil {
		return err
	}
	run.Id, err = res.LastInsertId()
	return err
}

// InsertRunResult records what a pass did for one customer, at ts.
func (q Q) InsertRunResult(ctx context.Context, partnerID string, psa api.Psa, runID int64, r api.UsageSyncCustomerResult, ts int64) error {
	lines, err := json.Marshal(r.Lines)
	if err != nil {
		return err
	}
	psaLines, err := json.Marshal(r.PsaLines)
	if err != nil {
		return err
	}
	errText := ""
	if r.Error != nil {
		errText = *r.Error
	}
	_, err = q.q.ExecContext(ctx, `INSERT INTO sync_results(partner_id, psa, customer_id, company_id, contract_id, status, error, at,
		run_id, company_name, contract_name, lines, psa_lines) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		partnerID, psa, r.CustomerId, r.CompanyId, r.ContractId, r.Status, errText, ts, runID, r.CompanyName, r.ContractName, string(lines), string(psaLines))
	return err
}

// ListRuns reads a page of the passes of the partner's PSA, newest first (only those with a
// result for customerID, when it is not ""), each with its results (only customerID's).
func (q Q) ListRuns(ctx context.Context, partnerID string, psa api.Psa, customerID string, w Window) (Page[api.UsageSyncRun], error) {
	var page Page[api.UsageSyncRun]
	err := q.Tx(ctx, func(q Q) error {
		query, args := `SELECT id, trigger, status, month, error, synced, failed, started_at, finished_at FROM sync_runs WHERE partner_id = ? AND psa = ?`, []any{partnerID, psa}
		if customerID != "" {
			query += " AND EXISTS (SELECT 1 FROM sync_results x WHERE x.run_id = sync_runs.id AND x.customer_id = ?)"
			args = append(args, customerID)
		}
		var err error
		page, err = listPage(ctx, q, query, "id DESC", args, w, func(row scanner) (api.UsageSyncRun, error) {
			run := api.UsageSyncRun{Psa: psa, Results: []api.UsageSyncCustomerResult{}}
			var errText string
			var started, finished int64
			err := row.Scan(&run.Id, &run.Trigger, &run.Status, &run.Month, &errText, &run.CustomersSynced, &run.CustomersFailed, &started, &finished)
			run.Error = optString(errText)
			run.StartedAt, run.FinishedAt = fromNanos(started), fromNanos(finished)
			return run, err
		})
		if err != nil {
			return err
		}
		for i := range page.Items {
			if page.Items[i].Results, err = q.runResults(ctx, page.Items[i].Id, customerID); err != nil {
				return err
			}
		}
		return nil
	})
	return page, err
}

// runResults reads the per-customer results of a run (only customerID's, when given).
func (q Q) runResults(ctx context.Context, runID int64, customerID string) ([]api.UsageSyncCustomerResult, error) {
	query := `SELECT r.customer_id, COALESCE(t.name, ''), r.company_id, r.company_name, r.contract_id, r.contract_name, r.status, r.error, r.lines,
		r.psa_lines FROM sync_results r LEFT JOIN tenants t ON t.id = r.customer_id WHERE r.run_id = ?`
	args := []any{runID}
	if customerID != "" {
		query += " AND r.customer_id = ?"
		args = append(args, customerID)
	}
	out, err := collect(ctx, q, func(row scanner) (api.UsageSyncCustomerResult, error) {
		var (
			res                       api.UsageSyncCustomerResult
			companyName, contractName sql.NullString
			contractID                sql.NullInt64
			errText, lines, psaLines  string
		)
		if err := row.Scan(&res.CustomerId, &res.CustomerName, &res.CompanyId, &companyName, &contractID, &contractName, &res.Status, &errText,
			&lines, &psaLines); err != nil {
			return res, err
		}
		res.CompanyName, res.ContractId, res.ContractName, res.Error = nullString(companyName), nullInt(contractID), nullString(contractName), optString(errText)
		if err := json.Unmarshal([]byte(lines), &res.Lines); err != nil {
			return res, err
		}
		return res, json.Unmarshal([]byte(psaLines), &res.PsaLines)
	}, query+" ORDER BY t.name_fold, r.customer_id", args...)
	if out == nil {
		out = []api.UsageSyncCustomerResult{}
	}
	return out, err
}

// PastResult is a stored per-customer result of a pass.
type PastResult struct {
	CustomerID, CustomerName string
	CompanyID                int64
	ContractID               *int64
	Status                   api.SyncStatus
	Error                    string
	At                       time.Time
}

// PastResults lists the per-customer results of every pass of the partner's PSA, newest
// first.
func (q Q) PastResults(ctx context.Context, partnerID string, psa api.Psa) ([]PastResult, error) {
	return collect(ctx, q, func(row scanner) (PastResult, error) {
		var r PastResult
		var at int64
		err := row.Scan(&r.CustomerID, &r.CustomerName, &r.CompanyID, &r.ContractID, &r.Status, &r.Error, &at)
		r.At = fromNanos(at)
		return r, err
	}, `SELECT r.customer_id, COALESCE(t.name, ''), r.company_id, r.contract_id, r.status, r.error, r.at FROM sync_results r
		LEFT JOIN tenants t ON t.id = r.customer_id WHERE r.partner_id = ? AND r.psa = ? ORDER BY r.id DESC`, partnerID, psa)
}
