package autotask

import (
	"context"
	"net/http"
	"strings"

	at "github.com/psa-iac/terraform-provider-sophos/internal/api/autotask"
)

// QueryCompanies reads the companies q selects.
func (c *Client) QueryCompanies(ctx context.Context, q at.Query) ([]at.Company, error) {
	return Query[at.Company](ctx, c, at.EntityCompanies, q)
}

// QueryContracts reads the contracts q selects.
func (c *Client) QueryContracts(ctx context.Context, q at.Query) ([]at.Contract, error) {
	return Query[at.Contract](ctx, c, at.EntityContracts, q)
}

// QueryServices reads the services q selects.
func (c *Client) QueryServices(ctx context.Context, q at.Query) ([]at.Service, error) {
	return Query[at.Service](ctx, c, at.EntityServices, q)
}

// QueryServiceBundles reads the service bundles q selects.
func (c *Client) QueryServiceBundles(ctx context.Context, q at.Query) ([]at.ServiceBundle, error) {
	return Query[at.ServiceBundle](ctx, c, at.EntityServiceBundles, q)
}

// QueryContractServices reads the contract services q selects.
func (c *Client) QueryContractServices(ctx context.Context, q at.Query) ([]at.ContractService, error) {
	return Query[at.ContractService](ctx, c, at.EntityContractServices, q)
}

// QueryContractServiceUnits reads the contract service units q selects.
func (c *Client) QueryContractServiceUnits(ctx context.Context, q at.Query) ([]at.ContractServiceUnit, error) {
	return Query[at.ContractServiceUnit](ctx, c, at.EntityContractServiceUnits, q)
}

// GetCompany reads one company.
func (c *Client) GetCompany(ctx context.Context, id int64) (*at.Company, error) {
	return Get[at.Company](ctx, c, at.EntityCompanies, id)
}

// GetContract reads one contract.
func (c *Client) GetContract(ctx context.Context, id int64) (*at.Contract, error) {
	return Get[at.Contract](ctx, c, at.EntityContracts, id)
}

// EntityFields reads an entity's fields with this database's picklist values.
func (c *Client) EntityFields(ctx context.Context, entity string) (*at.EntityFields, error) {
	u, err := c.entityURL(ctx, entity, at.FieldsPath)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, http.MethodGet, u, entity, nil)
	if err != nil {
		return nil, err
	}
	var out at.EntityFields
	if err := decodeJSON(resp.Body, &out); err != nil || out.Fields == nil {
		return nil, &ResponseError{Method: http.MethodGet, Path: u.Path, Problem: "it is not {\"fields\": [...]}"}
	}
	return &out, nil
}

// Picklist is the picklist of field (case-insensitive) in fs: value -> label, and whether
// the field is a picklist there.
func Picklist(fs *at.EntityFields, field string) (map[string]at.PicklistValue, bool) {
	for _, f := range fs.Fields {
		if strings.EqualFold(f.Name, field) && f.IsPickList {
			out := make(map[string]at.PicklistValue, len(f.PicklistValues))
			for _, v := range f.PicklistValues {
				out[v.Value] = v
			}
			return out, true
		}
	}
	return nil, false
}

// ThresholdInformation reads the database's request threshold and this hour's usage.
func (c *Client) ThresholdInformation(ctx context.Context) (*at.ThresholdInformation, error) {
	u, err := c.entityURL(ctx, at.EntityThresholdInformation, "")
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, http.MethodGet, u, at.EntityThresholdInformation, nil)
	if err != nil {
		return nil, err
	}
	var out at.ThresholdInformation
	if err := decodeJSON(resp.Body, &out); err != nil {
		return nil, &ResponseError{Method: http.MethodGet, Path: u.Path, Problem: "it is not the threshold information: " + err.Error()}
	}
	return &out, nil
}
