package connectwise

import (
	"context"
	"strconv"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
)

// ListAgreements reads the agreements opts selects, e.g. one company's that are not
// cancelled: And(Field("company/id").Eq(Int(250)), Field("cancelledFlag").Eq(Bool(false))).
func (c *Client) ListAgreements(ctx context.Context, opts ListOptions) ([]cw.Agreement, error) {
	return list[cw.Agreement](ctx, c, cw.PathAgreements, opts)
}

// CountAgreements counts the agreements that meet cond.
func (c *Client) CountAgreements(ctx context.Context, cond Condition) (int, error) {
	return c.count(ctx, cw.PathAgreements, cond)
}

// GetAgreement reads one agreement.
func (c *Client) GetAgreement(ctx context.Context, id int) (*cw.Agreement, error) {
	return get[cw.Agreement](ctx, c, cw.PathAgreements, id)
}

// additions is the additions collection of an agreement.
func additions(agreementID int) string {
	return cw.PathAgreements + "/" + strconv.Itoa(agreementID) + cw.PathAdditionsOf
}

// additionsEndpoint is what every agreement's additions count against: one concurrency
// limit (Config.PerEndpoint) for all of them, so listing the additions of many agreements
// at once runs that many requests at a time, not one per agreement.
const additionsEndpoint = cw.PathAgreements + "/{parentId}" + cw.PathAdditionsOf

// ListAdditions reads an agreement's additions. Listings of several agreements' additions
// may run at once: they share one concurrency limit.
func (c *Client) ListAdditions(ctx context.Context, agreementID int, opts ListOptions) ([]cw.Addition, error) {
	return listAt[cw.Addition](ctx, c, additions(agreementID), additionsEndpoint, opts)
}

// CreateAddition adds a product line to an agreement (POST, 201); product and
// billCustomer are required.
func (c *Client) CreateAddition(ctx context.Context, agreementID int, a cw.Addition) (*cw.Addition, error) {
	return create(ctx, c, additions(agreementID), a)
}

// PatchAddition changes the paths ops names of an addition and returns it.
func (c *Client) PatchAddition(ctx context.Context, agreementID, id int, ops []cw.PatchOperation) (*cw.Addition, error) {
	return patch[cw.Addition](ctx, c, additions(agreementID), id, ops)
}
