package store

import (
	"context"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// The sophos_products table: the Sophos products a PSA product can be mapped to.

// InsertSophosProduct stores a Sophos product.
func (q Q) InsertSophosProduct(ctx context.Context, identifier, name string, hasUsage bool) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO sophos_products(identifier, name, name_fold, has_usage) VALUES(?, ?, ?, ?)",
		identifier, name, Fold(name), hasUsage)
	return err
}

// MarkInvoiceOnly marks a Sophos product as one whose usage syncs only with the invoice.
func (q Q) MarkInvoiceOnly(ctx context.Context, identifier string) error {
	_, err := q.q.ExecContext(ctx, "UPDATE sophos_products SET invoice_only = 1 WHERE identifier = ?", identifier)
	return err
}

// SophosProductHasUsage reports whether a Sophos product has usage to sync; ErrNotFound for
// an unknown one.
func (q Q) SophosProductHasUsage(ctx context.Context, identifier string) (bool, error) {
	var hasUsage bool
	err := q.q.QueryRowContext(ctx, "SELECT has_usage FROM sophos_products WHERE identifier = ?", identifier).Scan(&hasUsage)
	return hasUsage, notFound(err)
}

// SophosProductIgnoringCase is the identifier of the Sophos product whose identifier is
// identifier but for case; ErrNotFound when there is none.
func (q Q) SophosProductIgnoringCase(ctx context.Context, identifier string) (string, error) {
	var id string
	err := q.q.QueryRowContext(ctx, "SELECT identifier FROM sophos_products WHERE lower(identifier) = lower(?)", identifier).Scan(&id)
	return id, notFound(err)
}

// ListSophosProducts reads a page of the Sophos products by name, with the billing product
// codes each covers.
func (q Q) ListSophosProducts(ctx context.Context, w Window) (Page[api.SophosProduct], error) {
	return listPage(ctx, q, `SELECT sp.identifier, sp.name, sp.has_usage, sp.invoice_only,
		COALESCE((SELECT group_concat(code, ',') FROM (SELECT code FROM billing_products b WHERE b.sophos_product = sp.identifier ORDER BY code)), '')
		FROM sophos_products sp`, "sp.name_fold, sp.identifier", nil, w, func(row scanner) (api.SophosProduct, error) {
		var p api.SophosProduct
		var codes string
		if err := row.Scan(&p.Identifier, &p.Name, &p.HasUsage, &p.SyncsWithInvoiceOnly, &codes); err != nil {
			return p, err
		}
		p.BillingProductCodes = []string{}
		if codes != "" {
			p.BillingProductCodes = strings.Split(codes, ",")
		}
		return p, nil
	})
}
