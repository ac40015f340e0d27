package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// Loading a validated seed into the store.

// LoadIfEmpty loads seed into the database unless it already holds data; true when it did.
func LoadIfEmpty(ctx context.Context, st *store.Store, seed *Seed, now time.Time) (bool, error) {
	loaded := false
	err := st.Q().Tx(ctx, func(q store.Q) error {
		seeded, err := q.Seeded(ctx)
		if err != nil || seeded {
			return err
		}
		loaded = true
		return load(ctx, q, seed, now)
	})
	return loaded, err
}

// load inserts a validated seed.
func load(ctx context.Context, q store.Q, seed *Seed, now time.Time) error {
	ts := now.UnixNano()
	for _, p := range seed.SophosProducts {
		if err := q.InsertSophosProduct(ctx, p.Identifier, p.Name, p.HasUsage == nil || *p.HasUsage); err != nil {
			return fmt.Errorf("seeding Sophos product %s: %w", p.Identifier, err)
		}
	}
	for i := range seed.Partners {
		if err := loadPartner(ctx, q, &seed.Partners[i], ts); err != nil {
			return fmt.Errorf("seeding partner %s: %w", seed.Partners[i].ID, err)
		}
	}
	if err := loadBilling(ctx, q, seed, ts); err != nil {
		return fmt.Errorf("seeding PSA connections and billing: %w", err)
	}
	primaryClient := ""
	primaryPartner := seed.Partners[0].ID
	for i, c := range seed.Credentials {
		err := q.InsertCredential(ctx, store.Credential{ClientID: c.ClientID, ClientSecret: c.ClientSecret, IDType: c.IDType, PartnerID: c.PartnerID, TenantID: c.TenantID}, i)
		if err != nil {
			return fmt.Errorf("seeding credential %s: %w", c.ClientID, err)
		}
		if primaryClient == "" && c.IDType == string(api.WhoamiIdTypePartner) {
			primaryClient = c.ClientID
			primaryPartner = c.PartnerID
		}
	}
	return q.MarkSeeded(ctx, now.UTC().Format(time.RFC3339Nano), primaryClient, primaryPartner)
}

func loadPartner(ctx context.Context, q store.Q, p *Partner, ts int64) error {
	if err := q.InsertPartner(ctx, p.ID, p.Name); err != nil {
		return err
	}
	for _, t := range p.Tenants {
		if err := q.InsertTenant(ctx, p.ID, t.Store()); err != nil {
			return fmt.Errorf("tenant %s: %w", t.ID, err)
		}
	}
	for _, in := range p.Integrations {
		var connected *int64
		if in.ConnectedAt != nil {
			connected = ptr(in.ConnectedAt.UnixNano())
		}
		if err := q.InsertIntegration(ctx, p.ID, api.Psa(in.PSA), in.Name, in.Status, in.SiteURL, connected, in.UsageSyncSchedule); err != nil {
			return fmt.Errorf("integration %s: %w", in.PSA, err)
		}
	}
	if cw := p.ConnectWise; cw != nil {
		if err := loadConnectWise(ctx, q, p.ID, cw, ts); err != nil {
			return err
		}
	}
	if err := loadAutotask(ctx, q, p.ID, p.Autotask, ts); err != nil {
		return err
	}
	for _, m := range p.ProductMappings {
		if err := q.InsertProductMapping(ctx, p.ID, api.Psa(m.PSA), m.SophosProduct, m.PsaProductID, m.SyncEnabled == nil || *m.SyncEnabled, ts); err != nil {
			return fmt.Errorf("product mapping %s: %w", m.SophosProduct, err)
		}
	}
	for _, m := range p.CustomerMappings {
		companyName, err := q.CompanyName(ctx, m.CompanyID)
		if err != nil {
			return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
		}
		var contractName *string
		if m.ContractID != nil {
			name, err := q.ContractName(ctx, *m.ContractID)
			if err != nil {
				return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
			}
			contractName = &name
		}
		err = q.InsertCustomerMapping(ctx, p.ID, api.Psa(m.PSA), store.SeedCustomerMapping{CustomerID: m.CustomerID, CompanyID: m.CompanyID,
			CompanyName: companyName, ContractID: m.ContractID, ContractName: contractName, UsageSync: m.UsageSyncEnabled, TicketSync: m.TicketSyncEnabled}, ts)
		if err != nil {
			return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
		}
	}
	return nil
}

// Store is the tenant as the store keeps it: its data geography guessed from its region
// when the seed names none.
func (t Tenant) Store() store.Tenant {
	geo := t.DataGeography
	if geo == "" {
		geo = GeographyOf(t.DataRegion)
	}
	return store.Tenant{ID: t.ID, Name: t.Name, ShowAs: t.ShowAs, BillingType: t.BillingType, DataRegion: t.DataRegion, DataGeography: geo, Status: t.Status}
}

// GeographyOf guesses the data geography of a Sophos data region (eu02 → DE).
func GeographyOf(region string) string {
	switch {
	case region == "eu02":
		return "DE"
	case strings.HasPrefix(region, "eu"):
		return "IE"
	case len(region) >= 2:
		return strings.ToUpper(region[:2])
	default:
		return ""
	}
}

