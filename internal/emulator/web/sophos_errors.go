package web

import (
	"net/http"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// SophosErrors renders problems in Sophos Central's error shape (api.Error), which the
// Sophos Central room, the PSA Integration room and the admin API answer with. now stamps
// createdAt.
func SophosErrors(now func() time.Time) ErrorRenderer {
	return func(r *http.Request, se *StatusError) Reply {
		body := api.Error{
			Error:         se.Code,
			Message:       se.Message,
			CorrelationId: CorrelationID(r),
			RequestId:     RequestID(r),
			CreatedAt:     now().UTC(),
		}
		if len(se.Details) > 0 {
			body.Details = &se.Details
		}
		return Reply{Status: se.Status, Body: body}
	}
}
