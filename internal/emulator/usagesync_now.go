package emulator

import (
	"net/http"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// RunUsageSync implements POST /partner/v1/psa/{psa}/usage-sync, the console's "Sync now":
// the same pass as the schedule (usagesync.go), answered with the run the history lists.
// The PSA check of the route has already refused a PSA that is not connected.
func (s *server) RunUsageSync(w http.ResponseWriter, r *http.Request, psa api.Psa, _ api.RunUsageSyncParams) {
	e := s.e
	run, _, err := e.Admin().ForPartner(principalOf(r).partnerID).runUsageSyncIn(r.Context(), psa, false)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}
