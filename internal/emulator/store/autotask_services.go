package store

import (
	"context"
	"database/sql"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The autotask_services and autotask_service_bundles tables: the Autotask side of the
// partner's Autotask products (psa_products rows of psa autotask). Each such product is an
// Autotask service, or a service bundle when its product class is Bundle; these tables add
// what only Autotask has: the period type and a bundle's services.

// AutotaskService is an Autotask product with its Autotask fields.
type AutotaskService struct {
	Product
	// PeriodType is the periodType picklist value; nil means the picklist's default.
	PeriodType *int64
	// Services are a bundle's services (ids of other products), by id.
	Services []int64
}

// Bundle reports whether the product is a service bundle.
func (s AutotaskService) Bundle() bool { return s.ProductClass == string(api.ProductClassBundle) }

// PutAutotaskService records a product's Autotask fields: its period type and, for a
// bundle, its services.
func (q Q) PutAutotaskService(ctx context.Context, productID int64, periodType *int64, services []int64) error {
	return q.Tx(ctx, func(q Q) error {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO autotask_services(product_id, period_type) VALUES(?, ?)
			ON CONFLICT(product_id) DO UPDATE SET period_type = excluded.period_type`, productID, periodType); err != nil {
			return err
		}
		if _, err := q.q.ExecContext(ctx, "DELETE FROM autotask_service_bundles WHERE bundle_id = ?", productID); err != nil {
			return err
		}
		for _, s := range services {
			if _, err := q.q.ExecContext(ctx, "INSERT OR IGNORE INTO autotask_service_bundles(bundle_id, service_id) VALUES(?, ?)", productID, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// AutotaskServices reads every Autotask product of the partner with its Autotask fields, by
// id, inactive ones included.
func (q Q) AutotaskServices(ctx context.Context, partnerID string) ([]AutotaskService, error) {
	out, err := collect(ctx, q, func(row scanner) (AutotaskService, error) {
		var s AutotaskService
		var period sql.NullInt64
		err := scanProduct(row, &s.Product, &period)
		s.PeriodType = nullInt(period)
		return s, err
	}, `SELECT `+productColumns+`, (SELECT period_type FROM autotask_services s WHERE s.product_id = psa_products.id)
		FROM psa_products WHERE partner_id = ? AND psa = ? ORDER BY id`, partnerID, api.PsaAutotask)
	if err != nil {
		return nil, err
	}
	type member struct{ bundle, service int64 }
	members, err := collect(ctx, q, func(row scanner) (member, error) {
		var m member
		err := row.Scan(&m.bundle, &m.service)
		return m, err
	}, `SELECT b.bundle_id, b.service_id FROM autotask_service_bundles b JOIN psa_products p ON p.id = b.bundle_id
		WHERE p.partner_id = ? ORDER BY b.bundle_id, b.service_id`, partnerID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]int, len(out))
	for i, s := range out {
		byID[s.ID] = i
	}
	for _, m := range members {
		if i, ok := byID[m.bundle]; ok {
			out[i].Services = append(out[i].Services, m.service)
		}
	}
	return out, nil
}
