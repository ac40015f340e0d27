package connectwise

import (
	"context"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// The reference lists a catalog item points into, each read whole (every page).

// ListCategories reads the product categories.
func (c *Client) ListCategories(ctx context.Context, opts ListOptions) ([]cw.Category, error) {
	return list[cw.Category](ctx, c, cw.PathCategories, opts)
}

// ListSubcategories reads the product subcategories (each names its category).
func (c *Client) ListSubcategories(ctx context.Context, opts ListOptions) ([]cw.Subcategory, error) {
	return list[cw.Subcategory](ctx, c, cw.PathSubcategories, opts)
}

// ListProductTypes reads the product types.
func (c *Client) ListProductTypes(ctx context.Context, opts ListOptions) ([]cw.ProductType, error) {
	return list[cw.ProductType](ctx, c, cw.PathProductTypes, opts)
}

// ListUnitsOfMeasure reads the units of measure.
func (c *Client) ListUnitsOfMeasure(ctx context.Context, opts ListOptions) ([]cw.UnitOfMeasure, error) {
	return list[cw.UnitOfMeasure](ctx, c, cw.PathUnitsOfMeasure, opts)
}

// ListManufacturers reads the manufacturers.
func (c *Client) ListManufacturers(ctx context.Context, opts ListOptions) ([]cw.Manufacturer, error) {
	return list[cw.Manufacturer](ctx, c, cw.PathManufacturers, opts)
}
