package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// SynthOptions say how much synthetic data Synthesize adds.
type SynthOptions struct {
	// Customers is the number of usage-billed tenants to add ("Synth Customer 0001", ...),
	// each with a company of the same name and one active contract in every PSA the partner
	// has an integration for.
	Customers int `json:"customers"`
	// Products is the number of catalog products to add to every such PSA.
	Products int `json:"products"`
	// Companies is the number of extra companies (without a tenant) to add to every such PSA.
	Companies int `json:"companies"`
}

// SynthResult reports what Synthesize added.
type SynthResult struct {
	Customers []string `json:"customers"` // tenant ids
	Products  int      `json:"products"`
	Companies int      `json:"companies"`
	Contracts int      `json:"contracts"`
}

// synthTenantID derives a stable tenant id from the partner and the tenant name.
func synthTenantID(partnerID, name string) string {
	namespace := uuid.UUID{0x6f, 0x1c, 0x1b, 0x8e, 0x3a, 0x52, 0x4c, 0x36, 0x9a, 0x61, 0x2d, 0x0b, 0x7f, 0x0e, 0x5a, 0x10}
	return uuid.NewSHA1(namespace, []byte(partnerID+"/"+name)).String()
}

// synthRegion spreads synthetic tenants over data regions.
func synthRegion(i int) string {
	regions := [...]string{"eu01", "us03", "us01", "eu02", "ca01", "au01"}
	return regions[i%len(regions)]
}

// Synthesize adds synthetic customers, companies, contracts and products to the partner in one
// transaction. Numbering continues after earlier synthetic data.
func (a *Admin) Synthesize(opts SynthOptions) error {
	_, err := a.SynthesizeResult(opts)
	return err
}

// SynthesizeResult is Synthesize, also reporting what was added.
func (a *Admin) SynthesizeResult(opts SynthOptions) (SynthResult, error) {
	var res SynthResult
	if opts.Customers < 0 || opts.Products < 0 || opts.Companies < 0 {
		return res, errBadRequest("customers, products and companies must not be negative")
	}
	ctx := context.Background()
	now := a.e.now()
	err := a.e.store.tx(ctx, func(tx *sql.Tx) error {
		if err := requirePartner(ctx, tx, a.partnerID); err != nil {
			return err
		}
		psas, err := partnerPSAs(ctx, tx, a.partnerID)
		if err != nil {
			return err
		}
		s := synthesizer{ctx: ctx, tx: tx, partnerID: a.partnerID, psas: psas, today: now.UTC().Format("2006-01-02"), ts: toNanos(now)}
		if err := s.customers(opts.Customers, &res); err != nil {
			return err
		}
		if err := s.companies(opts.Companies, &res); err != nil {
			return err
		}
		return s.products(opts.Products, &res)
	})
	return res, err
}

type synthesizer struct {
	ctx       context.Context
	tx        *sql.Tx
	partnerID string
	psas      []api.Psa
	today     string
	ts        int64
}

// partnerPSAs lists the PSAs the partner has an integration row for.
func partnerPSAs(ctx context.Context, q querier, partnerID string) ([]api.Psa, error) {
	var out []api.Psa
	for _, p := range api.PSAs() {
		var n int
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM integrations WHERE partner_id = ? AND psa = ? AND status <> 'notConfigured'", partnerID, p).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

func requirePartner(ctx context.Context, q querier, partnerID string) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM partners WHERE id = ?", partnerID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errNotFound("there is no partner %s", partnerID)
	}
	return nil
}

// countLike counts rows of the partner whose name starts with prefix.
func (s *synthesizer) countLike(table, column, prefix string) (int, error) {
	var n int
	//nolint:gosec // table and column are fixed names chosen by the caller
	err := s.tx.QueryRowContext(s.ctx, "SELECT COUNT(*) FROM "+table+" WHERE partner_id = ? AND substr("+column+", 1, ?) = ?",
		s.partnerID, len(prefix), prefix).Scan(&n)
	return n, err
}

func (s *synthesizer) customers(n int, res *SynthResult) error {
	if n == 0 {
		return nil
	}
	start, err := s.countLike("tenants", "name", "Synth Customer ")
	if err != nil {
		return err
	}
	tenantStmt, err := s.tx.PrepareContext(s.ctx, `INSERT INTO tenants(id, partner_id, name, name_fold, show_as, billing_type, data_region, data_geography, status)
		VALUES(?, ?, ?, ?, ?, 'usage', ?, ?, 'active')`)
	if err != nil {
		return err
	}
	defer func() { _ = tenantStmt.Close() }()
	companyStmt, contractStmt, err := s.prepareCompanyContract()
	if err != nil {
		return err
	}
	defer func() { _ = companyStmt.Close(); _ = contractStmt.Close() }()
	companyIDs, contractIDs, err := s.nextIDs()
	if err != nil {
		return err
	}
	for i := start + 1; i <= start+n; i++ {
		name := fmt.Sprintf("Synth Customer %04d", i)
		id := synthTenantID(s.partnerID, name)
		region := synthRegion(i)
		if _, err := tenantStmt.ExecContext(s.ctx, id, s.partnerID, name, fold(name), name, region, geographyOf(region)); err != nil {
			return fmt.Errorf("adding tenant %s: %w", name, err)
		}
		res.Customers = append(res.Customers, id)
		for _, p := range s.psas {
			companyID, contractID := companyIDs[p], contractIDs[p]
			companyIDs[p]++
			contractIDs[p]++
			if _, err := companyStmt.ExecContext(s.ctx, companyID, s.partnerID, p, name, fold(name), fmt.Sprintf("SYNTH%04d", i)); err != nil {
				return fmt.Errorf("adding company %s: %w", name, err)
			}
			contract := name + " - Sophos MSP Flex"
			if _, err := contractStmt.ExecContext(s.ctx, contractID, s.partnerID, p, companyID, contract, fold(contract), s.today); err != nil {
				return fmt.Errorf("adding contract %s: %w", contract, err)
			}
			res.Companies++
			res.Contracts++
		}
	}
	return nil
}

