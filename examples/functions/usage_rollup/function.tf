# What the next usage sync sends to Autotask this month: one line per customer and PSA
# product, from the real Partner Billing API and the PSA integration's tables.
data "sophos_billing_usage" "this_month" {}

data "sophos_products" "all" {}

data "sophos_psa_integrations" "all" {}

data "sophos_psa_customer_mappings" "autotask" {
  psa = "autotask"
}

data "sophos_psa_product_mappings" "autotask" {
  psa = "autotask"
}

locals {
  next_autotask_sync = provider::sophos::usage_rollup(
    data.sophos_billing_usage.this_month.lines,
    data.sophos_products.all.products,
    data.sophos_psa_customer_mappings.autotask.mappings,
    data.sophos_psa_product_mappings.autotask.mappings,
    one([for i in data.sophos_psa_integrations.all.integrations : i.usage_sync_schedule if i.psa == "autotask"]),
  )
}

output "next_autotask_sync" {
  value = local.next_autotask_sync
}

# The quantity per customer (by id: two customers may share a name) and Autotask product.
output "next_autotask_quantities" {
  value = { for l in local.next_autotask_sync : "${l.customer_id}/${l.psa_product_id}" => l.quantity }
}

# Mappings kept in the configuration instead of read from Sophos: objects with the
# attributes the function reads.
output "alpine_from_inputs" {
  value = provider::sophos::usage_rollup(
    data.sophos_billing_usage.this_month.lines,
    data.sophos_products.all.products,
    [{
      customer_id        = "29946c86-596b-4918-b186-dbe32c6a986b"
      company_id         = 29682002
      contract_id        = 29684001
      contract_status    = "active"
      usage_sync_enabled = true
    }],
    [{ sophos_product = "Sophos_Intercept_X_Advanced", psa_product_id = 29680001, sync_enabled = true }],
    "daily",
  )
}
