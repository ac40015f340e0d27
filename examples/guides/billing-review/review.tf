# A billing review for terraform plan in CI: before usage reaches an invoice, fail the
# review when usage would be missed or a sync is broken, and show what the next usage
# sync sends to the PSA. Run it on its own (a provider block and these files) or beside
# your mappings. See the "Billing review in a plan" guide.

variable "psa" {
  description = "The PSA usage is synced to: connectwise or autotask."
  type        = string
  default     = "autotask"
}

variable "billing_month" {
  description = "The month to review as { year, month }; null reviews the current month (UTC), month to date."
  type        = object({ year = number, month = number })
  default     = null
}

# The real Partner Billing API: what Sophos bills the partner this month.
data "sophos_billing_usage" "month" {
  year  = try(var.billing_month.year, null)
  month = try(var.billing_month.month, null)
}

# The PSA integration: its products (with the billing codes each covers), mappings and state.
data "sophos_products" "all" {}

data "sophos_psa_product_mappings" "psa" {
  psa = var.psa
}

data "sophos_psa_customer_mappings" "psa" {
  psa = var.psa
}

data "sophos_psa_products" "psa" {
  psa              = var.psa
  include_inactive = true
}

data "sophos_psa_integrations" "all" {}

locals {
  # The contract's roll-up: billing product code => Sophos product of the PSA integration.
  sophos_product_of = merge([for p in data.sophos_products.all.products : { for code in p.billing_product_codes : code => p.identifier }]...)
  invoice_only      = [for p in data.sophos_products.all.products : p.identifier if p.syncs_with_invoice_only]
  product_mapping   = { for m in data.sophos_psa_product_mappings.psa.mappings : m.sophos_product => m }
  customer_mapping  = { for m in data.sophos_psa_customer_mappings.psa.mappings : m.customer_id => m }
  psa_price         = { for p in data.sophos_psa_products.psa.products : tostring(p.id) => p.price }
  schedule          = one([for i in data.sophos_psa_integrations.all.integrations : i.usage_sync_schedule if i.psa == var.psa])

  # Every billing line with the Sophos product its code rolls up to (null: none).
  usage = [for l in data.sophos_billing_usage.month.lines : merge(l, {
    sophos_product = lookup(local.sophos_product_of, l.product_code, null)
    invoice_only   = contains(local.invoice_only, lookup(local.sophos_product_of, l.product_code, "-"))
  })]

  # (a) Usage no product mapping syncs: a code of no Sophos product, an unmapped product, sync off.
  unsynced_products = sort(distinct([for l in local.usage : (
    l.sophos_product == null ? "${l.product_code} (${coalesce(l.product_description, "?")}): the PSA integration has no product for it" :
    !try(local.product_mapping[l.sophos_product].mapped, false) ? "${l.sophos_product}: not mapped to a product of ${var.psa}" :
    "${l.sophos_product}: mapped to ${local.product_mapping[l.sophos_product].psa_product_name}, but its usage sync is off"
  ) if !try(local.product_mapping[l.sophos_product].sync_enabled, false)]))

  # (b) Usage-billed customers with usage that are unmapped or have usage sync off.
  unsynced_customers = sort([for id in distinct([for l in local.usage : l.account_id if l.account_id != null]) :
    "${local.customer_mapping[id].customer_name}: ${local.customer_mapping[id].mapped ? "usage sync is off" : "not mapped"}"
    if try(local.customer_mapping[id].usage_sync_available && !local.customer_mapping[id].usage_sync_enabled, false)
  ])

  # (c) Customers whose last usage sync failed, with the error.
  failed_syncs = sort([for m in data.sophos_psa_customer_mappings.psa.mappings : "${m.customer_name}: ${m.last_sync_error}" if m.last_sync_status == "failed"])

  # (d) PSA integrations the PSA refuses (expired or changed credentials).
  integrations_in_error = [for i in data.sophos_psa_integrations.all.integrations : "${i.name}: ${i.status_error}" if i.status == "error"]

  # What the next sync sends: usage of customers with usage sync on and a contract that can
  # take it (active or expired), of products mapped with sync on, summed per customer and
  # product. Firewall products go only with the invoice.
  # (Terraform evaluates every operand of &&, hence the try()s.)
  synced_usage = [for l in local.usage : l if l.account_id != null && l.sophos_product != null &&
    try(local.customer_mapping[l.account_id].usage_sync_enabled, false) &&
    try(contains(["active", "expired"], local.customer_mapping[l.account_id].contract_status), false) &&
    try(local.product_mapping[l.sophos_product].sync_enabled, false) &&
  (local.schedule == "withInvoice" || !l.invoice_only)]
  quantities = { for l in local.synced_usage : "${l.account_id}/${l.sophos_product}" => l.billable_quantity... }
  preview    = [for key, q in local.quantities : { customer_id = split("/", key)[0], sophos_product = split("/", key)[1], quantity = sum(q) }]
}

check "usage_has_a_product_mapping" {
  assert {
    condition     = length(local.unsynced_products) == 0
    error_message = "Usage this month that the next sync to ${var.psa} will not bill:\n- ${join("\n- ", local.unsynced_products)}"
  }
}

check "usage_customers_are_synced" {
  assert {
    condition     = length(local.unsynced_customers) == 0
    error_message = "Usage-billed customers with usage this month whose usage does not reach ${var.psa}:\n- ${join("\n- ", local.unsynced_customers)}"
  }
}

check "last_syncs_succeeded" {
  assert {
    condition     = length(local.failed_syncs) == 0
    error_message = "The last usage sync to ${var.psa} failed for:\n- ${join("\n- ", local.failed_syncs)}"
  }
}

check "integrations_are_connected" {
  assert {
    condition     = length(local.integrations_in_error) == 0
    error_message = "PSA integrations in error (no usage reaches them):\n- ${join("\n- ", local.integrations_in_error)}"
  }
}

output "next_sync_preview" {
  description = "Per customer, the lines the next usage sync sends: PSA company, contract, PSA product, quantity, and the ConnectWise price where there is one."
  value = { for id in distinct([for p in local.preview : p.customer_id]) : local.customer_mapping[id].customer_name => {
    psa_company = local.customer_mapping[id].company_name
    contract    = local.customer_mapping[id].contract_name
    lines = [for p in local.preview : {
      psa_product = local.product_mapping[p.sophos_product].psa_product_name
      quantity    = p.quantity
      price       = var.psa == "connectwise" ? lookup(local.psa_price, tostring(local.product_mapping[p.sophos_product].psa_product_id), null) : null
    } if p.customer_id == id]
  } }
}
