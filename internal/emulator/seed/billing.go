package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/rules"
)

// The parts of the seed format for PSA connections, the usage-sync schedule and the
// Partner Billing API: the credentials each PSA accepts, the billing product codes (and the
// Sophos product each rolls up to) and each partner's monthly usage.

// PSACredentials are API credentials of a PSA (see psacredentials.Credentials).
type PSACredentials = psacredentials.Credentials

// BillingProduct is a product code of the Partner Billing API. SophosProduct, when
// set, is the Sophos product (PSA-integration identifier) its usage rolls up to; a code
// without one is usage the PSA integration cannot sync.
type BillingProduct struct {
	ProductCode   string  `yaml:"productCode" json:"productCode,omitempty"`
	SKU           string  `yaml:"sku" json:"sku,omitempty"`
	Description   string  `yaml:"description" json:"description,omitempty"`
	ProductGroup  string  `yaml:"productGroup" json:"productGroup,omitempty"`
	UnitPrice     float64 `yaml:"unitPrice" json:"unitPrice,omitempty"`
	SophosProduct string  `yaml:"sophosProduct" json:"sophosProduct,omitempty"`
}

// BillingUsage is a partner's usage as the Partner Billing API reports it. Every line
// is billed in every month from Since up to the emulator's current month, unless it names
// its Months.
type BillingUsage struct {
	// Since is the first month with usage, YYYY-MM (default 2024-01).
	Since string `yaml:"since" json:"since,omitempty"`
	// Distributor is the distributor named on every line (default "Westcoast Ltd").
	Distributor string        `yaml:"distributor" json:"distributor,omitempty"`
	Lines       []BillingLine `yaml:"lines" json:"lines,omitempty"`
}

// BillingLine is one product's monthly usage by one customer (or by one stand-alone
// device, named by its serial number).
type BillingLine struct {
	CustomerID   string  `yaml:"customerId" json:"customerId,omitempty"`
	SerialNumber string  `yaml:"serialNumber" json:"serialNumber,omitempty"`
	ProductCode  string  `yaml:"productCode" json:"productCode,omitempty"`
	Quantity     float64 `yaml:"quantity" json:"quantity,omitempty"`
	// Months limits the line to these months (YYYY-MM); empty means every month.
	Months []string `yaml:"months" json:"months,omitempty"`
}

// Defaults of a partner's billing usage.
const (
	DefaultBillingSince       = "2024-01"
	DefaultBillingDistributor = "Westcoast Ltd"
)

// seedFields words credential problems with their path in the seed.
func seedFields(path string) rules.IntegrationFields {
	return rules.IntegrationFields{
		ConnectWise: path, Autotask: path,
		Site: path + ".site", CompanyID: path + ".companyId", PublicKey: path + ".publicKey", PrivateKey: path + ".privateKey", ClientID: path + ".clientId",
		UserName: path + ".userName", Secret: path + ".secret", IntegrationCode: path + ".integrationCode",
		Schedule: path + ".usageSyncSchedule", DayOfMonth: path + ".usageSyncDayOfMonth",
	}
}

// integration validates the credentials and the schedule day of a seed integration and
// fills in defaults: a connected (or error) integration without credentials stores the
// PSA's default ones; a monthly schedule without a day runs on the 1st.
func (v *seedValidator) integration(path string, in *Integration) {
	psa := api.Psa(in.PSA)
	if !psa.Valid() {
		return
	}
	if in.Credentials == nil && in.Status != string(api.IntegrationStatusNotConfigured) {
		c := psacredentials.Default(psa)
		in.Credentials = &c
	}
	if in.Credentials != nil {
		for _, vi := range rules.CheckIntegrationInput(seedFields(path+".credentials"), psa, in.Credentials.Input(psa)) {
			v.addf(vi.Field, "%s", vi.Message)
		}
	}
	for i, u := range in.APIUsers {
		for _, vi := range rules.CheckIntegrationInput(seedFields(fmt.Sprintf("%s.apiUsers[%d]", path, i)), psa, u.Input(psa)) {
			v.addf(vi.Field, "%s", vi.Message)
		}
	}
	var day *int
	if in.UsageSyncDayOfMonth != 0 {
		day = &in.UsageSyncDayOfMonth
	}
	if in.UsageSyncSchedule == string(api.UsageSyncFrequencyMonthly) && day == nil {
		in.UsageSyncDayOfMonth = 1
		day = &in.UsageSyncDayOfMonth
	}
	for _, vi := range rules.CheckUsageSyncSchedule(seedFields(path), api.UsageSyncFrequency(in.UsageSyncSchedule), day) {
		if vi.Field == path+".usageSyncDayOfMonth" {
			v.addf(vi.Field, "%s", vi.Message)
		}
	}
}

