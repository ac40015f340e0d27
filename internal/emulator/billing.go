package emulator

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The Partner Billing API (GET /partner/v1/billing/usage/{year}/{month}) and the Sophos
// products list that links it to the PSA integration. Usage is generated from the seed:
// every line of a partner's billingUsage is billed in every month from `since` up to the
// emulator's current month (or in the months it names), with the same quantity, so a month
// always answers the same lines.

const (
	defaultBillingPageSize = 100
	billingKeyPrefix       = "billing:"
)

// usageRow is one stored usage line with what the report shows about it.
type usageRow struct {
	id                  int64
	customerID          sql.NullString
	serial, code        string
	quantity            float64
	months              string
	tenantName, geo     sql.NullString
	sku, description    string
	group               string
	unitPrice           float64
	sophosProduct       sql.NullString
	invoiceOnly         bool
	sophosProductHasUse bool
}

// inMonth reports whether the line is billed in month ym (YYYY-MM).
func (u usageRow) inMonth(ym string) bool {
	return u.months == "" || slices.Contains(strings.Split(u.months, ","), ym)
}

// usageRows reads the partner's usage lines billed in month ym, in report order; none for
// a month before the partner's first month or after the emulator's current month.
func (e *Emulator) usageRows(ctx context.Context, q querier, partnerID, ym string) ([]usageRow, error) {
	var since string
	err := q.QueryRowContext(ctx, "SELECT since FROM billing_settings WHERE partner_id = ?", partnerID).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ym < since || ym > e.now().UTC().Format(monthLayout) {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.customer_id, u.serial_number, u.product_code, u.quantity, u.months, t.name, t.data_geography,
		b.sku, b.description, b.product_group, b.unit_price, b.sophos_product, COALESCE(sp.invoice_only, 0), COALESCE(sp.has_usage, 0)
		FROM billing_usage u JOIN billing_products b ON b.code = u.product_code
		LEFT JOIN tenants t ON t.id = u.customer_id LEFT JOIN sophos_products sp ON sp.identifier = b.sophos_product
		WHERE u.partner_id = ? ORDER BY u.id`, partnerID)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []usageRow
	for rows.Next() {
		var u usageRow
		if err := rows.Scan(&u.id, &u.customerID, &u.serial, &u.code, &u.quantity, &u.months, &u.tenantName, &u.geo,
			&u.sku, &u.description, &u.group, &u.unitPrice, &u.sophosProduct, &u.invoiceOnly, &u.sophosProductHasUse); err != nil {
			return nil, err
		}
		if u.inMonth(ym) {
			out = append(out, u)
		}
	}
	return out, rows.Err()
}

// billingItems renders usage lines as the report's items.
func billingItems(rows []usageRow, partnerID, partnerName, distributor string, month time.Time) []api.BillingUsageItem {
	ref := strings.ToUpper(strings.ReplaceAll(partnerID, "-", "")[:8])
	orderNumber := fmt.Sprintf("SO-%s-%s", ref, month.Format("200601"))
	start := month.Format(time.DateOnly)
	end := month.AddDate(0, 1, -1).Format(time.DateOnly)
	out := make([]api.BillingUsageItem, 0, len(rows))
	for _, u := range rows {
		qty := u.quantity
		net := math.Round(u.unitPrice*qty*100) / 100
		it := api.BillingUsageItem{
			OrderLineItemNumber:     ptr(fmt.Sprintf("%s-%05d", orderNumber, u.id)),
			OrderNumber:             ptr(orderNumber),
			ProductGroup:            optString(u.group),
			ProductCode:             u.code,
			Sku:                     optString(u.sku),
			ProductDescription:      optString(u.description),
			BillableQuantity:        qty,
			OrderedQuantity:         ptr(qty),
			ActualQuantity:          ptr(qty),
			UnitPrice:               ptr(u.unitPrice),
			NetPrice:                ptr(net),
			PartnerAccountId:        ptr(partnerID),
			PartnerAccountName:      ptr(partnerName),
			PartnerEdiAccountNumber: ptr("EDI-" + ref),
			BillingStartDate:        ptr(start),
			BillingEndDate:          ptr(end),
			DestributorAccountName:  ptr(distributor),
		}
		if u.customerID.Valid {
			it.AccountId = ptr(u.customerID.String)
			it.ExternalId = ptr(u.customerID.String)
			it.AssignedAccountIdentifier = nullString(u.tenantName)
			it.AccountNumberOrSerialNumber = ptr("ACC-" + strings.ToUpper(strings.ReplaceAll(u.customerID.String, "-", "")[:10]))
			it.ContactCountry = nullString(u.geo)
		}
		if u.serial != "" {
			it.AccountNumberOrSerialNumber = ptr(u.serial)
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
	bad := fieldError("pageFromKey", key, nil, "pageFromKey %q is not a key of this month's report; send the pages.nextKey of the previous page unchanged, or omit it for the first page", key)
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

// GetBillingUsage implements GET /partner/v1/billing/usage/{year}/{month}.
func (s *server) GetBillingUsage(w http.ResponseWriter, r *http.Request, year, month int, params api.GetBillingUsageParams) {
	e := s.e
	ctx := r.Context()
	switch {
	case year < api.MinBillingYear || year > api.MaxBillingYear:
		e.writeError(w, r, fieldError("year", strconv.Itoa(year), nil, "path parameter year must be from %d to %d (got %d)", api.MinBillingYear, api.MaxBillingYear, year))
		return
	case month < 1 || month > 12:
		e.writeError(w, r, fieldError("month", strconv.Itoa(month), nil, "path parameter month must be from 1 to 12 (got %d)", month))
		return
	}
	size := defaultBillingPageSize
	if params.PageSize != nil {
		if *params.PageSize < 1 || *params.PageSize > api.MaxBillingPageSize {
			e.writeError(w, r, fieldError("pageSize", strconv.Itoa(*params.PageSize), nil, "pageSize must be between 1 and %d", api.MaxBillingPageSize))
			return
		}
		size = *params.PageSize
	}
	first := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	ym := first.Format(monthLayout)
	offset := 0
	if params.PageFromKey != nil && *params.PageFromKey != "" {
		o, err := parseBillingKey(*params.PageFromKey, ym)
		if err != nil {
			e.writeError(w, r, err)
			return
		}
		offset = o
	}
	partnerID := principalOf(r).partnerID
	q := e.store.q(ctx)
	rows, err := e.usageRows(ctx, q, partnerID, ym)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	var partnerName, distributor string
	if err := q.QueryRowContext(ctx, `SELECT p.name, COALESCE(b.distributor, '') FROM partners p LEFT JOIN billing_settings b ON b.partner_id = p.id
		WHERE p.id = ?`, partnerID).Scan(&partnerName, &distributor); err != nil {
		e.writeError(w, r, err)
		return
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
	writeJSON(w, http.StatusOK, out)
}

// ListSophosProducts implements GET /partner/v1/psa/sophos-products.
func (s *server) ListSophosProducts(w http.ResponseWriter, r *http.Request, params api.ListSophosProductsParams) {
	e := s.e
	pg, err := newPaging(params.Page, params.PageSize, params.PageTotal)
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	out := api.SophosProductList{Items: []api.SophosProduct{}}
	err = e.store.tx(ctx, func(tx *sql.Tx) error {
		var total int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sophos_products").Scan(&total); err != nil {
			return err
		}
		out.Pages = pg.pages(total)
		rows, err := tx.QueryContext(ctx, `SELECT sp.identifier, sp.name, sp.has_usage, sp.invoice_only,
			COALESCE((SELECT group_concat(code, ',') FROM (SELECT code FROM billing_products b WHERE b.sophos_product = sp.identifier ORDER BY code)), '')
			FROM sophos_products sp ORDER BY sp.name_fold, sp.identifier LIMIT ? OFFSET ?`, pg.limit(), pg.offset())
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			var p api.SophosProduct
			var codes string
			if err := rows.Scan(&p.Identifier, &p.Name, &p.HasUsage, &p.SyncsWithInvoiceOnly, &codes); err != nil {
				return err
			}
			p.BillingProductCodes = []string{}
			if codes != "" {
				p.BillingProductCodes = strings.Split(codes, ",")
			}
			out.Items = append(out.Items, p)
		}
		return rows.Err()
	})
	if err != nil {
		e.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
