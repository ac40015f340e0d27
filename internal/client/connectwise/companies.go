package connectwise

import (
	"context"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// notDeleted keeps companies in the recycle bin out of every listing.
var notDeleted = Field(cw.FieldDeletedFlag).Eq(Bool(false))

// ListCompanies reads the companies opts selects, never those in the recycle bin
// (deletedFlag=false is added to the conditions).
func (c *Client) ListCompanies(ctx context.Context, opts ListOptions) ([]cw.Company, error) {
	opts.Conditions = And(notDeleted, opts.Conditions)
	return list[cw.Company](ctx, c, cw.PathCompanies, opts)
}

// GetCompany reads one company (deleted or not: DeletedFlag tells).
func (c *Client) GetCompany(ctx context.Context, id int) (*cw.Company, error) {
	return get[cw.Company](ctx, c, cw.PathCompanies, id)
}