// billing validates the billing product codes and every partner's usage.
func (v *seedValidator) billing(s *Seed) {
	codes := map[string]bool{}
	for i := range s.BillingProducts {
		b := &s.BillingProducts[i]
		path := fmt.Sprintf("billingProducts[%d]", i)
		if v.required(path+".productCode", b.ProductCode) {
			if codes[b.ProductCode] {
				v.addf(path+".productCode", "duplicate billing product code %q (a code rolls up to one Sophos product only)", b.ProductCode)
			}
			codes[b.ProductCode] = true
		}
		v.required(path+".description", b.Description)
		if b.SKU == "" {
			b.SKU = b.ProductCode
		}
		if b.UnitPrice < 0 {
			v.addf(path+".unitPrice", "must not be negative")
		}
		if b.SophosProduct != "" {
			if usage, ok := v.sophos[b.SophosProduct]; !ok || !usage {
				v.addf(path+".sophosProduct", "%q is not a Sophos product with usage in sophosProducts", b.SophosProduct)
			}
		}
	}
	for i := range s.Partners {
		u := s.Partners[i].BillingUsage
		if u == nil {
			continue
		}
		path := fmt.Sprintf("partners[%d].billingUsage", i)
		if u.Since == "" {
			u.Since = DefaultBillingSince
		}
		if _, err := time.Parse(store.MonthLayout, u.Since); err != nil {
			v.addf(path+".since", "must be a month YYYY-MM (got %q)", u.Since)
		}
		if u.Distributor == "" {
			u.Distributor = DefaultBillingDistributor
		}
		for j := range u.Lines {
			l := &u.Lines[j]
			lp := fmt.Sprintf("%s.lines[%d]", path, j)
			l.CustomerID = strings.ToLower(l.CustomerID)
			switch {
			case l.CustomerID == "" && l.SerialNumber == "":
				v.addf(lp, "give customerId, or serialNumber for a stand-alone device subscription")
			case l.CustomerID != "" && v.tenantIDs[l.CustomerID] != s.Partners[i].ID:
				v.addf(lp+".customerId", "no tenant %s in this partner", l.CustomerID)
			}
			if !codes[l.ProductCode] {
				v.addf(lp+".productCode", "%q is not in billingProducts", l.ProductCode)
			}
			if l.Quantity <= 0 {
				v.addf(lp+".quantity", "must be more than 0")
			}
			for k, m := range l.Months {
				if _, err := time.Parse(store.MonthLayout, m); err != nil {
					v.addf(fmt.Sprintf("%s.months[%d]", lp, k), "must be a month YYYY-MM (got %q)", m)
				}
			}
		}
	}
}

// loadBilling inserts what the seed says about PSA connections and billing: the stored
// credentials and schedule day of each integration, the API users each PSA accepts (its
// default one when the seed names none), the firewall flags, the billing product codes and
// every partner's usage.
func loadBilling(ctx context.Context, q store.Q, seed *Seed, ts int64) error {
	for _, p := range seed.SophosProducts {
		if p.SyncsWithInvoiceOnly {
			if err := q.MarkInvoiceOnly(ctx, p.Identifier); err != nil {
				return err
			}
		}
	}
	for _, b := range seed.BillingProducts {
		err := q.InsertBillingProduct(ctx, store.BillingProduct{Code: b.ProductCode, SKU: b.SKU, Description: b.Description,
			Group: b.ProductGroup, UnitPrice: b.UnitPrice, SophosProduct: b.SophosProduct})
		if err != nil {
			return fmt.Errorf("billing product %s: %w", b.ProductCode, err)
		}
	}
	for _, p := range seed.Partners {
		seen := map[api.Psa]bool{}
		for _, in := range p.Integrations {
			psa := api.Psa(in.PSA)
			seen[psa] = true
			users := in.APIUsers
			if in.Credentials != nil {
				users = append([]PSACredentials{*in.Credentials}, users...)
				if err := q.StoreCredentials(ctx, p.ID, psa, psacredentials.Stored(psa, *in.Credentials), ts); err != nil {
					return fmt.Errorf("integration %s: %w", psa, err)
				}
			}
			if len(users) == 0 {
				users = []PSACredentials{psacredentials.Default(psa)}
			}
			for _, u := range users {
				if err := q.PutAPIUser(ctx, p.ID, psa, psacredentials.Stored(psa, u)); err != nil {
					return fmt.Errorf("integration %s: %w", psa, err)
				}
			}
			if in.UsageSyncDayOfMonth != 0 {
				if err := q.SetScheduleDay(ctx, p.ID, psa, in.UsageSyncDayOfMonth); err != nil {
					return err
				}
			}
		}
		for _, psa := range api.PSAs() {
			if !seen[psa] {
				if err := q.PutAPIUser(ctx, p.ID, psa, psacredentials.Stored(psa, psacredentials.Default(psa))); err != nil {
					return err
				}
			}
		}
		if u := p.BillingUsage; u != nil {
			if err := q.InsertBillingSettings(ctx, p.ID, u.Since, u.Distributor); err != nil {
				return err
			}
			for _, l := range u.Lines {
				if err := q.InsertBillingLine(ctx, p.ID, l.Store()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Store is the line as the store keeps it.
func (l BillingLine) Store() store.BillingLine {
	return store.BillingLine{CustomerID: l.CustomerID, SerialNumber: l.SerialNumber, ProductCode: l.ProductCode, Quantity: l.Quantity, Months: l.Months}
}
