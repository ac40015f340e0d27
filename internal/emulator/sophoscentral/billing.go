package sophoscentral

import (
	"encoding/base64"
	"fmt"
	"math"
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

// billingItems renders usage lines as the report's items.
func billingItems(rows []store.UsageLine, partnerID, partnerName, distributor string, month time.Time) []api.BillingUsageItem {
	ref := strings.ToUpper(strings.ReplaceAll(partnerID, "-", "")[:8])
	orderNumber := fmt.Sprintf("SO-%s-%s", ref, month.Format("200601"))
	start := month.Format(time.DateOnly)
	end := month.AddDate(0, 1, -1).Format(time.DateOnly)
	out := make([]api.BillingUsageItem, 0, len(rows))
	for _, u := range rows {
		qty := u.Quantity
		net := math.Round(u.UnitPrice*qty*100) / 100
		it := api.BillingUsageItem{
			OrderLineItemNumber:     ptr(fmt.Sprintf("%s-%05d", orderNumber, u.ID)),
			OrderNumber:             ptr(orderNumber),
			ProductGroup:            optString(u.Group),
			ProductCode:             u.Code,
			Sku:                     optString(u.SKU),
			ProductDescription:      optString(u.Description),
			BillableQuantity:        qty,
			OrderedQuantity:         ptr(qty),
			ActualQuantity:          ptr(qty),
			UnitPrice:               ptr(u.UnitPrice),
			NetPrice:                ptr(net),
			PartnerAccountId:        ptr(partnerID),
			PartnerAccountName:      ptr(partnerName),
			PartnerEdiAccountNumber: ptr("EDI-" + ref),
			BillingStartDate:        ptr(start),
			BillingEndDate:          ptr(end),
			DestributorAccountName:  ptr(distributor),
		}
		if u.CustomerID != nil {
			it.AccountId = ptr(*u.CustomerID)
			it.ExternalId = ptr(*u.CustomerID)
			it.AssignedAccountIdentifier = u.TenantName
			it.AccountNumberOrSerialNumber = ptr("ACC-" + strings.ToUpper(strings.ReplaceAll(*u.CustomerID, "-", "")[:10]))
			it.ContactCountry = u.Geo
		}
		if u.Serial != "" {
			it.AccountNumberOrSerialNumber = ptr(u.Serial)
		}
		out = append(out, it)
	}
	return out
}

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
	rows, err := q.UsageLines(ctx, partnerID, ym, rm.api.Now().UTC().Format(store.MonthLayout))
	if err != nil {
		return web.Reply{}, err
	}
	partnerName, distributor, err := q.PartnerBilling(ctx, partnerID)
	if err != nil {
		return web.Reply{}, err
	}
	items := billingItems(rows, partnerID, partnerName, distributor, first)
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
