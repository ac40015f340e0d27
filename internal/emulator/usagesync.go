package emulator

import (
	"net/http"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// RunUsageSync implements POST /partner/v1/psa/{psa}/usage-sync, the console's "Sync now":
// the same pass as the schedule (and the admin API's sync), answered when it is done. The
// PSA check of the route has already refused a PSA that is not connected.
func (s *server) RunUsageSync(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.RunUsageSyncParams) {
	e := s.e
	now := e.now().UTC()
	results, err := e.runUsageSync(r.Context(), principalOf(r).partnerID, psa, now)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, usageSyncRun(psa, now, results))
}

// usageSyncRun is the contract's answer for a pass with these results.
func usageSyncRun(psa api.Psa, at time.Time, results []SyncResult) api.UsageSyncRun {
	run := api.UsageSyncRun{Psa: psa, At: at, Results: make([]api.UsageSyncResult, 0, len(results))}
	for _, res := range results {
		out := api.UsageSyncResult{
			CustomerId: res.CustomerID, CustomerName: res.CustomerName, CompanyId: res.CompanyID,
			ContractId: res.ContractID, Status: res.Status,
		}
		if res.Error != "" {
			out.Error = ptr(res.Error)
		}
		if res.Status == api.SyncStatusSuccessful {
			run.Successful++
		} else {
			run.Failed++
		}
		run.Results = append(run.Results, out)
	}
	return run
}
