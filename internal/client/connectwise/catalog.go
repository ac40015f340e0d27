package connectwise

import (
	"context"
	"errors"
	"net/http"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// ListCatalogItems reads the catalog items opts selects, every page.
func (c *Client) ListCatalogItems(ctx context.Context, opts ListOptions) ([]cw.CatalogItem, error) {
	return list[cw.CatalogItem](ctx, c, cw.PathCatalog, opts)
}

// GetCatalogItem reads one catalog item.
func (c *Client) GetCatalogItem(ctx context.Context, id int) (*cw.CatalogItem, error) {
	return get[cw.CatalogItem](ctx, c, cw.PathCatalog, id)
}

// CountCatalogItems counts the catalog items that meet cond.
func (c *Client) CountCatalogItems(ctx context.Context, cond Condition) (int, error) {
	return c.count(ctx, cw.PathCatalog, cond)
}

// CreateCatalogItem creates a catalog item (POST, 201) and returns it as ConnectWise
// stored it. identifier, description, subcategory, type and customerDescription are required.
func (c *Client) CreateCatalogItem(ctx context.Context, item cw.CatalogItem) (*cw.CatalogItem, error) {
	return create(ctx, c, cw.PathCatalog, item)
}

// PatchCatalogItem changes the paths ops names (build them with PatchFor) and returns the
// updated item. It never PUTs: a PUT resets what it omits.
func (c *Client) PatchCatalogItem(ctx context.Context, id int, ops []cw.PatchOperation) (*cw.CatalogItem, error) {
	return patch[cw.CatalogItem](ctx, c, cw.PathCatalog, id, ops)
}

// DeleteCatalogItem deletes a catalog item (204). An item that agreements or invoices use
// is refused with an *InUseError: retire it with inactiveFlag instead.
func (c *Client) DeleteCatalogItem(ctx context.Context, id int) error {
	return c.delete(ctx, cw.PathCatalog, id, "catalog item")
}

// delete deletes a record; ConnectWise's 409 (record possibly in use) and 400 (a DELETE has
// no body to be wrong, so it is the record's state) become an *InUseError.
func (c *Client) delete(ctx context.Context, collection string, id int, what string) error {
	_, err := c.send(ctx, call{method: http.MethodDelete, path: itemPath(collection, id), endpoint: collection}, http.StatusNoContent, http.StatusOK)
	var apiErr *APIError
	if errors.As(err, &apiErr) && !IsAuth(err) && (apiErr.StatusCode == http.StatusConflict || apiErr.StatusCode == http.StatusBadRequest) {
		return &InUseError{APIError: *apiErr, What: what, ID: id}
	}
	return err
}
