package store

import (
	"context"
	"database/sql"
	"time"
)

// The cw_additions table: ConnectWise agreement additions, the product lines of an
// agreement (a catalog item and its quantity). Sophos's own usage sync writes one per
// mapped product on a customer's mapped agreement (usage_sync marks them) and updates it on
// later passes; a catalog item an addition uses cannot be deleted.

// Addition is a stored agreement addition.
type Addition struct {
	ID                     int64
	PartnerID              string
	AgreementID, ProductID int64
	BillCustomer           string
	Quantity, LessIncluded float64
	UnitPrice, UnitCost    float64
	Description            string
	InvoiceDescription     string
	Taxable                bool
	EffectiveDate          *string
	CancelledDate          *string
	CreatedAt, UpdatedAt   int64
	UpdatedBy              string
	// UsageSync is true for an addition Sophos's usage sync created (it updates those only).
	UsageSync bool
	// ProductIdentifier is the catalog item's identifier ("" when it is gone).
	ProductIdentifier string
}

const additionSelect = `SELECT a.id, a.partner_id, a.agreement_id, a.product_id, a.bill_customer, a.quantity, a.less_included,
	a.unit_price, a.unit_cost, a.description, a.invoice_description, a.taxable, a.effective_date, a.cancelled_date,
	a.created_at, a.updated_at, a.updated_by, a.usage_sync, COALESCE(p.identifier, '')
	FROM cw_additions a LEFT JOIN psa_products p ON p.id = a.product_id`

func scanAddition(row scanner) (Addition, error) {
	var a Addition
	var effective, cancelled sql.NullString
	err := row.Scan(&a.ID, &a.PartnerID, &a.AgreementID, &a.ProductID, &a.BillCustomer, &a.Quantity, &a.LessIncluded,
		&a.UnitPrice, &a.UnitCost, &a.Description, &a.InvoiceDescription, &a.Taxable, &effective, &cancelled,
		&a.CreatedAt, &a.UpdatedAt, &a.UpdatedBy, &a.UsageSync, &a.ProductIdentifier)
	a.EffectiveDate, a.CancelledDate = nullString(effective), nullString(cancelled)
	return a, err
}

// Additions lists the additions of a partner's agreement, by id.
func (q Q) Additions(ctx context.Context, partnerID string, agreementID int64) ([]Addition, error) {
	return collect(ctx, q, scanAddition, additionSelect+" WHERE a.partner_id = ? AND a.agreement_id = ? ORDER BY a.id", partnerID, agreementID)
}

// Addition reads an addition of a partner's agreement; ErrNotFound when there is none.
func (q Q) Addition(ctx context.Context, partnerID string, agreementID, id int64) (Addition, error) {
	a, err := scanAddition(q.q.QueryRowContext(ctx, additionSelect+" WHERE a.partner_id = ? AND a.agreement_id = ? AND a.id = ?", partnerID, agreementID, id))
	return a, notFound(err)
}

// SyncAddition reads the addition the usage sync wrote for a catalog item on a partner's
// agreement (the first, should there be several); ErrNotFound when there is none.
func (q Q) SyncAddition(ctx context.Context, partnerID string, agreementID, productID int64) (Addition, error) {
	a, err := scanAddition(q.q.QueryRowContext(ctx, additionSelect+` WHERE a.partner_id = ? AND a.agreement_id = ? AND a.product_id = ?
		AND a.usage_sync = 1 ORDER BY a.id LIMIT 1`, partnerID, agreementID, productID))
	return a, notFound(err)
}

// InsertAddition stores a new addition created at ts, giving it the next id.
func (q Q) InsertAddition(ctx context.Context, a *Addition, ts int64) error {
	a.CreatedAt, a.UpdatedAt = ts, ts
	if err := q.q.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) + 1 FROM cw_additions").Scan(&a.ID); err != nil {
		return err
	}
	_, err := q.q.ExecContext(ctx, `INSERT INTO cw_additions(id, partner_id, agreement_id, product_id, bill_customer, quantity, less_included,
		unit_price, unit_cost, description, invoice_description, taxable, effective_date, cancelled_date, created_at, updated_at, updated_by,
		usage_sync) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.PartnerID, a.AgreementID, a.ProductID, a.BillCustomer, a.Quantity, a.LessIncluded, a.UnitPrice, a.UnitCost,
		a.Description, a.InvoiceDescription, a.Taxable, a.EffectiveDate, a.CancelledDate, a.CreatedAt, a.UpdatedAt, a.UpdatedBy, a.UsageSync)
	return err
}

// UpdateAddition stores a over the existing row, updated at ts (at least a second after the
// previous update, as for products).
func (q Q) UpdateAddition(ctx context.Context, a *Addition, ts int64) error {
	a.UpdatedAt = max(ts, a.UpdatedAt+int64(time.Second))
	return q.execOne(ctx, `UPDATE cw_additions SET product_id = ?, bill_customer = ?, quantity = ?, less_included = ?, unit_price = ?,
		unit_cost = ?, description = ?, invoice_description = ?, taxable = ?, effective_date = ?, cancelled_date = ?, updated_at = ?,
		updated_by = ? WHERE id = ?`,
		a.ProductID, a.BillCustomer, a.Quantity, a.LessIncluded, a.UnitPrice, a.UnitCost, a.Description, a.InvoiceDescription,
		a.Taxable, a.EffectiveDate, a.CancelledDate, a.UpdatedAt, a.UpdatedBy, a.ID)
}

// AdditionsUsingProduct counts the additions that bill a catalog item.
func (q Q) AdditionsUsingProduct(ctx context.Context, productID int64) (int, error) {
	return count(ctx, q, "SELECT COUNT(*) FROM cw_additions WHERE product_id = ?", productID)
}
