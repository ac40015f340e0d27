terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

# Each PSA through the Sophos integration (no PSA blocks)...
provider "sophos" {}

# ...and read directly from the PSAs' own REST APIs: the connectwise and autotask blocks,
# their arguments from the CONNECTWISE_* and AUTOTASK_* environment variables (make demo
# exports the emulator's).
provider "sophos" {
  alias = "direct"
  connectwise {}
  autotask {}
}

locals {
  psas = toset(["connectwise", "autotask"])
}

data "sophos_psa_contracts" "integration" {
  for_each = local.psas
  psa      = each.key
}

data "sophos_psa_contracts" "direct" {
  for_each = local.psas
  provider = sophos.direct
  psa      = each.key
}

data "sophos_psa_companies" "integration" {
  for_each = local.psas
  psa      = each.key
}

data "sophos_psa_companies" "direct" {
  for_each = local.psas
  provider = sophos.direct
  psa      = each.key
}

data "sophos_psa_products" "integration" {
  for_each         = local.psas
  psa              = each.key
  include_inactive = true
}

data "sophos_psa_products" "direct" {
  for_each         = local.psas
  provider         = sophos.direct
  psa              = each.key
  include_inactive = true
}

locals {
  # Contracts per PSA and company id, each side: ids are the same either way.
  contracts = { for psa in local.psas : psa => {
    for side, list in { integration = data.sophos_psa_contracts.integration[psa].contracts, direct = data.sophos_psa_contracts.direct[psa].contracts } :
    side => { for c in list : tostring(c.company_id) => format("%d %s (%s)", c.id, c.name, c.status)... }
  } }
  products = { for psa in local.psas : psa => {
    for side, list in { integration = data.sophos_psa_products.integration[psa].products, direct = data.sophos_psa_products.direct[psa].products } :
    side => [for p in list : format("%d %s %s %.2f%s", p.id, p.identifier, p.description, p.price, p.inactive ? " (inactive)" : "")]
  } }
}

output "side_by_side" {
  description = "Each PSA company's contracts through the integration and read directly from the PSA."
  value = join("\n", flatten([for psa in ["connectwise", "autotask"] : concat(
    [format("%-42s %-56s %s", upper(psa), "CONTRACTS THROUGH THE INTEGRATION", "READ FROM THE PSA")],
    [for c in data.sophos_psa_companies.direct[psa].companies : format("%-42s %-56s %s",
      format("%s (%d)", c.name, c.id),
      join("; ", lookup(local.contracts[psa].integration, tostring(c.id), ["-"])),
      join("; ", lookup(local.contracts[psa].direct, tostring(c.id), ["-"])) == join("; ", lookup(local.contracts[psa].integration, tostring(c.id), ["-"])) ? "same" : join("; ", lookup(local.contracts[psa].direct, tostring(c.id), ["-"])),
    )],
  )]))
}

output "summary" {
  description = "Whether both views agree, per PSA."
  value = join("\n", flatten([for psa in ["connectwise", "autotask"] : [
    format("%s products: %d through the integration, %d read from the PSA; the same items, prices and flags: %s", psa,
    length(local.products[psa].integration), length(local.products[psa].direct), local.products[psa].integration == local.products[psa].direct ? "yes" : "NO"),
    format("%s companies: %d through the integration, %d read from the PSA; the same: %s", psa,
      length(data.sophos_psa_companies.integration[psa].companies), length(data.sophos_psa_companies.direct[psa].companies),
    data.sophos_psa_companies.integration[psa].companies == data.sophos_psa_companies.direct[psa].companies ? "yes" : "NO"),
    format("%s contracts: %d through the integration, %d read from the PSA; the same: %s", psa,
      length(data.sophos_psa_contracts.integration[psa].contracts), length(data.sophos_psa_contracts.direct[psa].contracts),
    data.sophos_psa_contracts.integration[psa].contracts == data.sophos_psa_contracts.direct[psa].contracts ? "yes" : "NO"),
  ]]))
}
