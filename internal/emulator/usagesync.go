package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// Usage-sync runs: what a pass sends to the PSA and the history of passes
// (GET /partner/v1/psa/{psa}/usage-sync/runs). A run syncs the current month's usage of
// every mapped customer with usage sync on: the billing lines rolled up to their Sophos
// product, for products mapped with sync on, summed per product. Firewall products
// (syncsWithInvoiceOnly) go only with the monthly invoice. When the PSA refuses the stored
// credentials, the whole run fails with the PSA's text and the integration goes to error.

// RunInvoiceSync runs the usage sync of the monthly invoice, which also sends firewall
// products, whatever the schedule.
func (a *Admin) RunInvoiceSync(psa api.Psa) (*api.UsageSyncRun, error) {
	run, _, err := a.runUsageSync(psa, true)
	return run, err
}

// RunUsageSyncRun is RunUsageSync returning the run as the history shows it.
func (a *Admin) RunUsageSyncRun(psa api.Psa) (*api.UsageSyncRun, error) {
	run, _, err := a.runUsageSync(psa, false)
	return run, err
}

// runUsageSync runs a usage-sync pass: with the invoice (invoice, or a schedule of
// withInvoice) or on the PSA's own schedule.
func (a *Admin) runUsageSync(psa api.Psa, invoice bool) (*api.UsageSyncRun, []SyncResult, error) {
	return a.runUsageSyncIn(context.Background(), psa, invoice)
}

