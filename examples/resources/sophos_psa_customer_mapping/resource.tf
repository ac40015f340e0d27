# Look the customer, the Autotask company and its contract up by name.
data "sophos_customers" "alpine" {
  name = "Alpine Dental Group"
}

data "sophos_psa_companies" "alpine" {
  psa  = "autotask"
  name = "Alpine Dental Group"
}

data "sophos_psa_contracts" "alpine" {
  psa        = "autotask"
  company_id = one(data.sophos_psa_companies.alpine.companies).id
  name       = "Alpine Dental - Sophos MSP Flex"
}

# Usage of a usage-billed (MSP Flex) customer is synced to the contract, and its alerts
# become Autotask tickets.
resource "sophos_psa_customer_mapping" "alpine" {
  psa                 = "autotask"
  customer_id         = one(data.sophos_customers.alpine.customers).id
  company_id          = one(data.sophos_psa_companies.alpine.companies).id
  contract_id         = one(data.sophos_psa_contracts.alpine.contracts).id
  usage_sync_enabled  = true
  ticket_sync_enabled = true
}

# A term-billed customer: no usage sync, but tickets still flow (ConnectWise, no agreement).
resource "sophos_psa_customer_mapping" "greenfield" {
  psa                 = "connectwise"
  customer_id         = "9fec0185-9c96-4afa-a85a-88f670b3f6eb"
  company_id          = 254
  ticket_sync_enabled = true
}
