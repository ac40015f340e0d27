package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

const (
	metaSeeded         = "seeded_at"
	metaPrimaryPartner = "primary_partner"
	metaPrimaryClient  = "primary_client"
)

// seedIfEmpty loads seed into the database unless it already holds data.
func (s *store) seedIfEmpty(ctx context.Context, seed *Seed, now time.Time) (bool, error) {
	seeded := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		v, err := metaValue(ctx, tx, metaSeeded)
		if err != nil || v != "" {
			return err
		}
		seeded = true
		return loadSeed(ctx, tx, seed, now)
	})
	return seeded, err
}

// loadSeed inserts a validated seed.
func loadSeed(ctx context.Context, tx *sql.Tx, seed *Seed, now time.Time) error {
	ts := toNanos(now)
	for _, p := range seed.SophosProducts {
		if _, err := tx.ExecContext(ctx, "INSERT INTO sophos_products(identifier, name, name_fold, has_usage) VALUES(?, ?, ?, ?)",
			p.Identifier, p.Name, fold(p.Name), boolInt(p.HasUsage == nil || *p.HasUsage)); err != nil {
			return fmt.Errorf("seeding Sophos product %s: %w", p.Identifier, err)
		}
	}
	for i := range seed.Partners {
		if err := loadSeedPartner(ctx, tx, &seed.Partners[i], ts); err != nil {
			return fmt.Errorf("seeding partner %s: %w", seed.Partners[i].ID, err)
		}
	}
	if err := loadSeedBilling(ctx, tx, seed, ts); err != nil {
		return fmt.Errorf("seeding PSA connections and billing: %w", err)
	}
	primaryClient := ""
	primaryPartner := seed.Partners[0].ID
	for i, c := range seed.Credentials {
		if _, err := tx.ExecContext(ctx, "INSERT INTO credentials(client_id, client_secret, id_type, partner_id, tenant_id, position) VALUES(?, ?, ?, ?, ?, ?)",
			c.ClientID, c.ClientSecret, c.IDType, sqlNullString(c.PartnerID), sqlNullString(c.TenantID), i); err != nil {
			return fmt.Errorf("seeding credential %s: %w", c.ClientID, err)
		}
		if primaryClient == "" && c.IDType == string(api.WhoamiIdTypePartner) {
			primaryClient = c.ClientID
			primaryPartner = c.PartnerID
		}
	}
	if err := setMeta(ctx, tx, metaPrimaryPartner, primaryPartner); err != nil {
		return err
	}
	if err := setMeta(ctx, tx, metaPrimaryClient, primaryClient); err != nil {
		return err
	}
	return setMeta(ctx, tx, metaSeeded, now.UTC().Format(time.RFC3339Nano))
}

func sqlNullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