// runUsageSyncIn is runUsageSync under ctx: inside a request's transaction (POST
// .../usage-sync, whose idempotency record is written in it) the pass joins it.
func (a *Admin) runUsageSyncIn(ctx context.Context, psa api.Psa, invoice bool) (*api.UsageSyncRun, []SyncResult, error) {
	if err := checkAdminPSA(psa); err != nil {
		return nil, nil, err
	}
	now := a.e.now().UTC()
	ts := toNanos(now)
	month := now.Format(monthLayout)
	run := &api.UsageSyncRun{Psa: psa, StartedAt: now, FinishedAt: now, Month: month, Results: []api.UsageSyncCustomerResult{}}
	var results []SyncResult
	err := a.e.store.tx(ctx, func(tx *sql.Tx) error {
		rec, err := loadIntegration(ctx, tx, a.partnerID, psa)
		if err != nil {
			return err
		}
		if rec.Status == api.IntegrationStatusNotConfigured {
			return newStatusError(http.StatusConflict, api.ErrorCodeIntegrationNotConnected, "%s is not connected to this partner account; connect it under Settings & policies > API & Integrations > PSA Integration in Sophos Central Partner first", rec.Name)
		}
		run.Trigger = api.UsageSyncTriggerSchedule
		if invoice || rec.UsageSyncSchedule == api.IntegrationUsageSyncScheduleWithInvoice {
			run.Trigger = api.UsageSyncTriggerInvoice
		}
		runError := ""
		if rec.Status == api.IntegrationStatusError && rec.StatusError != nil {
			runError = *rec.StatusError
		} else if rec.login != "" {
			if runError, err = storedCredentialsRefusal(ctx, tx, a.partnerID, psa, rec); err != nil {
				return err
			}
			if runError != "" {
				if _, err := tx.ExecContext(ctx, "UPDATE integrations SET status = 'error', status_error = ? WHERE partner_id = ? AND psa = ?", runError, a.partnerID, psa); err != nil {
					return err
				}
			}
		}
		candidates, err := syncCandidates(ctx, tx, a.partnerID, psa)
		if err != nil {
			return err
		}
		usage, err := a.e.usageRows(ctx, tx, a.partnerID, month)
		if err != nil {
			return err
		}
		byCustomer := map[string][]usageRow{}
		for _, u := range usage {
			if u.customerID.Valid {
				byCustomer[u.customerID.String] = append(byCustomer[u.customerID.String], u)
			}
		}
		mapped, err := syncedProducts(ctx, tx, a.partnerID, psa)
		if err != nil {
			return err
		}
		for _, c := range candidates {
			res := api.UsageSyncCustomerResult{CustomerId: c.customerID, CustomerName: c.customerName, CompanyId: c.companyID,
				CompanyName: optString(c.companyName), ContractId: nullInt(c.contractID), ContractName: nullString(c.contractName),
				Status: api.SyncStatusSuccessful, Lines: []api.UsageSyncLine{}}
			problem := runError
			if problem == "" {
				if problem, err = syncProblem(ctx, tx, a.partnerID, psa, c); err != nil {
					return err
				}
			}
			if problem != "" {
				res.Status, res.Error = api.SyncStatusFailed, ptr(problem)
				run.CustomersFailed++
			} else {
				res.Lines = linesToSync(byCustomer[c.customerID], mapped, run.Trigger == api.UsageSyncTriggerInvoice)
				run.CustomersSynced++
			}
			run.Results = append(run.Results, res)
		}
		run.Status = api.UsageSyncRunStatusSuccessful
		switch {
		case runError != "" || (run.CustomersFailed > 0 && run.CustomersSynced == 0):
			run.Status = api.UsageSyncRunStatusFailed
		case run.CustomersFailed > 0:
			run.Status = api.UsageSyncRunStatusPartial
		}
		if runError != "" {
			run.Error = ptr(runError)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO sync_runs(partner_id, psa, trigger, status, month, error, synced, failed, started_at, finished_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.partnerID, psa, run.Trigger, run.Status, month, runError, run.CustomersSynced, run.CustomersFailed, ts, ts)
		if err != nil {
			return err
		}
		if run.Id, err = res.LastInsertId(); err != nil {
			return err
		}
		for _, r := range run.Results {
			errText := stringValue(r.Error)
			lines, err := json.Marshal(r.Lines)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE customer_mappings SET last_sync_status = ?, last_sync_at = ?, last_sync_error = ?
				WHERE partner_id = ? AND psa = ? AND customer_id = ?`, r.Status, ts, sqlNullString(errText), a.partnerID, psa, r.CustomerId); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_results(partner_id, psa, customer_id, company_id, contract_id, status, error, at,
				run_id, company_name, contract_name, lines) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				a.partnerID, psa, r.CustomerId, r.CompanyId, r.ContractId, r.Status, errText, ts, run.Id, r.CompanyName, r.ContractName, string(lines)); err != nil {
				return err
			}
			results = append(results, SyncResult{CustomerID: r.CustomerId, CustomerName: r.CustomerName, CompanyID: r.CompanyId, ContractID: r.ContractId,
				Status: r.Status, Error: errText, At: now})
		}
		if runError == "" {
			if err := refreshSnapshots(ctx, tx, a.partnerID, psa, ""); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE integrations SET last_usage_sync_at = ? WHERE partner_id = ? AND psa = ?", ts, a.partnerID, psa)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if results == nil {
		results = []SyncResult{}
	}
	return run, results, nil
}

// syncedProduct is a Sophos product mapped with usage sync on.
type syncedProduct struct {
	psaProductID int64
	identifier   string
}

// syncedProducts lists the Sophos products mapped in the PSA with usage sync on.
func syncedProducts(ctx context.Context, q querier, partnerID string, psa api.Psa) (map[string]syncedProduct, error) {
	rows, err := q.QueryContext(ctx, `SELECT pm.sophos_product, pm.psa_product_id, COALESCE(p.identifier, '') FROM product_mappings pm
		LEFT JOIN psa_products p ON p.id = pm.psa_product_id
		WHERE pm.partner_id = ? AND pm.psa = ? AND pm.psa_product_id IS NOT NULL AND pm.sync_enabled = 1`, partnerID, psa)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := map[string]syncedProduct{}
	for rows.Next() {
		var sp string
		var p syncedProduct
		if err := rows.Scan(&sp, &p.psaProductID, &p.identifier); err != nil {
			return nil, err
		}
		out[sp] = p
	}
	return out, rows.Err()
}

// linesToSync rolls a customer's billing lines up to their Sophos products and keeps those
// mapped with sync on (firewall products only with the invoice), one line per product.
func linesToSync(usage []usageRow, mapped map[string]syncedProduct, invoice bool) []api.UsageSyncLine {
	sums := map[string]float64{}
	for _, u := range usage {
		if !u.sophosProduct.Valid || (u.invoiceOnly && !invoice) {
			continue
		}
		if _, ok := mapped[u.sophosProduct.String]; ok {
			sums[u.sophosProduct.String] += u.quantity
		}
	}
	out := []api.UsageSyncLine{}
	for sp, qty := range sums {
		m := mapped[sp]
		out = append(out, api.UsageSyncLine{SophosProduct: sp, PsaProductId: m.psaProductID, PsaProductIdentifier: optString(m.identifier), Quantity: qty})
	}
	slices.SortFunc(out, func(a, b api.UsageSyncLine) int { return strings.Compare(a.SophosProduct, b.SophosProduct) })
	return out
}

// ListUsageSyncRuns implements GET /partner/v1/psa/{psa}/usage-sync/runs.
func (s *server) ListUsageSyncRuns(w http.ResponseWriter, r *http.Request, psa api.Psa, params api.ListUsageSyncRunsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	customer := ""
	if params.CustomerId != nil {
		customer = strings.ToLower(*params.CustomerId)
		if !rules.IsUUID(customer) {
			e.writeError(w, r, fieldError("customerId", *params.CustomerId, nil, "query parameter customerId must be a customer (tenant) UUID (got %q)", *params.CustomerId))
			return
		}
	}
	ctx := r.Context()
	partnerID := principalOf(r).partnerID
	out := api.UsageSyncRunList{Items: []api.UsageSyncRun{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		rec, err := loadIntegration(ctx, tx, partnerID, psa)
		if err != nil {
			return err
		}
		if err := requireConfigured(rec); err != nil {
			return err
		}
		cond, args := "", []any{partnerID, psa}
		if customer != "" {
			cond = " AND EXISTS (SELECT 1 FROM sync_results x WHERE x.run_id = sync_runs.id AND x.customer_id = ?)"
			args = append(args, customer)
		}
		var total int
		//nolint:gosec // cond is one of two fixed conditions; every value is a parameter
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sync_runs WHERE partner_id = ? AND psa = ?"+cond, args...).Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		//nolint:gosec // cond is one of two fixed conditions; every value is a parameter
		rows, err := tx.QueryContext(ctx, `SELECT id, trigger, status, month, error, synced, failed, started_at, finished_at FROM sync_runs
			WHERE partner_id = ? AND psa = ?`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, pg.limit(), pg.offset())...)
		if err != nil {
			return err
		}
		for rows.Next() {
			run := api.UsageSyncRun{Psa: psa, Results: []api.UsageSyncCustomerResult{}}
			var errText string
			var started, finished int64
			if err := rows.Scan(&run.Id, &run.Trigger, &run.Status, &run.Month, &errText, &run.CustomersSynced, &run.CustomersFailed, &started, &finished); err != nil {
				_ = rows.Close()
				return err
			}
			run.Error = optString(errText)
			run.StartedAt, run.FinishedAt = fromNanos(started), fromNanos(finished)
			out.Items = append(out.Items, run)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		for i := range out.Items {
			if out.Items[i].Results, err = runResults(ctx, tx, out.Items[i].Id, customer); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// runResults reads the per-customer results of a run (only customer's, when given).
func runResults(ctx context.Context, q querier, runID int64, customer string) ([]api.UsageSyncCustomerResult, error) {
	query := `SELECT r.customer_id, COALESCE(t.name, ''), r.company_id, r.company_name, r.contract_id, r.contract_name, r.status, r.error, r.lines
		FROM sync_results r LEFT JOIN tenants t ON t.id = r.customer_id WHERE r.run_id = ?`
	args := []any{runID}
	if customer != "" {
		query += " AND r.customer_id = ?"
		args = append(args, customer)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY t.name_fold, r.customer_id", args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	out := []api.UsageSyncCustomerResult{}
	for rows.Next() {
		var (
			res                       api.UsageSyncCustomerResult
			companyName, contractName sql.NullString
			contractID                sql.NullInt64
			errText, lines            string
		)
		if err := rows.Scan(&res.CustomerId, &res.CustomerName, &res.CompanyId, &companyName, &contractID, &contractName, &res.Status, &errText, &lines); err != nil {
			return nil, err
		}
		res.CompanyName, res.ContractId, res.ContractName, res.Error = nullString(companyName), nullInt(contractID), nullString(contractName), optString(errText)
		if err := json.Unmarshal([]byte(lines), &res.Lines); err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, rows.Err()
}