func loadConnectWise(ctx context.Context, q store.Q, partnerID string, cw *ConnectWise, ts int64) error {
	pos := 0
	insert := func(kind string, id int64, name string, parent int64) error {
		if err := q.InsertReference(ctx, partnerID, kind, id, name, parent, pos); err != nil {
			return fmt.Errorf("ConnectWise %s %d: %w", kind, id, err)
		}
		pos++
		return nil
	}
	for _, c := range cw.Categories {
		if err := insert(store.RefCategory, c.ID, c.Name, 0); err != nil {
			return err
		}
		for _, sc := range c.Subcategories {
			if err := insert(store.RefSubcategory, sc.ID, sc.Name, c.ID); err != nil {
				return err
			}
		}
	}
	for _, r := range cw.ProductTypes {
		if err := insert(store.RefType, r.ID, r.Name, 0); err != nil {
			return err
		}
	}
	for _, r := range cw.UnitsOfMeasure {
		if err := insert(store.RefUnit, r.ID, r.Name, 0); err != nil {
			return err
		}
	}
	for _, r := range cw.Manufacturers {
		if err := insert(store.RefManufacturer, r.ID, r.Name, 0); err != nil {
			return err
		}
	}
	if err := loadPSAData(ctx, q, partnerID, api.PsaConnectwise, cw.Products, cw.Companies, cw.Agreements, nil, ts); err != nil {
		return err
	}
	for _, c := range cw.Companies {
		if c.Deleted {
			if err := q.RecycleCompany(ctx, c.ID, ts, ""); err != nil {
				return fmt.Errorf("company %d: %w", c.ID, err)
			}
		}
	}
	for _, a := range cw.Additions {
		rec := store.Addition{PartnerID: partnerID, AgreementID: a.AgreementID, ProductID: a.ProductID, BillCustomer: a.BillCustomer,
			Quantity: a.Quantity, UnitPrice: a.UnitPrice, UnitCost: a.UnitCost}
		if err := q.InsertAddition(ctx, &rec, ts); err != nil {
			return fmt.Errorf("addition of agreement %d: %w", a.AgreementID, err)
		}
	}
	return nil
}

// loadPSAData stores a PSA's products, companies and contracts; typeOf gives an Autotask
// contract's contractType value (nil for ConnectWise).
func loadPSAData(ctx context.Context, q store.Q, partnerID string, psa api.Psa, products []Product, companies []Company, contracts []Contract,
	typeOf func(Contract) *int64, ts int64) error {
	if err := InsertProducts(ctx, q, partnerID, psa, products, ts); err != nil {
		return err
	}
	for _, c := range companies {
		if err := q.InsertCompany(ctx, partnerID, store.Company{ID: c.ID, PSA: psa, Name: c.Name, Identifier: c.Identifier, Inactive: c.Inactive}); err != nil {
			return fmt.Errorf("company %d: %w", c.ID, err)
		}
	}
	for _, c := range contracts {
		sc := c.Store(psa)
		if typeOf != nil {
			sc.Type = typeOf(c)
		}
		if err := q.InsertContract(ctx, partnerID, sc); err != nil {
			return fmt.Errorf("contract %d: %w", c.ID, err)
		}
	}
	return nil
}

// Store is the contract as the store keeps it, in psa.
func (c Contract) Store(psa api.Psa) store.NewContract {
	return store.NewContract{ID: c.ID, PSA: psa, CompanyID: c.CompanyID, Name: c.Name, Status: c.Status, StartDate: c.StartDate, EndDate: c.EndDate}
}

// InsertProducts stores validated products of the partner's PSA, created at ts (Unix
// nanoseconds); ConnectWise reference data is looked up by name.
func InsertProducts(ctx context.Context, q store.Q, partnerID string, psa api.Psa, products []Product, ts int64) error {
	for _, p := range products {
		rec := store.Product{
			ID: p.ID, PartnerID: partnerID, PSA: psa, Identifier: p.Identifier, Description: p.Description,
			CustomerDescription: p.CustomerDescription, ProductClass: p.ProductClass, Price: p.Price, Cost: p.Cost,
			Taxable: p.Taxable, Inactive: p.Inactive, ManufacturerPartNumber: p.ManufacturerPartNumber,
			VendorSku: p.VendorSku, Notes: p.Notes, IntegrationXRef: p.IntegrationXRef,
		}
		if rec.CustomerDescription == "" {
			rec.CustomerDescription = rec.Description
		}
		if psa == api.PsaConnectwise {
			for _, ref := range []struct {
				kind, name, category string
				into                 **int64
			}{
				{store.RefSubcategory, p.Subcategory, p.Category, &rec.SubcategoryID},
				{store.RefType, p.Type, "", &rec.TypeID},
				{store.RefUnit, p.UnitOfMeasure, "", &rec.UnitID},
				{store.RefManufacturer, p.Manufacturer, "", &rec.ManufacturerID},
			} {
				if ref.name == "" && ref.kind == store.RefManufacturer {
					continue
				}
				id, err := q.ReferenceID(ctx, partnerID, ref.kind, ref.name, ref.category)
				if err != nil {
					return fmt.Errorf("product %d: %w", p.ID, err)
				}
				*ref.into = &id
			}
		}
		if err := q.InsertProduct(ctx, &rec, ts); err != nil {
			return fmt.Errorf("product %d: %w", p.ID, err)
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
