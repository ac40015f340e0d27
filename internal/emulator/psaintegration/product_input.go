package psaintegration

import (
	"context"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// productFromInput validates a ConnectWise product input (rules.CheckProductInput,
// rules.ResolveSubcategory and rules.ResolveReference) and applies it to rec (a full replacement: omitted optional fields
// get their defaults).
func productFromInput(ctx context.Context, q store.Q, rec *store.Product, in api.PsaProductInput) error {
	f := rules.APIFields()
	vs := rules.CheckProductInput(f, in)
	ref, err := q.CatalogReference(ctx, rec.PartnerID)
	if err != nil {
		return err
	}
	unit := in.UnitOfMeasure
	if unit == nil || (unit.Id == nil && unit.Name == nil) {
		unit = &api.Reference{Name: ptr(api.DefaultUnitOfMeasure)}
	}
	resolve := func(field, kind string, r api.Reference) *int64 {
		got, v := rules.ResolveReference(field, kind, r, &ref)
		if v != nil {
			vs = append(vs, *v)
			return nil
		}
		return &got.ID
	}
	var sub *int64
	if got, v := rules.ResolveSubcategory(f, in.Subcategory, in.Category, &ref); v != nil {
		vs = append(vs, *v)
	} else {
		sub = &got.ID
	}
	typ := resolve(f.Type, rules.RefType, in.Type)
	uom := resolve(f.UnitOfMeasure, rules.RefUnitOfMeasure, *unit)
	if vs.First() != nil {
		return web.Violations("the product", vs)
	}
	description := strings.TrimSpace(in.Description)
	customer := description
	if in.CustomerDescription != nil && *in.CustomerDescription != "" {
		customer = *in.CustomerDescription
	}
	class := api.DefaultProductClass
	if in.ProductClass != nil {
		class = *in.ProductClass
	}
	rec.Identifier, rec.Description, rec.CustomerDescription = strings.TrimSpace(in.Identifier), description, customer
	rec.SubcategoryID, rec.TypeID, rec.UnitID = sub, typ, uom
	rec.ProductClass = string(class)
	rec.Price, rec.Cost = deref(in.Price), deref(in.Cost)
	rec.Taxable = deref(in.TaxableFlag)
	rec.Inactive = deref(in.InactiveFlag)
	rec.ManufacturerPartNumber, rec.VendorSku, rec.IntegrationXRef = deref(in.ManufacturerPartNumber), deref(in.VendorSku), deref(in.IntegrationXRef)
	rec.Notes = deref(in.Notes)
	return nil
}
