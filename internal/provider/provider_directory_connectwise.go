package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client"
	cwclient "github.com/psa-iac/terraform-provider-sophos/internal/client/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// ConnectWise's own REST API as the ConnectWise directory (provider_directory.go): catalog
// items, companies without the recycle bin and agreements with the integration's rules
// (cancelled hidden, expired offered) read with one forward-only listing each (pageSize
// 1,000, fields limited to what the provider maps, conditions on the server), and catalog
// writes as POST and a JSON Patch of only the paths that change, never PUT. ConnectWise has
// no ETag: a product's version is its _info.lastUpdated, and a write first reads the item
// and refuses, as a 412 does, one changed since the version given (changedSinceReadError). A
// deletion ConnectWise refuses because agreements or invoices use the item is
// errProductInUse. Rows map to the contract's types in provider_directory_connectwise_rows.go.

// connectWiseDirectory reads and writes ConnectWise through its own API.
type connectWiseDirectory struct {
	cw *cwclient.Client
	// now is the clock that tells an agreement without a status whether it ended.
	now func() time.Time

	// ref is the catalog reference data, read once: writes resolve names with it, and the
	// snapshot's reference listing is this one.
	refMu sync.Mutex
	ref   *api.CatalogReference
}

// The fields each listing asks for: what the rows need, nothing more.
var (
	catalogFields = []string{cw.FieldIdentifier, cw.FieldDescription, cw.FieldCustomerDescription, cw.FieldCategory, cw.FieldSubcategory,
		cw.FieldType, cw.FieldUnitOfMeasure, cw.FieldProductClass, cw.FieldPrice, cw.FieldCost, cw.FieldTaxableFlag, cw.FieldInactiveFlag,
		cw.FieldManufacturerPartNumber, cw.FieldVendorSku, cw.FieldIntegrationXRef, cw.FieldNotes, cw.FieldInfo}
	companyFields   = []string{cw.FieldIdentifier, cw.FieldName, cw.FieldDeletedFlag}
	agreementFields = []string{cw.FieldName, cw.FieldCompany, cw.FieldAgreementStatus, cw.FieldCancelledFlag, cw.FieldStartDate, cw.FieldEndDate}
	// referenceFields and subcategoryFields are what a reference list is read with.
	referenceFields   = []string{cw.FieldName}
	subcategoryFields = []string{cw.FieldName, cw.FieldCategory}
	// notCancelled keeps cancelled agreements out of listings, as the integration does.
	notCancelled = cwclient.Field(cw.FieldCancelledFlag).Eq(cwclient.Bool(false))
	// active keeps retired reference data out: ConnectWise refuses it on new items.
	active = cwclient.Field(cw.FieldInactiveFlag).Eq(cwclient.Bool(false))
)

// wrap marks an error of ConnectWise's API as the PSA's own (psaAPIError), for diagnostics.
func (d *connectWiseDirectory) wrap(err error) error {
	return markPSAError(api.PsaConnectwise, err, connectWiseAdvice, connectWiseFinal)
}

func (d *connectWiseDirectory) listProducts(ctx context.Context) ([]api.PsaProduct, error) {
	items, err := d.cw.ListCatalogItems(ctx, cwclient.ListOptions{Fields: catalogFields})
	if err != nil {
		return nil, d.wrap(err)
	}
	out := make([]api.PsaProduct, 0, len(items))
	for i := range items {
		out = append(out, productFromCatalogItem(&items[i]))
	}
	slices.SortStableFunc(out, func(a, b api.PsaProduct) int { return byFoldThenID(a.Identifier, b.Identifier, a.Id, b.Id) })
	return out, nil
}

func (d *connectWiseDirectory) getProduct(ctx context.Context, id int64) (*api.PsaProduct, string, error) {
	item, err := d.cw.GetCatalogItem(ctx, int(id))
	if err != nil {
		return nil, "", d.wrap(err)
	}
	p := productFromCatalogItem(item)
	return &p, item.Info.LastUpdated(), nil
}

func (d *connectWiseDirectory) listCompanies(ctx context.Context) ([]api.PsaCompany, error) {
	companies, err := d.cw.ListCompanies(ctx, cwclient.ListOptions{Fields: companyFields})
	if err != nil {
		return nil, d.wrap(err)
	}
	out := make([]api.PsaCompany, 0, len(companies))
	for _, c := range companies {
		if c.DeletedFlag == nil || !*c.DeletedFlag {
			out = append(out, companyFromConnectWise(c))
		}
	}
	slices.SortStableFunc(out, func(a, b api.PsaCompany) int { return byFoldThenID(a.Name, b.Name, a.Id, b.Id) })
	return out, nil
}

