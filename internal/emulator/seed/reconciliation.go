package seed

import "github.com/psa-iac/terraform-provider-sophos/internal/api"

// The reconciliation month: the default seed's primary partner with the mappings under which
// one usage sync per PSA, beside the seed's hand-made PSA lines, gives a month with every
// status of a reconciliation in both PSAs (internal/emulator/README.md, "The reconciliation
// month", lists the figures). The Autotask mappings include those of examples/demo.

// Customers of the default seed's primary partner.
const (
	alpineDental = "29946c86-596b-4918-b186-dbe32c6a986b"
	cedarRidge   = "b193824d-1a22-4a84-b075-ca0459d1606f"
	greenfield   = "9fec0185-9c96-4afa-a85a-88f670b3f6eb"
	harborline   = "737494b5-d866-4eac-bad6-3b57731f1122"
	kestrel      = "5546763d-f9ed-468f-a4a9-f882cc18d35c"
	lakeview     = "7c62543e-dd0a-4b1b-9e5a-e262232ca62b"
	meridian     = "9aba8575-de04-40a1-a58a-2c42ff9c23ba"
	northgate    = "5e039591-cb2c-45c1-b55e-bf2e1ae375c1"
	pinnacle     = "5359fa53-b0f4-4e72-b591-8d43d4ff69e6"
	riverside    = "dc51d951-7dfa-4192-a322-73fd76d40d5e"
	summit       = "1dbcf79e-6e1a-4361-a536-bee1e6403f4b"
	tidewater    = "08f36335-4555-4420-b233-c0b5e42d73d7"
)

// Reconciliation is the default seed with the reconciliation month's mappings.
func Reconciliation() *Seed {
	s := Default()
	p := &s.Partners[0]
	p.ProductMappings, p.CustomerMappings = ReconciliationMappings()
	return s
}

// ReconciliationMappings are the reconciliation month's product and customer mappings.
// Northgate's are to its cancelled agreement and contract, as when they were cancelled after
// being mapped (neither the console nor the API maps to a cancelled one).
func ReconciliationMappings() ([]ProductMapping, []CustomerMapping) {
	cw, at := string(api.PsaConnectwise), string(api.PsaAutotask)
	off := new(bool)
	products := []ProductMapping{
		{PSA: cw, SophosProduct: "Sophos_Intercept_X_Advanced", PsaProductID: 102},
		{PSA: cw, SophosProduct: "Sophos_MDR_Complete", PsaProductID: 104, SyncEnabled: off},
		{PSA: cw, SophosProduct: "Sophos_Intercept_X_Adv_Srv", PsaProductID: 105},
		{PSA: cw, SophosProduct: "Sophos_Endpoint_Protection", PsaProductID: 101},
		{PSA: at, SophosProduct: "Sophos_Intercept_X_Advanced", PsaProductID: 29680001},
		{PSA: at, SophosProduct: "Sophos_Intercept_X_Advanced_XDR", PsaProductID: 29680002},
		{PSA: at, SophosProduct: "Sophos_Intercept_X_Adv_Srv", PsaProductID: 29680004},
		{PSA: at, SophosProduct: "Sophos_Email_Advanced", PsaProductID: 29680005},
		{PSA: at, SophosProduct: "Sophos_MDR_Complete", PsaProductID: 29680003, SyncEnabled: off},
	}
	contract := func(id int64) *int64 { return &id }
	customers := []CustomerMapping{
		{PSA: cw, CustomerID: cedarRidge, CompanyID: 253, ContractID: contract(504), UsageSyncEnabled: true},
		{PSA: cw, CustomerID: harborline, CompanyID: 255, ContractID: contract(506), UsageSyncEnabled: true},
		{PSA: cw, CustomerID: meridian, CompanyID: 259, ContractID: contract(510), UsageSyncEnabled: true},
		{PSA: cw, CustomerID: northgate, CompanyID: 260, ContractID: contract(512), UsageSyncEnabled: true},
		{PSA: cw, CustomerID: riverside, CompanyID: 264, ContractID: contract(515), UsageSyncEnabled: true},
		{PSA: at, CustomerID: alpineDental, CompanyID: 29682002, ContractID: contract(29684001), UsageSyncEnabled: true, TicketSyncEnabled: true},
		{PSA: at, CustomerID: greenfield, CompanyID: 29682005, TicketSyncEnabled: true},
		{PSA: at, CustomerID: cedarRidge, CompanyID: 29682004, ContractID: contract(29684003), UsageSyncEnabled: true},
		{PSA: at, CustomerID: kestrel, CompanyID: 29682008, ContractID: contract(29684007), UsageSyncEnabled: true, TicketSyncEnabled: true},
		{PSA: at, CustomerID: lakeview, CompanyID: 29682009, ContractID: contract(29684008), UsageSyncEnabled: true},
		{PSA: at, CustomerID: pinnacle, CompanyID: 29682013, ContractID: contract(29684014), UsageSyncEnabled: true},
		{PSA: at, CustomerID: harborline, CompanyID: 29682006, ContractID: contract(29684006), UsageSyncEnabled: true},
		{PSA: at, CustomerID: tidewater, CompanyID: 29682017, ContractID: contract(29684016)},
		{PSA: at, CustomerID: northgate, CompanyID: 29682011, ContractID: contract(29684012), UsageSyncEnabled: true},
		{PSA: at, CustomerID: summit, CompanyID: 29682016, ContractID: contract(29684015), UsageSyncEnabled: true},
	}
	return products, customers
}
