package sophoscentral

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The Partner Billing API (GET /partner/v1/billing/usage/{year}/{month}). Usage comes from
// the seed: every line of a partner's billingUsage is billed in every month from `since` up
// to the emulator's current month (or in the months it names), with the same quantity, so a
// month always answers the same lines.

const (
	// DefaultBillingPageSize is the page size of a billing report without pageSize.
	DefaultBillingPageSize = 100
	billingKeyPrefix       = "billing:"
)

// billingKey is the opaque pageFromKey of the page starting at offset of month ym.
func billingKey(ym string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%s%s:%d", billingKeyPrefix, ym, offset)))
}

// parseBillingKey reads a pageFromKey of month ym.
func parseBillingKey(key, ym string) (int, error) {
	bad := web.FieldError("pageFromKey", key, nil, "pageFromKey %q is not a key of this month's report; send the pages.nextKey of the previous page unchanged, or omit it for the first page", key)
	raw, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil {
		return 0, bad
	}
	rest, ok := strings.CutPrefix(string(raw), billingKeyPrefix+ym+":")
	if !ok {
		return 0, bad
	}
	offset, err := strconv.Atoi(rest)
	if err != nil || offset < 0 {
		return 0, bad
	}
	return offset, nil
}

// billingUsage answers GET /partner/v1/billing/usage/{year}/{month}.
func (rm *Room) billingUsage(r *http.Request, q store.Q, year, month int, params api.GetBillingUsageParams) (web.Reply, error) {
	ctx := r.Context()
	switch {
	case year < api.MinBillingYear || year > api.MaxBillingYear:
		return web.Reply{}, web.FieldError("year", strconv.Itoa(year), nil, "path parameter year must be from %d to %d (got %d)", api.MinBillingYear, api.MaxBillingYear, year)
	case month < 1 || month > 12:
		return web.Reply{}, web.FieldError("month", strconv.Itoa(month), nil, "path parameter month must be from 1 to 12 (got %d)", month)
	}
	size := DefaultBillingPageSize
	if params.PageSize != nil {
		if *params.PageSize < 1 || *params.PageSize > api.MaxBillingPageSize {
			return web.Reply{}, web.FieldError("pageSize", strconv.Itoa(*params.PageSize), nil, "pageSize must be between 1 and %d", api.MaxBillingPageSize)
		}
		size = *params.PageSize
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	ym := first.Format(store.MonthLayout)
	offset := 0
	if params.PageFromKey != nil && *params.PageFromKey != "" {
		o, err := parseBillingKey(*params.PageFromKey, ym)
		if err != nil {
			return web.Reply{}, err
		}
		offset = o
	}
	partnerID := web.PrincipalOf(r).PartnerID
	items, err := q.BillingReport(ctx, partnerID, ym, rm.api.Now().UTC().Format(store.MonthLayout))
	if err != nil {
		return web.Reply{}, err
	}
	out := api.BillingUsageList{Items: []api.BillingUsageItem{}, Pages: api.KeyPages{Size: size, MaxSize: api.MaxBillingPageSize}}
	if offset < len(items) {
		out.Items = items[offset:min(len(items), offset+size)]
	}
	if offset > 0 {
		out.Pages.FromKey = params.PageFromKey
	}
	if offset+size < len(items) {
		out.Pages.NextKey = ptr(billingKey(ym, offset+size))
	}
	if params.PageTotal != nil && *params.PageTotal {
		total := (len(items) + size - 1) / size
		out.Pages.Total, out.Pages.Items = &total, ptr(len(items))
	}
	return web.OK(out), nil
}
