# Harborline Logistics, a usage-billed customer, to its Autotask company and the company's
# one current contract. The customer is named by its id: names of customers need not be
# unique, ids are. one() fails the plan when the lookup finds none or several, instead of
# picking one of them by position.
data "sophos_psa_companies" "harborline" {
  psa  = "autotask"
  name = "Harborline Logistics"
}

data "sophos_psa_contracts" "harborline" {
  psa             = "autotask"
  company_id      = one(data.sophos_psa_companies.harborline.companies).id
  include_expired = false
}

resource "sophos_psa_customer_mapping" "harborline" {
  psa                = "autotask"
  customer_id        = "737494b5-d866-4eac-bad6-3b57731f1122"
  company_id         = one(data.sophos_psa_companies.harborline.companies).id
  contract_id        = one(data.sophos_psa_contracts.harborline.contracts).id
  usage_sync_enabled = true
}
