package admin

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
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
		return res, web.BadRequest("customers, products and companies must not be negative")
	}
	now := a.now()
	err := a.write(func(ctx context.Context, q store.Q) error {
		if err := a.requirePartner(ctx, q); err != nil {
			return err
		}
		psas, err := q.ConfiguredPSAs(ctx, a.partnerID)
		if err != nil {
			return err
		}
		s := synthesizer{ctx: ctx, q: q, partnerID: a.partnerID, psas: psas, today: now.UTC().Format("2006-01-02"), ts: now.UnixNano()}
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
	q         store.Q
	partnerID string
	psas      []api.Psa
	today     string
	ts        int64
}

func (s *synthesizer) customers(n int, res *SynthResult) error {
	if n == 0 {
		return nil
	}
	start, err := s.q.CountTenantsNamedLike(s.ctx, s.partnerID, "Synth Customer ")
	if err != nil {
		return err
	}
	companyIDs, contractIDs, err := s.nextIDs()
	if err != nil {
		return err
	}
	var (
		tenants   []store.Tenant
		companies []store.Company
		contracts []store.NewContract
	)
	for i := start + 1; i <= start+n; i++ {
		name := fmt.Sprintf("Synth Customer %04d", i)
		id := synthTenantID(s.partnerID, name)
		region := synthRegion(i)
		tenants = append(tenants, store.Tenant{ID: id, Name: name, ShowAs: name, BillingType: string(api.BillingTypeUsage),
			DataRegion: region, DataGeography: seed.GeographyOf(region), Status: "active"})
		res.Customers = append(res.Customers, id)
		for _, p := range s.psas {
			companyID, contractID := companyIDs[p], contractIDs[p]
			companyIDs[p]++
			contractIDs[p]++
			companies = append(companies, store.Company{ID: companyID, PSA: p, Name: name, Identifier: fmt.Sprintf("SYNTH%04d", i)})
			contracts = append(contracts, store.NewContract{ID: contractID, PSA: p, CompanyID: companyID, Name: name + " - Sophos MSP Flex", StartDate: s.today})
			res.Companies++
			res.Contracts++
		}
	}
	if err := s.q.InsertTenants(s.ctx, s.partnerID, tenants); err != nil {
		return err
	}
	if err := s.q.InsertCompanies(s.ctx, s.partnerID, companies); err != nil {
		return err
	}
	return s.q.InsertActiveContracts(s.ctx, s.partnerID, contracts)
}

// nextIDs returns the next free company and contract id of each PSA.
func (s *synthesizer) nextIDs() (companies, contracts map[api.Psa]int64, err error) {
	companies, contracts = map[api.Psa]int64{}, map[api.Psa]int64{}
	for _, p := range s.psas {
		if companies[p], err = s.q.NextID(s.ctx, store.TableCompanies, p); err != nil {
			return nil, nil, err
		}
		if contracts[p], err = s.q.NextID(s.ctx, store.TableContracts, p); err != nil {
			return nil, nil, err
		}
	}
	return companies, contracts, nil
}

func (s *synthesizer) companies(n int, res *SynthResult) error {
	if n == 0 {
		return nil
	}
	start, err := s.q.CountCompaniesNamedLike(s.ctx, s.partnerID, "Synth Company ")
	if err != nil {
		return err
	}
	start /= max(1, len(s.psas))
	ids, _, err := s.nextIDs()
	if err != nil {
		return err
	}
	var companies []store.Company
	for i := start + 1; i <= start+n; i++ {
		name := fmt.Sprintf("Synth Company %04d", i)
		for _, p := range s.psas {
			companies = append(companies, store.Company{ID: ids[p], PSA: p, Name: name, Identifier: fmt.Sprintf("SYNTHCO%04d", i)})
			ids[p]++
			res.Companies++
		}
	}
	return s.q.InsertCompanies(s.ctx, s.partnerID, companies)
}

func (s *synthesizer) products(n int, res *SynthResult) error {
	for _, p := range s.psas {
		if n == 0 {
			return nil
		}
		count, err := s.q.CountProductsNamedLike(s.ctx, s.partnerID, p, "SYNTH-PRODUCT-")
		if err != nil {
			return err
		}
		id, err := s.q.NextID(s.ctx, store.TablePSAProducts, p)
		if err != nil {
			return err
		}
		var sub, typ, unit *int64
		class := api.ProductClassService // an Autotask product is a service
		if p == api.PsaConnectwise {
			class = api.ProductClassNonInventory
			for kind, dst := range map[string]**int64{store.RefSubcategory: &sub, store.RefType: &typ, store.RefUnit: &unit} {
				first, err := s.q.FirstReferenceID(s.ctx, s.partnerID, kind)
				if err != nil {
					return err
				}
				if first != 0 {
					*dst = &first
				}
			}
		}
		for i := count + 1; i <= count+n; i++ {
			rec := store.Product{
				ID: id, PartnerID: s.partnerID, PSA: p, Identifier: fmt.Sprintf("SYNTH-PRODUCT-%04d", i),
				Description: fmt.Sprintf("Synthetic Product %04d", i), ProductClass: string(class),
				SubcategoryID: sub, TypeID: typ, UnitID: unit, Price: float64(i%20) + 0.99, Cost: float64(i%20) * 0.6,
			}
			rec.CustomerDescription = rec.Description
			if err := s.q.InsertProduct(s.ctx, &rec, s.ts); err != nil {
				return fmt.Errorf("adding product %s: %w", rec.Identifier, err)
			}
			id++
			res.Products++
		}
	}
	return nil
}
