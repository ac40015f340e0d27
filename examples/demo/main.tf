# The demo configuration of `make demo`: Northwind IT Services, a fictional MSP of the
# emulator's default seed, bills Sophos usage through ConnectWise PSA and Autotask.
# Credentials and URLs come from the SOPHOS_* environment variables set by tools/demo.sh.
# The PSAs are connected by the configuration in connect/, applied first (a ConnectWise
# product cannot be planned before ConnectWise is connected); the billing review of the
# guide (examples/guides/billing-review) runs on its own after both.

terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

provider "sophos" {}

data "sophos_customers" "all" {}

# ---------------------------------------------------------------------------------------
# Product mappings (ConnectWise)
# ---------------------------------------------------------------------------------------

# A new ConnectWise product, created from Sophos: Northwind sells XDR as a managed service.
resource "connectwise_product" "managed_xdr" {
  provider = sophos

  identifier           = "NW-MANAGED-XDR"
  description          = "Northwind Managed XDR (per device)"
  customer_description = "Sophos Intercept X Advanced with XDR, monitored by Northwind IT, per protected device per month"
  subcategory          = "Managed Security"
  type                 = "Service"
  product_class        = "Service"
  unit_of_measure      = "Device"
  price                = 14.5
  cost                 = 6.1
  integration_xref     = "Sophos_Intercept_X_Advanced_XDR"
}

# Existing catalog products, found by identifier and by a search of their description.
data "sophos_psa_products" "intercept_x_advanced" {
  psa        = "connectwise"
  identifier = "SOPHOS-CIX-ADV"
}

data "sophos_psa_products" "mdr_complete" {
  psa    = "connectwise"
  search = "MDR Complete"
}

resource "sophos_psa_product_mapping" "xdr" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced_XDR"
  psa_product_id = connectwise_product.managed_xdr.id
}

resource "sophos_psa_product_mapping" "intercept_x_advanced" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = one(data.sophos_psa_products.intercept_x_advanced.products).id
}

# Mapped, but usage is not synced yet: the MDR price list is still being agreed.
resource "sophos_psa_product_mapping" "mdr_complete" {
  psa            = "connectwise"
  sophos_product = "Sophos_MDR_Complete"
  psa_product_id = one(data.sophos_psa_products.mdr_complete.products).id
  sync_enabled   = false
}

data "sophos_psa_product_mappings" "connectwise" {
  psa = "connectwise"

  depends_on = [
    sophos_psa_product_mapping.xdr,
    sophos_psa_product_mapping.intercept_x_advanced,
    sophos_psa_product_mapping.mdr_complete,
  ]
}

# ---------------------------------------------------------------------------------------
# Customer mappings (Autotask)
# ---------------------------------------------------------------------------------------

# Customers are named by id: names need not be unique (two customers can share one), so a
# map keyed by name would fail on such a partner. A lookup by name uses one(), which fails
# clearly when a name is not unique.
data "sophos_customers" "kestrel" {
  name = "Kestrel Engineering GmbH"
}

# Usage and ticket sync on an active contract.
resource "sophos_psa_customer_mapping" "alpine_dental" {
  psa                 = "autotask"
  customer_id         = "29946c86-596b-4918-b186-dbe32c6a986b" # Alpine Dental Group
  company_id          = 29682002
  contract_id         = 29684001
  usage_sync_enabled  = true
  ticket_sync_enabled = true
}

# A term-billed customer: no usage to sync, but alerts still become Autotask tickets.
resource "sophos_psa_customer_mapping" "greenfield" {
  psa                 = "autotask"
  customer_id         = "9fec0185-9c96-4afa-a85a-88f670b3f6eb" # Greenfield Manufacturing
  company_id          = 29682005
  ticket_sync_enabled = true
}

# Sophos syncs expired contracts too (cancelled ones never).
resource "sophos_psa_customer_mapping" "cedar_ridge" {
  psa                = "autotask"
  customer_id        = "b193824d-1a22-4a84-b075-ca0459d1606f" # Cedar Ridge Veterinary Clinic
  company_id         = 29682004
  contract_id        = 29684003 # "Cedar Ridge - Sophos MSP Flex 2023", expired
  usage_sync_enabled = true
}

# A customer whose Autotask contract invoices exactly what Sophos bills (see the
# reconciliation step of make demo).
resource "sophos_psa_customer_mapping" "pinnacle" {
  psa                = "autotask"
  customer_id        = "5359fa53-b0f4-4e72-b591-8d43d4ff69e6" # Pinnacle Architects
  company_id         = 29682013
  contract_id        = 29684014
  usage_sync_enabled = true
}

# Company and contract looked up by name instead of by id.
data "sophos_psa_companies" "kestrel" {
  psa  = "autotask"
  name = "Kestrel Engineering GmbH"
}

data "sophos_psa_contracts" "kestrel" {
  psa        = "autotask"
  company_id = one(data.sophos_psa_companies.kestrel.companies).id
  name       = "Kestrel - Sophos MSP Flex"
}

resource "sophos_psa_customer_mapping" "kestrel" {
  psa                 = "autotask"
  customer_id         = one(data.sophos_customers.kestrel.customers).id
  company_id          = one(data.sophos_psa_companies.kestrel.companies).id
  contract_id         = one(data.sophos_psa_contracts.kestrel.contracts).id
  usage_sync_enabled  = true
  ticket_sync_enabled = true
}

# Mapped to a contract that is inactive in Autotask: the mapping is accepted, but the
# usage-sync pass reports it as failed, with the reason, in sophos_psa_customer_mappings.
resource "sophos_psa_customer_mapping" "lakeview" {
  psa                = "autotask"
  customer_id        = "7c62543e-dd0a-4b1b-9e5a-e262232ca62b" # Lakeview Family Medicine
  company_id         = 29682009
  contract_id        = 29684008 # "Lakeview - Sophos MSP Flex", inactive
  usage_sync_enabled = true
}

# ---------------------------------------------------------------------------------------
# Product mappings (Autotask; its catalog is read-only through the integration)
# ---------------------------------------------------------------------------------------

resource "sophos_psa_product_mapping" "autotask_intercept_x_advanced" {
  psa            = "autotask"
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = 29680001 # SOPHOS-IX-ADV
}

resource "sophos_psa_product_mapping" "autotask_xdr" {
  psa            = "autotask"
  sophos_product = "Sophos_Intercept_X_Advanced_XDR"
  psa_product_id = 29680002 # SOPHOS-IX-ADV-XDR
}

resource "sophos_psa_product_mapping" "autotask_server" {
  psa            = "autotask"
  sophos_product = "Sophos_Intercept_X_Adv_Srv"
  psa_product_id = 29680004 # SOPHOS-SRV-IX-ADV
}

resource "sophos_psa_product_mapping" "autotask_email" {
  psa            = "autotask"
  sophos_product = "Sophos_Email_Advanced"
  psa_product_id = 29680005 # SOPHOS-EMAIL-ADV
}

data "sophos_psa_customer_mappings" "autotask" {
  psa = "autotask"

  depends_on = [
    sophos_psa_customer_mapping.lakeview,
    sophos_psa_customer_mapping.alpine_dental,
    sophos_psa_customer_mapping.greenfield,
    sophos_psa_customer_mapping.cedar_ridge,
    sophos_psa_customer_mapping.kestrel,
  ]
}