func (s *synthesizer) prepareCompanyContract() (*sql.Stmt, *sql.Stmt, error) {
	companyStmt, err := s.tx.PrepareContext(s.ctx, "INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier) VALUES(?, ?, ?, ?, ?, ?)")
	if err != nil {
		return nil, nil, err
	}
	contractStmt, err := s.tx.PrepareContext(s.ctx, `INSERT INTO contracts(id, partner_id, psa, company_id, name, name_fold, status, start_date)
		VALUES(?, ?, ?, ?, ?, ?, 'active', ?)`)
	if err != nil {
		_ = companyStmt.Close()
		return nil, nil, err
	}
	return companyStmt, contractStmt, nil
}

// nextIDs returns the next free company and contract id of each PSA.
func (s *synthesizer) nextIDs() (companies, contracts map[api.Psa]int64, err error) {
	companies, contracts = map[api.Psa]int64{}, map[api.Psa]int64{}
	for _, p := range s.psas {
		if companies[p], err = nextID(s.ctx, s.tx, "companies", p); err != nil {
			return nil, nil, err
		}
		if contracts[p], err = nextID(s.ctx, s.tx, "contracts", p); err != nil {
			return nil, nil, err
		}
	}
	return companies, contracts, nil
}

func (s *synthesizer) companies(n int, res *SynthResult) error {
	if n == 0 {
		return nil
	}
	start, err := s.countLike("companies", "name", "Synth Company ")
	if err != nil {
		return err
	}
	start /= max(1, len(s.psas))
	companyStmt, contractStmt, err := s.prepareCompanyContract()
	if err != nil {
		return err
	}
	defer func() { _ = companyStmt.Close(); _ = contractStmt.Close() }()
	ids, _, err := s.nextIDs()
	if err != nil {
		return err
	}
	for i := start + 1; i <= start+n; i++ {
		name := fmt.Sprintf("Synth Company %04d", i)
		for _, p := range s.psas {
			if _, err := companyStmt.ExecContext(s.ctx, ids[p], s.partnerID, p, name, fold(name), fmt.Sprintf("SYNTHCO%04d", i)); err != nil {
				return fmt.Errorf("adding company %s: %w", name, err)
			}
			ids[p]++
			res.Companies++
		}
	}
	return nil
}

func (s *synthesizer) products(n int, res *SynthResult) error {
	for _, p := range s.psas {
		if n == 0 {
			return nil
		}
		var count int
		if err := s.tx.QueryRowContext(s.ctx, "SELECT COUNT(*) FROM psa_products WHERE partner_id = ? AND psa = ? AND substr(identifier, 1, 14) = 'SYNTH-PRODUCT-'",
			s.partnerID, p).Scan(&count); err != nil {
			return err
		}
		id, err := nextID(s.ctx, s.tx, "psa_products", p)
		if err != nil {
			return err
		}
		var sub, typ, unit sql.NullInt64
		if p == api.PsaConnectwise {
			for kind, dst := range map[string]*sql.NullInt64{refSubcategory: &sub, refType: &typ, refUnit: &unit} {
				err := s.tx.QueryRowContext(s.ctx, "SELECT id FROM cw_reference WHERE partner_id = ? AND kind = ? ORDER BY position LIMIT 1", s.partnerID, kind).Scan(dst)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
		}
		for i := count + 1; i <= count+n; i++ {
			rec := productRecord{
				ID: id, PartnerID: s.partnerID, PSA: p, Identifier: fmt.Sprintf("SYNTH-PRODUCT-%04d", i),
				Description: fmt.Sprintf("Synthetic Product %04d", i), ProductClass: string(api.ProductClassNonInventory),
				SubcategoryID: sub, TypeID: typ, UnitID: unit, Price: float64(i%20) + 0.99, Cost: float64(i%20) * 0.6,
			}
			rec.CustomerDescription = rec.Description
			if err := insertProduct(s.ctx, s.tx, &rec, s.ts); err != nil {
				return fmt.Errorf("adding product %s: %w", rec.Identifier, err)
			}
			id++
			res.Products++
		}
	}
	return nil
}
