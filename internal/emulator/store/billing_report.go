package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// BillingReport is a partner's billing report of month ym (YYYY-MM) as the Partner Billing
// API answers it, every line in report order (UsageLines says which lines a month has), with
// the fields generated deterministically from the partner and the month: order numbers,
// prices from billing_products, the customer's name and country. The Partner Billing API
// pages it; the usage-sync pass rolls it up.
func (q Q) BillingReport(ctx context.Context, partnerID, ym, currentMonth string) ([]api.BillingUsageItem, error) {
	month, err := time.Parse(MonthLayout, ym)
	if err != nil {
		return nil, err
	}
	rows, err := q.UsageLines(ctx, partnerID, ym, currentMonth)
	if err != nil {
		return nil, err
	}
	partnerName, distributor, err := q.PartnerBilling(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	return billingItems(rows, partnerID, partnerName, distributor, month), nil
}

// billingItems renders usage lines as the report's items; it is the one mapper of a billing
// line.
func billingItems(rows []UsageLine, partnerID, partnerName, distributor string, month time.Time) []api.BillingUsageItem {
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