func (d *connectWiseDirectory) getCompany(ctx context.Context, id int64) (*api.PsaCompany, error) {
	c, err := d.cw.GetCompany(ctx, int(id))
	if err != nil {
		return nil, d.wrap(err)
	}
	if c.DeletedFlag != nil && *c.DeletedFlag {
		return nil, &notFoundError{what: fmt.Sprintf("ConnectWise company %d is in the recycle bin", id)}
	}
	out := companyFromConnectWise(*c)
	return &out, nil
}

func (d *connectWiseDirectory) listContracts(ctx context.Context) ([]api.PsaContract, error) {
	agreements, err := d.cw.ListAgreements(ctx, cwclient.ListOptions{Conditions: notCancelled, Fields: agreementFields})
	if err != nil {
		return nil, d.wrap(err)
	}
	today := d.now().UTC().Format(time.DateOnly)
	out := make([]api.PsaContract, 0, len(agreements))
	names := map[string]int{}
	for _, a := range agreements {
		if c, ok := contractFromAgreement(a, today); ok {
			out = append(out, c)
			names[fold(c.Name)]++
		}
	}
	for i := range out {
		out[i].NameUnique = names[fold(out[i].Name)] == 1
	}
	slices.SortStableFunc(out, func(a, b api.PsaContract) int { return byFoldThenID(a.Name, b.Name, a.Id, b.Id) })
	return out, nil
}

func (d *connectWiseDirectory) getContract(ctx context.Context, id int64) (*api.PsaContract, error) {
	a, err := d.cw.GetAgreement(ctx, int(id))
	if err != nil {
		return nil, d.wrap(err)
	}
	c, ok := contractFromAgreement(*a, d.now().UTC().Format(time.DateOnly))
	if !ok {
		return nil, &notFoundError{what: fmt.Sprintf("ConnectWise agreement %d is cancelled", id)}
	}
	// Unique among the agreements that are not cancelled: it is the only one of its name.
	same, err := d.cw.CountAgreements(ctx, cwclient.And(notCancelled, cwclient.Field(cw.FieldName).Eq(cwclient.Text(c.Name))))
	if err != nil {
		return nil, d.wrap(err)
	}
	c.NameUnique = same <= 1
	return &c, nil
}

func (d *connectWiseDirectory) catalogReference(ctx context.Context) (*api.CatalogReference, error) {
	d.refMu.Lock()
	defer d.refMu.Unlock()
	if d.ref != nil {
		return d.ref, nil
	}
	opts := cwclient.ListOptions{Conditions: active, Fields: referenceFields}
	categories, err := d.cw.ListCategories(ctx, opts)
	if err != nil {
		return nil, d.wrap(err)
	}
	subcategories, err := d.cw.ListSubcategories(ctx, cwclient.ListOptions{Conditions: active, Fields: subcategoryFields})
	if err != nil {
		return nil, d.wrap(err)
	}
	types, err := d.cw.ListProductTypes(ctx, opts)
	if err != nil {
		return nil, d.wrap(err)
	}
	units, err := d.cw.ListUnitsOfMeasure(ctx, opts)
	if err != nil {
		return nil, d.wrap(err)
	}
	d.ref = catalogReferenceOf(categories, subcategories, types, units)
	return d.ref, nil
}

func (d *connectWiseDirectory) catalog() catalogWriter { return d }

func (d *connectWiseDirectory) refusesMappedDeletes() bool { return false }

func (d *connectWiseDirectory) createProduct(ctx context.Context, in api.PsaProductInput) (*client.CreatedProduct, error) {
	item, err := d.itemFromInput(ctx, in, nil)
	if err != nil {
		return nil, err
	}
	created, err := d.cw.CreateCatalogItem(ctx, *item)
	if err != nil {
		return nil, d.wrap(err)
	}
	p := productFromCatalogItem(created)
	return &client.CreatedProduct{Product: &p, ETag: created.Info.LastUpdated()}, nil
}

// current reads the item and refuses one changed since version (its _info.lastUpdated when
// it was read).
func (d *connectWiseDirectory) current(ctx context.Context, id int64, version string) (*cw.CatalogItem, error) {
	item, err := d.cw.GetCatalogItem(ctx, int(id))
	if err != nil {
		return nil, d.wrap(err)
	}
	if version != "" && item.Info.LastUpdated() != version {
		p := productFromCatalogItem(item)
		return nil, d.wrap(&changedSinceReadError{Current: &p, By: item.Info[cw.InfoUpdatedBy], At: item.Info.LastUpdated(), Read: version})
	}
	return item, nil
}

