# A billing review for terraform plan in CI: before usage reaches an invoice, fail the
# review when usage would be missed or a sync is broken, and show what the next usage
# sync sends to the PSAs. It reviews every connected PSA together, so a customer billed
# through either one counts as billed. Run it on its own (a provider block and this
# file), or call this directory as a module beside your mappings, passing them in, so
# that it judges the state after the change. See the "Billing review in a plan" guide.

variable "psas" {
  description = "The PSAs usage is synced to; null reviews every connected PSA."
  type        = list(string)
  default     = null
}

variable "billing_month" {
  description = "The month to review as { year, month }; null reviews the current month (UTC), month to date."
  type        = object({ year = number, month = number })
  default     = null
}

variable "planned_customer_mappings" {
  description = "The customer mappings of the change under review (the configuration's sophos_psa_customer_mapping resources): the review judges them as they will be after the apply."
  type = list(object({
    psa                = string
    customer_id        = string
    usage_sync_enabled = bool
    company_id         = optional(number)
    contract_id        = optional(number)
    company_name       = optional(string)
    contract_name      = optional(string)
  }))
  default = []
}

variable "planned_product_mappings" {
  description = "The product mappings of the change under review (the configuration's sophos_psa_product_mapping resources)."
  type = list(object({
    psa              = string
    sophos_product   = string
    psa_product_id   = number
    sync_enabled     = bool
    psa_product_name = optional(string)
  }))
  default = []
}

# The real Partner Billing API: what Sophos bills the partner this month.
data "sophos_billing_usage" "month" {
  year  = try(var.billing_month.year, null)
  month = try(var.billing_month.month, null)
}

# The PSA integrations: which are connected (only those can be read) and which are in error.
data "sophos_psa_integrations" "all" {}

locals {
  psas = [for i in data.sophos_psa_integrations.all.integrations : i.psa
  if i.status == "connected" && (var.psas == null || contains(coalesce(var.psas, []), i.psa))]
}

# Per connected PSA (a block each, read when the PSA is reviewed): its mappings and its
# products (with prices).
data "sophos_products" "all" {}

data "sophos_psa_customer_mappings" "autotask" {
  count = contains(local.psas, "autotask") ? 1 : 0
  psa   = "autotask"
}

data "sophos_psa_customer_mappings" "connectwise" {
  count = contains(local.psas, "connectwise") ? 1 : 0
  psa   = "connectwise"
}

data "sophos_psa_product_mappings" "autotask" {
  count = contains(local.psas, "autotask") ? 1 : 0
  psa   = "autotask"
}

data "sophos_psa_product_mappings" "connectwise" {
  count = contains(local.psas, "connectwise") ? 1 : 0
  psa   = "connectwise"
}

data "sophos_psa_products" "autotask" {
  count            = contains(local.psas, "autotask") ? 1 : 0
  psa              = "autotask"
  include_inactive = true
}

data "sophos_psa_products" "connectwise" {
  count            = contains(local.psas, "connectwise") ? 1 : 0
  psa              = "connectwise"
  include_inactive = true
}

