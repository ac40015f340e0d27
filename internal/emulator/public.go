package emulator

import (
	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/admin"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/autotask"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psacredentials"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/seed"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/sophoscentral"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/usagesync"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// The emulator's public Go API beyond Start: the names tests, the command and the test
// harness use, declared in the rooms and kits that own them.

// Faults are the emulator's standing fault settings (web.Faults). The zero value means no
// faults, with one-hour tokens.
type Faults = web.Faults

// FaultKind is a deterministic fault to inject.
type FaultKind = web.FaultKind

// InjectedFault makes the next Count requests matching Method ("" = any) and PathPrefix
// ("" = any) fail with Kind.
type InjectedFault = web.InjectedFault

// Fault kinds.
const (
	Fault429              = web.Fault429
	Fault500              = web.Fault500
	Fault502              = web.Fault502
	Fault503              = web.Fault503
	Fault504              = web.Fault504
	FaultReset            = web.FaultReset
	FaultResetAfterCommit = web.FaultResetAfterCommit
	FaultStallAfterCommit = web.FaultStallAfterCommit
)

// FaultKinds lists every fault kind.
func FaultKinds() []FaultKind { return web.FaultKinds() }

// DefaultTokenLifetime is the lifetime of access tokens unless Faults.TokenLifetime says.
const DefaultTokenLifetime = web.DefaultTokenLifetime

// DefaultTokenFailureLimit is how many failed token requests a client id may make within a
// minute before the token endpoint answers 429 (Options.TokenFailureLimit).
const DefaultTokenFailureLimit = sophoscentral.DefaultTokenFailureLimit

// StatusError is an error with the HTTP status and short code the API answers with; the
// Admin methods return it too.
type StatusError = web.StatusError

// StatusOf returns the HTTP status of err when it is a *StatusError, else 500.
func StatusOf(err error) int { return web.StatusOf(err) }

// Admin performs out-of-band operations on a partner's data (package admin).
type Admin = admin.Admin

// NewContract describes a contract for Admin.AddContract.
type NewContract = admin.NewContract

// SynthOptions say how much synthetic data Admin.Synthesize adds.
type SynthOptions = admin.SynthOptions

// SynthResult reports what Admin.SynthesizeResult added.
type SynthResult = admin.SynthResult

// SyncResult is the outcome of a usage-sync pass for one customer.
type SyncResult = usagesync.Result

// Seed is the data an empty database starts with (package seed).
type Seed = seed.Seed

// SeedSophosProduct is a Sophos product that can be mapped to a PSA product.
type SeedSophosProduct = seed.SophosProduct

// SeedCredential is a Sophos Central API credential of the seed.
type SeedCredential = seed.Credential

// SeedPartner is a Sophos Central Partner account and everything it owns.
type SeedPartner = seed.Partner

// SeedTenant is a customer of a partner.
type SeedTenant = seed.Tenant

// SeedIntegration is the connection state of one PSA.
type SeedIntegration = seed.Integration

// SeedConnectWise is a partner's ConnectWise PSA data.
type SeedConnectWise = seed.ConnectWise

// SeedAutotask is a partner's Autotask PSA data.
type SeedAutotask = seed.Autotask

// SeedCategory is a ConnectWise product category with its subcategories.
type SeedCategory = seed.Category

// SeedReference is an id and a name (ConnectWise reference data).
type SeedReference = seed.Reference

// SeedProduct is a PSA catalog product.
type SeedProduct = seed.Product

// SeedCompany is a PSA company.
type SeedCompany = seed.Company

// SeedContract is an Autotask contract or a ConnectWise agreement.
type SeedContract = seed.Contract

// SeedProductMapping is an initial product mapping.
type SeedProductMapping = seed.ProductMapping

// SeedCustomerMapping is an initial customer mapping.
type SeedCustomerMapping = seed.CustomerMapping

// SeedPSACredentials are API credentials of a PSA.
type SeedPSACredentials = seed.PSACredentials

// SeedBillingProduct is a product code of the Partner Billing API.
type SeedBillingProduct = seed.BillingProduct

// SeedBillingUsage is a partner's usage as the Partner Billing API reports it.
type SeedBillingUsage = seed.BillingUsage

// SeedBillingLine is one product's monthly usage by one customer or device.
type SeedBillingLine = seed.BillingLine

// DefaultSeed returns the built-in seed.
func DefaultSeed() *Seed { return seed.Default() }

// ReconciliationSeed returns the built-in seed with the mappings of the reconciliation month:
// after one usage sync per PSA, the month shows every status of a reconciliation in both PSAs
// (README: "The reconciliation month").
func ReconciliationSeed() *Seed { return seed.Reconciliation() }

// DefaultSeedYAML returns the built-in seed as YAML, comments included (what
// `sophos-emulator -print-seed` writes).
func DefaultSeedYAML() []byte { return seed.DefaultYAML() }

// LoadSeedFile reads and validates a seed file (YAML or JSON).
func LoadSeedFile(path string) (*Seed, error) { return seed.LoadFile(path) }

// ParseSeed decodes and validates a seed (YAML or JSON); name is used in error messages.
func ParseSeed(data []byte, name string) (*Seed, error) { return seed.Parse(data, name) }

// DefaultPSACredentials are the credentials a PSA accepts when the seed names none.
func DefaultPSACredentials(psa api.Psa) SeedPSACredentials { return psacredentials.Default(psa) }

// SetFaults replaces the standing fault settings.
func (e *Emulator) SetFaults(f Faults) { e.faults.Set(f) }

// Faults returns the standing fault settings.
func (e *Emulator) Faults() Faults { return e.faults.Get() }

// InjectNext queues a deterministic fault. Queued faults are matched in order.
func (e *Emulator) InjectNext(f InjectedFault) { e.faults.InjectNext(f) }

// ClearInjected drops every queued fault.
func (e *Emulator) ClearInjected() { e.faults.ClearInjected() }

// Injected returns the queued faults with their remaining counts.
func (e *Emulator) Injected() []InjectedFault { return e.faults.Injected() }

// Counters returns the number of API requests per route, keyed "METHOD /route/pattern", e.g.
// "GET /partner/v1/psa/{psa}/customer-mappings/{customerId}". Requests that match no route
// count as "METHOD (unmatched)". Admin requests are not counted.
func (e *Emulator) Counters() map[string]int { return e.counters.Snapshot() }

// ResetCounters sets every counter to zero.
func (e *Emulator) ResetCounters() { e.counters.Reset() }

// AutotaskLimits are the Autotask room's limits: the requests per hour of each Autotask
// database (RequestThreshold, 0 for Autotask's 10,000) and the latency added from half of
// it (UsageLatency, twice from three quarters; 0 for none).
type AutotaskLimits = autotask.Options

// DefaultAutotaskUsageLatency is the latency the Autotask room adds from half the threshold
// unless Options.AutotaskLimits says otherwise.
const DefaultAutotaskUsageLatency = autotask.DefaultUsageLatency

// AutotaskZonePath is the Autotask zone's API root below the emulator's URL, as
// zoneInformation answers it; the zone lookup answers there too.
const AutotaskZonePath = autotask.ZonePath

// AutotaskURL is the emulator's Autotask API root, e.g. "https://127.0.0.1:8788/ATServicesRest/":
// where an Autotask client looks zones up, and the zone URL zoneInformation answers there.
// It is on the HTTPS listener when the emulator serves one (Options.TLSAddr), else on URL.
func (e *Emulator) AutotaskURL() string {
	if e.tlsURL != "" {
		return e.tlsURL + AutotaskZonePath
	}
	return e.url + AutotaskZonePath
}

// AutotaskUser is the Autotask API user a client of the emulator (the provider's autotask
// block) logs in with: the first of the primary partner's Autotask apiUsers in the seed (the
// default seed's Terraform user), else the credentials Sophos stores for its Autotask
// integration, else the default ones.
func (e *Emulator) AutotaskUser() SeedPSACredentials { return e.atUser }

// SetAutotaskLimits replaces the Autotask room's limits; the hour's requests are kept.
func (e *Emulator) SetAutotaskLimits(l AutotaskLimits) { e.autotask.SetOptions(l) }

// AutotaskLimits returns the Autotask room's limits.
func (e *Emulator) AutotaskLimits() AutotaskLimits { return e.autotask.Options() }

// AutotaskUsage is the request threshold and the requests of the last hour of the primary
// partner's Autotask database (what ThresholdInformation answers).
func (e *Emulator) AutotaskUsage() (threshold, used int) { return e.autotask.Usage(e.creds.PartnerID) }

// ResetAutotaskUsage forgets the requests of the hour of every Autotask database.
func (e *Emulator) ResetAutotaskUsage() { e.autotask.ResetUsage() }

// HoldAutotaskThreads occupies n of the three threads of integrationCode and entity (e.g.
// "Contracts"), as another program using the same integration code would, until release.
func (e *Emulator) HoldAutotaskThreads(integrationCode, entity string, n int) (release func()) {
	return e.autotask.HoldThreads(integrationCode, entity, n)
}

// HoldAutotaskThreadsFor occupies every thread of integrationCode and entity until refusals
// requests were refused (another program's burst); left says how many are still to come.
func (e *Emulator) HoldAutotaskThreadsFor(integrationCode, entity string, refusals int) (left func() int) {
	return e.autotask.HoldThreadsFor(integrationCode, entity, refusals)
}

// The admin API's view of the Autotask room (admin.AutotaskControl).

// AutotaskSettings are the limits as the admin API shows them.
func (e *Emulator) AutotaskSettings(partnerID string) admin.AutotaskSettings {
	l := e.autotask.Options()
	_, used := e.autotask.Usage(partnerID)
	return admin.AutotaskSettings{RequestThreshold: l.RequestThreshold, UsageLatency: l.UsageLatency, CurrentTimeframeRequestCount: used}
}

// SetAutotaskSettings sets the limits from the admin API.
func (e *Emulator) SetAutotaskSettings(s admin.AutotaskSettings) {
	e.autotask.SetOptions(autotask.Options{RequestThreshold: s.RequestThreshold, UsageLatency: s.UsageLatency})
}

// ConnectWiseMember is the ConnectWise API member a ConnectWise client of the emulator (the
// provider's connectwise block) logs in with: the first of the primary partner's ConnectWise
// apiUsers in the seed, else the credentials Sophos stores for its ConnectWise integration,
// else the default ones. Its site is the seed's; a client reaches the room at TLSURL (or URL).
func (e *Emulator) ConnectWiseMember() SeedPSACredentials { return e.cwMember }

// connectWiseMember picks ConnectWiseMember from the seed s of the primary partner.
func connectWiseMember(s *Seed, partnerID string) SeedPSACredentials {
	return firstAPIUser(s, partnerID, api.PsaConnectwise)
}

// firstAPIUser is the first API user of psa of the primary partner's seed, else its
// integration's credentials, else the default ones.
func firstAPIUser(s *Seed, partnerID string, psa api.Psa) SeedPSACredentials {
	for _, p := range s.Partners {
		if p.ID != partnerID {
			continue
		}
		for _, in := range p.Integrations {
			if in.PSA != string(psa) {
				continue
			}
			if len(in.APIUsers) > 0 {
				return in.APIUsers[0]
			}
			if in.Credentials != nil {
				return *in.Credentials
			}
		}
	}
	return psacredentials.Default(psa)
}

// SeedPicklist is the values of one picklist field of an Autotask entity in a seed.
type SeedPicklist = seed.Picklist

// SeedPicklistValue is one value of a seed's picklist.
type SeedPicklistValue = seed.PicklistValue

// SeedAddition is a ConnectWise agreement addition in a seed: a catalog product billed on
// an agreement.
type SeedAddition = seed.Addition

// SeedContractService is a service on an Autotask contract in a seed, with its units.
type SeedContractService = seed.ContractService

// SeedUnits is the units of a seed's contract service over a period.
type SeedUnits = seed.Units
