data "sophos_psa_companies" "cedar_ridge" {
  psa  = "autotask"
  name = "Cedar Ridge Veterinary Clinic"
}

# The contracts of one company, expired ones included (Sophos syncs usage to them too).
data "sophos_psa_contracts" "cedar_ridge" {
  psa        = "autotask"
  company_id = one(data.sophos_psa_companies.cedar_ridge.companies).id
}

# Only active and inactive agreements of the whole ConnectWise PSA.
data "sophos_psa_contracts" "current" {
  psa             = "connectwise"
  include_expired = false
}

output "cedar_ridge_contracts" {
  value = { for c in data.sophos_psa_contracts.cedar_ridge.contracts : c.id => "${c.name} (${c.status})" }
}

# Contracts whose name is used twice: usage sync fails on them until one is renamed.
output "duplicate_contract_names" {
  value = [for c in data.sophos_psa_contracts.current.contracts : c.name if !c.name_unique]
}