locals {
  customer_rows = {
    autotask    = try(data.sophos_psa_customer_mappings.autotask[0].mappings, [])
    connectwise = try(data.sophos_psa_customer_mappings.connectwise[0].mappings, [])
  }
  product_rows = {
    autotask    = try(data.sophos_psa_product_mappings.autotask[0].mappings, [])
    connectwise = try(data.sophos_psa_product_mappings.connectwise[0].mappings, [])
  }
  psa_products = {
    autotask    = try(data.sophos_psa_products.autotask[0].products, [])
    connectwise = try(data.sophos_psa_products.connectwise[0].products, [])
  }

  # The contract's roll-up: billing product code => Sophos product of the PSA integration.
  sophos_product_of = merge([for p in data.sophos_products.all.products : { for code in p.billing_product_codes : code => p.identifier }]...)
  schedule          = { for i in data.sophos_psa_integrations.all.integrations : i.psa => i.usage_sync_schedule }

  # The mapping tables keyed by "<psa>/<customer id>" and "<psa>/<Sophos product>" (ids,
  # never names: two customers may share a name), as they will be after the change.
  planned_customers = { for m in var.planned_customer_mappings : "${m.psa}/${lower(m.customer_id)}" => m }
  planned_products  = { for m in var.planned_product_mappings : "${m.psa}/${m.sophos_product}" => m }
  customer_mapping = merge([for psa in local.psas : { for m in local.customer_rows[psa] : "${psa}/${m.customer_id}" => (
    contains(keys(local.planned_customers), "${psa}/${m.customer_id}") ? merge(m, {
      mapped             = true
      usage_sync_enabled = local.planned_customers["${psa}/${m.customer_id}"].usage_sync_enabled
      company_id         = local.planned_customers["${psa}/${m.customer_id}"].company_id
      contract_id        = local.planned_customers["${psa}/${m.customer_id}"].contract_id
      contract_status    = "active" # the plan of the mapping checks its contract
      company_name       = coalesce(local.planned_customers["${psa}/${m.customer_id}"].company_name, m.company_name, "(planned)")
      contract_name      = coalesce(local.planned_customers["${psa}/${m.customer_id}"].contract_name, m.contract_name, "(planned)")
    }) : m
  ) }]...)
  product_mapping = merge([for psa in local.psas : { for m in local.product_rows[psa] : "${psa}/${m.sophos_product}" => (
    contains(keys(local.planned_products), "${psa}/${m.sophos_product}") ? merge(m, {
      mapped           = true
      sync_enabled     = local.planned_products["${psa}/${m.sophos_product}"].sync_enabled
      psa_product_id   = local.planned_products["${psa}/${m.sophos_product}"].psa_product_id
      psa_product_name = coalesce(local.planned_products["${psa}/${m.sophos_product}"].psa_product_name, m.psa_product_name, "(planned)")
    }) : m
  ) }]...)
  psa_price = merge([for psa in local.psas : { for p in local.psa_products[psa] : "${psa}/${p.id}" => p.price }]...)
  # Any customer row names the customer (the same in every PSA).
  customer_name = merge([for psa in local.psas : { for m in local.customer_rows[psa] : m.customer_id => m.customer_name }]...)

  # Every billing line with the Sophos product its code rolls up to (null: none) and the
  # PSAs its customer has usage sync on in.
  usage = [for l in data.sophos_billing_usage.month.lines : merge(l, {
    sophos_product = lookup(local.sophos_product_of, l.product_code, null)
    synced_to = l.account_id == null ? [] : [for psa in local.psas : psa
    if try(local.customer_mapping["${psa}/${l.account_id}"].usage_sync_enabled, false)]
  })]

  # (a) Usage the next sync cannot bill: a code of no Sophos product (no PSA can bill it),
  # and, for customers synced to a PSA, a product not mapped there or with sync off.
  unsynced_products = sort(distinct(concat(
    [for l in local.usage : "${l.product_code} (${coalesce(l.product_description, "?")}): the PSA integration has no product for it" if l.sophos_product == null],
    flatten([for l in local.usage : [for psa in l.synced_to : (
      !try(local.product_mapping["${psa}/${l.sophos_product}"].mapped, false) ? "${l.sophos_product}: not mapped to a product of ${psa}" :
      "${l.sophos_product}: mapped to ${local.product_mapping["${psa}/${l.sophos_product}"].psa_product_name} in ${psa}, but its usage sync is off"
    ) if l.sophos_product != null && !try(local.product_mapping["${psa}/${l.sophos_product}"].sync_enabled, false)]])
  )))

  # (b) Usage-billed customers with usage whose usage is synced to no reviewed PSA.
  unsynced_customers = sort([for id in distinct([for l in local.usage : l.account_id if l.account_id != null && length(l.synced_to) == 0]) :
    "${lookup(local.customer_name, id, "?")} (${id}): ${anytrue([for psa in local.psas : try(local.customer_mapping["${psa}/${id}"].mapped, false)]) ? "usage sync is off" : "not mapped"}"
    if anytrue([for psa in local.psas : try(local.customer_mapping["${psa}/${id}"].usage_sync_available, false)])
  ])

  # (c) Customers whose last usage sync failed, with the error.
  failed_syncs = sort(flatten([for psa in local.psas : [for m in local.customer_rows[psa] :
  "${m.customer_name} (${m.customer_id}, ${psa}): ${m.last_sync_error}" if m.last_sync_status == "failed"]]))

  # (d) PSA integrations the PSA refuses (expired or changed credentials).
  integrations_in_error = [for i in data.sophos_psa_integrations.all.integrations : "${i.name}: ${i.status_error}" if i.status == "error"]

  # What the next sync sends to each PSA, per customer and PSA product: the roll-up Sophos's
  # sync performs (provider::sophos::usage_rollup), over the mapping tables as they will be
  # after the change.
  next_sync = { for psa in local.psas : psa => provider::sophos::usage_rollup(
    data.sophos_billing_usage.month.lines,
    data.sophos_products.all.products,
    [for key, m in local.customer_mapping : m if startswith(key, "${psa}/")],
    [for key, m in local.product_mapping : m if startswith(key, "${psa}/")],
    local.schedule[psa],
  ) }
  preview = flatten([for psa, lines in local.next_sync : [for l in lines : merge(l, { psa = psa })]])
}

check "usage_has_a_product_mapping" {
  assert {
    condition     = length(local.unsynced_products) == 0
    error_message = "Usage this month that the next sync will not bill:\n- ${join("\n- ", local.unsynced_products)}"
  }
}

check "usage_customers_are_synced" {
  assert {
    condition     = length(local.unsynced_customers) == 0
    error_message = "Usage-billed customers with usage this month whose usage reaches no PSA:\n- ${join("\n- ", local.unsynced_customers)}"
  }
}

check "last_syncs_succeeded" {
  assert {
    condition     = length(local.failed_syncs) == 0
    error_message = "The last usage sync failed for:\n- ${join("\n- ", local.failed_syncs)}"
  }
}

check "integrations_are_connected" {
  assert {
    condition     = length(local.integrations_in_error) == 0
    error_message = "PSA integrations in error (no usage reaches them):\n- ${join("\n- ", local.integrations_in_error)}"
  }
}

output "next_sync_preview" {
  description = "Per \"<psa>/<customer id>\" (never a name: two customers may share one), the lines the next usage sync sends: customer, PSA company, contract, PSA product, quantity, and the ConnectWise price where there is one."
  value = { for key in distinct([for p in local.preview : "${p.psa}/${p.customer_id}"]) : key => {
    customer    = local.customer_mapping[key].customer_name
    psa_company = local.customer_mapping[key].company_name
    contract    = local.customer_mapping[key].contract_name
    lines = [for p in local.preview : {
      psa_product = local.product_mapping["${p.psa}/${p.sophos_products[0]}"].psa_product_name
      quantity    = p.quantity
      price       = p.psa == "connectwise" ? lookup(local.psa_price, "${p.psa}/${p.psa_product_id}", null) : null
    } if "${p.psa}/${p.customer_id}" == key]
  } }
}
