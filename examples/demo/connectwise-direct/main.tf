terraform {
  required_providers {
    sophos = {
      source = "psa-iac/sophos"
    }
  }
}

# ConnectWise through the Sophos integration (no connectwise block)...
provider "sophos" {}

# ...and read directly from ConnectWise's own REST API: the connectwise block, its arguments
# from the CONNECTWISE_* environment variables (make demo exports the emulator's).
provider "sophos" {
  alias = "connectwise"
  connectwise {}
}

data "sophos_psa_contracts" "integration" {
  psa = "connectwise"
}

data "sophos_psa_contracts" "connectwise" {
  provider = sophos.connectwise
  psa      = "connectwise"
}

data "sophos_psa_companies" "integration" {
  psa = "connectwise"
}

data "sophos_psa_companies" "connectwise" {
  provider = sophos.connectwise
  psa      = "connectwise"
}

data "sophos_psa_products" "integration" {
  psa              = "connectwise"
  include_inactive = true
}

data "sophos_psa_products" "connectwise" {
  provider         = sophos.connectwise
  psa              = "connectwise"
  include_inactive = true
}

locals {
  # Agreements per company id, each side: ids are the same either way.
  agreements = {
    for side, list in { integration = data.sophos_psa_contracts.integration.contracts, connectwise = data.sophos_psa_contracts.connectwise.contracts } :
    side => { for c in list : tostring(c.company_id) => format("%d %s (%s)", c.id, c.name, c.status)... }
  }
  products = {
    for side, list in { integration = data.sophos_psa_products.integration.products, connectwise = data.sophos_psa_products.connectwise.products } :
    side => [for p in list : format("%d %s %s %.2f%s", p.id, p.identifier, p.description, p.price, p.inactive ? " (inactive)" : "")]
  }
}

output "side_by_side" {
  description = "Each ConnectWise company's agreements through the integration and read directly from ConnectWise."
  value = join("\n", concat(
    [format("%-38s %-52s %s", "COMPANY", "AGREEMENTS THROUGH THE INTEGRATION", "READ FROM CONNECTWISE")],
    [for c in data.sophos_psa_companies.connectwise.companies : format("%-38s %-52s %s",
      format("%s (%d)", c.name, c.id),
      join("; ", lookup(local.agreements.integration, tostring(c.id), ["-"])),
      join("; ", lookup(local.agreements.connectwise, tostring(c.id), ["-"])) == join("; ", lookup(local.agreements.integration, tostring(c.id), ["-"])) ? "same" : join("; ", lookup(local.agreements.connectwise, tostring(c.id), ["-"])),
    )],
  ))
}

output "summary" {
  description = "Whether both views agree."
  value = join("\n", [
    format("Catalog items: %d through the integration, %d read from ConnectWise; the same items, prices and flags: %s",
    length(local.products.integration), length(local.products.connectwise), local.products.integration == local.products.connectwise ? "yes" : "NO"),
    format("Companies: %d through the integration, %d read from ConnectWise (the recycle bin left out); the same: %s",
      length(data.sophos_psa_companies.integration.companies), length(data.sophos_psa_companies.connectwise.companies),
    data.sophos_psa_companies.integration.companies == data.sophos_psa_companies.connectwise.companies ? "yes" : "NO"),
    format("Agreements: %d through the integration, %d read from ConnectWise (cancelled ones left out); the same: %s",
      length(data.sophos_psa_contracts.integration.contracts), length(data.sophos_psa_contracts.connectwise.contracts),
    data.sophos_psa_contracts.integration.contracts == data.sophos_psa_contracts.connectwise.contracts ? "yes" : "NO"),
  ])
}