func (d *connectWiseDirectory) updateProduct(ctx context.Context, id int64, in api.PsaProductInput, version string) (*api.PsaProduct, string, error) {
	have, err := d.current(ctx, id, version)
	if err != nil {
		return nil, "", err
	}
	want, err := d.itemFromInput(ctx, in, have)
	if err != nil {
		return nil, "", err
	}
	ops, err := cwclient.PatchFor(*have, *want)
	if err != nil {
		return nil, "", err
	}
	if len(ops) == 0 {
		p := productFromCatalogItem(have)
		return &p, have.Info.LastUpdated(), nil
	}
	item, err := d.cw.PatchCatalogItem(ctx, int(id), ops)
	if err != nil {
		return nil, "", d.wrap(err)
	}
	p := productFromCatalogItem(item)
	return &p, item.Info.LastUpdated(), nil
}

func (d *connectWiseDirectory) deleteProduct(ctx context.Context, id int64, version string) error {
	if _, err := d.current(ctx, id, version); err != nil {
		return err
	}
	err := d.cw.DeleteCatalogItem(ctx, int(id))
	var inUse *cwclient.InUseError
	if errors.As(err, &inUse) {
		return &productInUseError{Err: d.wrap(err)}
	}
	return d.wrap(err)
}

// itemFromInput is the catalog item in asks for, references resolved to ids against the
// reference data (rules.ResolveSubcategory, rules.ResolveReference) and the defaults the
// integration applies (customerDescription the description, product class NonInventory,
// unit of measure Each). have is the item as it is, for an update: an optional text in
// leaves empty is cleared only where have has one, so a JSON Patch names only real changes.
func (d *connectWiseDirectory) itemFromInput(ctx context.Context, in api.PsaProductInput, have *cw.CatalogItem) (*cw.CatalogItem, error) {
	ref, err := d.catalogReference(ctx)
	if err != nil {
		return nil, err
	}
	f := rules.APIFields()
	var vs rules.Violations
	sub, v := rules.ResolveSubcategory(f, in.Subcategory, in.Category, ref)
	if v != nil {
		vs = append(vs, *v)
	}
	typ, v := rules.ResolveReference(f.Type, rules.RefType, in.Type, ref)
	if v != nil {
		vs = append(vs, *v)
	}
	unit := in.UnitOfMeasure
	if unit == nil || (unit.Id == nil && unit.Name == nil) {
		unit = &api.Reference{Name: ptr(api.DefaultUnitOfMeasure)}
	}
	uom, v := rules.ResolveReference(f.UnitOfMeasure, rules.RefUnitOfMeasure, *unit, ref)
	if v != nil {
		vs = append(vs, *v)
	}
	if first := vs.First(); first != nil {
		return nil, d.wrap(first)
	}
	customer := strings.TrimSpace(in.Description)
	if in.CustomerDescription != nil && *in.CustomerDescription != "" {
		customer = *in.CustomerDescription
	}
	class := cw.DefaultProductClass
	if in.ProductClass != nil {
		class = cw.ProductClass(*in.ProductClass)
	}
	var had cw.CatalogItem
	if have != nil {
		had = *have
	}
	return &cw.CatalogItem{
		Identifier: strings.TrimSpace(in.Identifier), Description: strings.TrimSpace(in.Description), CustomerDescription: customer,
		Category: &cw.Reference{ID: int(categoryOf(ref, sub.ID))}, Subcategory: &cw.Reference{ID: int(sub.ID)},
		Type: &cw.Reference{ID: int(typ.ID)}, UnitOfMeasure: &cw.Reference{ID: int(uom.ID)},
		ProductClass: &class, Price: ptr(deref(in.Price)), Cost: ptr(deref(in.Cost)),
		TaxableFlag: ptr(deref(in.TaxableFlag)), InactiveFlag: ptr(deref(in.InactiveFlag)),
		ManufacturerPartNumber: text(in.ManufacturerPartNumber, had.ManufacturerPartNumber),
		VendorSku:              text(in.VendorSku, had.VendorSku),
		IntegrationXRef:        text(in.IntegrationXRef, had.IntegrationXRef),
		Notes:                  text(in.Notes, had.Notes),
	}, nil
}

// text is an optional text of a write: the value, or "" only to clear a value have holds.
func text(want, have *string) *string {
	if want != nil && *want != "" {
		return want
	}
	if have != nil && *have != "" {
		return ptr("")
	}
	return nil
}

// byFoldThenID orders rows as the integration lists them: by a name ignoring case, then id.
func byFoldThenID(a, b string, aID, bID int64) int {
	if c := strings.Compare(fold(a), fold(b)); c != 0 {
		return c
	}
	switch {
	case aID < bID:
		return -1
	case aID > bID:
		return 1
	}
	return 0
}
