# The contracts usage can be synced to, by company id, with Autotask's own type: Sophos's
# usage sync writes contract services, which Autotask allows on Recurring Service contracts
# only. The same configuration works with or without the autotask block.
data "sophos_psa_contracts" "autotask" {
  psa = "autotask"
}

locals {
  contracts_by_company = {
    for c in data.sophos_psa_contracts.autotask.contracts : tostring(c.company_id) => c.id...
    if c.type == "Recurring Service" && c.name_unique
  }
}

output "recurring_contracts_by_company" {
  value = local.contracts_by_company
}

output "not_recurring" {
  value = [for c in data.sophos_psa_contracts.autotask.contracts : c.id if c.type != "Recurring Service"]
}
