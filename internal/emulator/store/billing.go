package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
)

// The billing tables of the Partner Billing API: billing_products (the product codes and
// the Sophos product each rolls up to), billing_settings (a partner's first month and
// distributor) and billing_usage (a partner's usage lines).

// BillingProduct is a product code of the Partner Billing API.
type BillingProduct struct {
	Code, SKU, Description, Group string
	UnitPrice                     float64
	SophosProduct                 string // "" for none
}

// InsertBillingProduct stores a billing product code.
func (q Q) InsertBillingProduct(ctx context.Context, b BillingProduct) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO billing_products(code, sku, description, product_group, unit_price, sophos_product)
		VALUES(?, ?, ?, ?, ?, ?)`, b.Code, b.SKU, b.Description, b.Group, b.UnitPrice, nullIfEmpty(b.SophosProduct))
	return err
}

// BillingCodes lists every billing product code.
func (q Q) BillingCodes(ctx context.Context) ([]string, error) {
	return collect(ctx, q, scanString, "SELECT code FROM billing_products ORDER BY code")
}

// InsertBillingSettings stores a partner's first month of usage (YYYY-MM) and distributor.
func (q Q) InsertBillingSettings(ctx context.Context, partnerID, since, distributor string) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO billing_settings(partner_id, since, distributor) VALUES(?, ?, ?)", partnerID, since, distributor)
	return err
}

// EnsureBillingSettings gives a partner without billing settings these ones.
func (q Q) EnsureBillingSettings(ctx context.Context, partnerID, since, distributor string) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO billing_settings(partner_id, since, distributor) VALUES(?, ?, ?) ON CONFLICT(partner_id) DO NOTHING",
		partnerID, since, distributor)
	return err
}

// BillingLine is a usage line to store.
type BillingLine struct {
	CustomerID   string // "" for a stand-alone device
	SerialNumber string
	ProductCode  string
	Quantity     float64
	// Months are the months (YYYY-MM) the line is billed in; none means every month.
	Months []string
}

// InsertBillingLine stores a usage line of partnerID.
func (q Q) InsertBillingLine(ctx context.Context, partnerID string, l BillingLine) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO billing_usage(partner_id, customer_id, serial_number, product_code, quantity, months)
		VALUES(?, ?, ?, ?, ?, ?)`, partnerID, nullIfEmpty(strings.ToLower(l.CustomerID)), l.SerialNumber, l.ProductCode, l.Quantity, strings.Join(l.Months, ","))
	return err
}

// CountEveryMonthLines counts partnerID's usage lines billed in every month.
func (q Q) CountEveryMonthLines(ctx context.Context, partnerID string) (int, error) {
	return count(ctx, q, "SELECT COUNT(*) FROM billing_usage WHERE partner_id = ? AND months = ''", partnerID)
}

// UsageLine is a stored usage line with what the billing report shows about it.
type UsageLine struct {
	ID                    int64
	CustomerID            *string
	Serial, Code          string
	Quantity              float64
	TenantName, Geo       *string
	SKU, Description      string
	Group                 string
	UnitPrice             float64
	SophosProduct         *string
	InvoiceOnly           bool
	SophosProductHasUsage bool
}

// UsageLines reads partnerID's usage lines billed in month ym (YYYY-MM), in report order;
// none for a month before the partner's first month or after currentMonth.
func (q Q) UsageLines(ctx context.Context, partnerID, ym, currentMonth string) ([]UsageLine, error) {
	var since string
	err := q.q.QueryRowContext(ctx, "SELECT since FROM billing_settings WHERE partner_id = ?", partnerID).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ym < since || ym > currentMonth {
		return nil, nil
	}
	type row struct {
		line   UsageLine
		months string
	}
	rows, err := collect(ctx, q, func(r scanner) (row, error) {
		var x row
		u := &x.line
		var customer, tenant, geo, sophos sql.NullString
		err := r.Scan(&u.ID, &customer, &u.Serial, &u.Code, &u.Quantity, &x.months, &tenant, &geo,
			&u.SKU, &u.Description, &u.Group, &u.UnitPrice, &sophos, &u.InvoiceOnly, &u.SophosProductHasUsage)
		u.CustomerID, u.TenantName, u.Geo, u.SophosProduct = nullString(customer), nullString(tenant), nullString(geo), nullString(sophos)
		return x, err
	}, `SELECT u.id, u.customer_id, u.serial_number, u.product_code, u.quantity, u.months, t.name, t.data_geography,
		b.sku, b.description, b.product_group, b.unit_price, b.sophos_product, COALESCE(sp.invoice_only, 0), COALESCE(sp.has_usage, 0)
		FROM billing_usage u JOIN billing_products b ON b.code = u.product_code
		LEFT JOIN tenants t ON t.id = u.customer_id LEFT JOIN sophos_products sp ON sp.identifier = b.sophos_product
		WHERE u.partner_id = ? ORDER BY u.id`, partnerID)
	if err != nil {
		return nil, err
	}
	var out []UsageLine
	for _, r := range rows {
		if r.months == "" || slices.Contains(strings.Split(r.months, ","), ym) {
			out = append(out, r.line)
		}
	}
	return out, nil
}

// PartnerBilling reads a partner's name and distributor ("" without billing settings).
func (q Q) PartnerBilling(ctx context.Context, partnerID string) (name, distributor string, err error) {
	err = q.q.QueryRowContext(ctx, `SELECT p.name, COALESCE(b.distributor, '') FROM partners p LEFT JOIN billing_settings b ON b.partner_id = p.id
		WHERE p.id = ?`, partnerID).Scan(&name, &distributor)
	return name, distributor, err
}