func loadSeedPartner(ctx context.Context, tx *sql.Tx, p *SeedPartner, ts int64) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO partners(id, name) VALUES(?, ?)", p.ID, p.Name); err != nil {
		return err
	}
	for _, t := range p.Tenants {
		if err := insertTenant(ctx, tx, p.ID, t); err != nil {
			return fmt.Errorf("tenant %s: %w", t.ID, err)
		}
	}
	for _, in := range p.Integrations {
		var connected sql.NullInt64
		if in.ConnectedAt != nil {
			connected = sql.NullInt64{Int64: toNanos(*in.ConnectedAt), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO integrations(partner_id, psa, name, status, site_url, connected_at, usage_sync_schedule)
			VALUES(?, ?, ?, ?, ?, ?, ?)`, p.ID, in.PSA, in.Name, in.Status, in.SiteURL, connected, in.UsageSyncSchedule); err != nil {
			return fmt.Errorf("integration %s: %w", in.PSA, err)
		}
	}
	if cw := p.ConnectWise; cw != nil {
		if err := loadSeedConnectWise(ctx, tx, p.ID, cw, ts); err != nil {
			return err
		}
	}
	if at := p.Autotask; at != nil {
		if err := loadSeedPSAData(ctx, tx, p.ID, api.PsaAutotask, at.Products, at.Companies, at.Contracts, ts); err != nil {
			return err
		}
	}
	for _, m := range p.ProductMappings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO product_mappings(partner_id, psa, sophos_product, psa_product_id, sync_enabled, version, updated_at)
			VALUES(?, ?, ?, ?, ?, 1, ?)`, p.ID, m.PSA, m.SophosProduct, m.PsaProductID, boolInt(m.SyncEnabled == nil || *m.SyncEnabled), ts); err != nil {
			return fmt.Errorf("product mapping %s: %w", m.SophosProduct, err)
		}
	}
	for _, m := range p.CustomerMappings {
		var companyName string
		if err := tx.QueryRowContext(ctx, "SELECT name FROM companies WHERE id = ?", m.CompanyID).Scan(&companyName); err != nil {
			return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
		}
		var contractName sql.NullString
		if m.ContractID != nil {
			if err := tx.QueryRowContext(ctx, "SELECT name FROM contracts WHERE id = ?", *m.ContractID).Scan(&contractName); err != nil {
				return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_mappings(partner_id, psa, customer_id, company_id, company_name, contract_id, contract_name,
			usage_sync, ticket_sync, version, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			p.ID, m.PSA, m.CustomerID, m.CompanyID, companyName, m.ContractID, contractName,
			boolInt(m.UsageSyncEnabled), boolInt(m.TicketSyncEnabled), ts); err != nil {
			return fmt.Errorf("customer mapping %s: %w", m.CustomerID, err)
		}
	}
	return nil
}

func insertTenant(ctx context.Context, q querier, partnerID string, t SeedTenant) error {
	geo := t.DataGeography
	if geo == "" {
		geo = geographyOf(t.DataRegion)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO tenants(id, partner_id, name, name_fold, show_as, billing_type, data_region, data_geography, status)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, partnerID, t.Name, fold(t.Name), t.ShowAs, t.BillingType, t.DataRegion, geo, t.Status)
	return err
}

// geographyOf guesses the data geography of a Sophos data region (eu02 → DE).
func geographyOf(region string) string {
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

func loadSeedConnectWise(ctx context.Context, tx *sql.Tx, partnerID string, cw *SeedConnectWise, ts int64) error {
	insert := func(kind string, id int64, name string, parent sql.NullInt64, pos int) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cw_reference(partner_id, kind, id, name, name_fold, parent_id, position) VALUES(?, ?, ?, ?, ?, ?, ?)`,
			partnerID, kind, id, name, fold(name), parent, pos)
		if err != nil {
			return fmt.Errorf("ConnectWise %s %d: %w", kind, id, err)
		}
		return nil
	}
	pos := 0
	for _, c := range cw.Categories {
		if err := insert(refCategory, c.ID, c.Name, sql.NullInt64{}, pos); err != nil {
			return err
		}
		pos++
		for _, sc := range c.Subcategories {
			if err := insert(refSubcategory, sc.ID, sc.Name, sql.NullInt64{Int64: c.ID, Valid: true}, pos); err != nil {
				return err
			}
			pos++
		}
	}
	for _, r := range cw.ProductTypes {
		if err := insert(refType, r.ID, r.Name, sql.NullInt64{}, pos); err != nil {
			return err
		}
		pos++
	}
	for _, r := range cw.UnitsOfMeasure {
		if err := insert(refUnit, r.ID, r.Name, sql.NullInt64{}, pos); err != nil {
			return err
		}
		pos++
	}
	return loadSeedPSAData(ctx, tx, partnerID, api.PsaConnectwise, cw.Products, cw.Companies, cw.Agreements, ts)
}

func loadSeedPSAData(ctx context.Context, tx *sql.Tx, partnerID string, psa api.Psa, products []SeedProduct, companies []SeedCompany, contracts []SeedContract, ts int64) error {
	for _, p := range products {
		rec := productRecord{
			ID: p.ID, PartnerID: partnerID, PSA: psa, Identifier: p.Identifier, Description: p.Description,
			CustomerDescription: p.CustomerDescription, ProductClass: p.ProductClass, Price: p.Price, Cost: p.Cost,
			Taxable: p.Taxable, Inactive: p.Inactive, ManufacturerPartNumber: p.ManufacturerPartNumber,
			VendorSku: p.VendorSku, Notes: p.Notes, IntegrationXRef: p.IntegrationXRef,
		}
		if rec.CustomerDescription == "" {
			rec.CustomerDescription = rec.Description
		}
		if psa == api.PsaConnectwise {
			var err error
			if rec.SubcategoryID, err = refIDByName(ctx, tx, partnerID, refSubcategory, p.Subcategory); err != nil {
				return fmt.Errorf("product %d: %w", p.ID, err)
			}
			if rec.TypeID, err = refIDByName(ctx, tx, partnerID, refType, p.Type); err != nil {
				return fmt.Errorf("product %d: %w", p.ID, err)
			}
			if rec.UnitID, err = refIDByName(ctx, tx, partnerID, refUnit, p.UnitOfMeasure); err != nil {
				return fmt.Errorf("product %d: %w", p.ID, err)
			}
		}
		if err := insertProduct(ctx, tx, &rec, ts); err != nil {
			return fmt.Errorf("product %d: %w", p.ID, err)
		}
	}
	for _, c := range companies {
		if err := insertCompany(ctx, tx, partnerID, psa, c); err != nil {
			return fmt.Errorf("company %d: %w", c.ID, err)
		}
	}
	for _, c := range contracts {
		if err := insertContract(ctx, tx, partnerID, psa, c); err != nil {
			return fmt.Errorf("contract %d: %w", c.ID, err)
		}
	}
	return nil
}

func insertCompany(ctx context.Context, q querier, partnerID string, psa api.Psa, c SeedCompany) error {
	_, err := q.ExecContext(ctx, "INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier) VALUES(?, ?, ?, ?, ?, ?)",
		c.ID, partnerID, psa, c.Name, fold(c.Name), c.Identifier)
	return err
}

func insertContract(ctx context.Context, q querier, partnerID string, psa api.Psa, c SeedContract) error {
	_, err := q.ExecContext(ctx, `INSERT INTO contracts(id, partner_id, psa, company_id, name, name_fold, status, start_date, end_date)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, partnerID, psa, c.CompanyID, c.Name, fold(c.Name), c.Status, c.StartDate, sqlNullString(c.EndDate))
	return err
}

// refIDByName finds ConnectWise reference data by name (case-insensitive).
func refIDByName(ctx context.Context, q querier, partnerID, kind, name string) (sql.NullInt64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM cw_reference WHERE partner_id = ? AND kind = ? AND name_fold = ?", partnerID, kind, fold(name)).Scan(&id)
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("%s %q: %w", kind, name, err)
	}
	return sql.NullInt64{Int64: id, Valid: true}, nil
}
