# Reconcile what Sophos bills the partner with what the PSAs hold to invoice, in a plan:
# fail CI on revenue that leaks (the PSA invoices less than Sophos bills, beyond a
# tolerance), on lines that bill a contract the PSA no longer invoices, and on prices below
# what Sophos charges; print a summary a reviewer reads in the plan. The PSA lines are read
# through each PSA's own API: the provider needs its connectwise and autotask blocks. See
# the "Billing reconciliation in a plan" guide.

variable "psas" {
  description = "The PSAs to reconcile; each needs its block in the provider configuration."
  type        = list(string)
  default     = ["connectwise", "autotask"]
}

variable "billing_month" {
  description = "The month to reconcile as { year, month }; null reconciles the current month (UTC), month to date."
  type        = object({ year = number, month = number })
  default     = null
}

variable "tolerance" {
  description = "How many units the PSA may be short of (or over) what Sophos bills on a row and still match, for seats counted at different moments of the month."
  type        = number
  default     = 0
}

variable "max_leak" {
  description = "The money a month's revenue leak may reach before the review fails: the quantity Sophos bills that the PSA does not invoice, times the PSA's price."
  type        = number
  default     = 0
}

locals {
  now   = plantimestamp()
  year  = coalesce(try(var.billing_month.year, null), tonumber(formatdate("YYYY", local.now)))
  month = coalesce(try(var.billing_month.month, null), tonumber(formatdate("M", local.now)))
}

data "sophos_billing_reconciliation" "psa" {
  count     = length(var.psas)
  psa       = var.psas[count.index]
  year      = local.year
  month     = local.month
  tolerance = var.tolerance
}

locals {
  # Every row of every PSA with its PSA; keyed by nothing (customers may share a name).
  # Usage of customers mapped in no PSA is in each PSA's rows (company_id null): once here.
  rows = flatten([for i, r in data.sophos_billing_reconciliation.psa : [for row in r.rows :
  merge(row, { psa = row.company_id == null ? "mapped in no PSA" : r.psa }) if row.company_id != null || i == 0]])

  # One line per row, for messages: the customer (by name and id), the product, both
  # quantities and the money at stake.
  line = [for r in local.rows : format("%s (%s), %s, %s: Sophos bills %g, the PSA invoices %g; %.2f at stake",
    coalesce(r.customer_name, "usage of no customer"), coalesce(r.customer_id, "-"), r.psa,
    r.psa_product_id != null ? format("PSA product %d (%s)", r.psa_product_id, join(", ", r.sophos_products)) : join(", ", r.product_codes),
  r.sophos_quantity, r.psa_quantity, r.money_at_stake.total)]

  leaks   = [for i, r in local.rows : local.line[i] if contains(["psa_short", "no_psa_line"], r.status)]
  leak    = sum(concat([0], [for r in local.rows : r.money_at_stake.quantity if contains(["psa_short", "no_psa_line"], r.status)]))
  not_inv = [for i, r in local.rows : "${local.line[i]} (contract ${coalesce(r.contract_name, tostring(r.contract_id))} is ${r.contract_status})" if r.status == "contract_not_invoiced"]
  below   = [for i, r in local.rows : "${local.line[i]} (the PSA's price ${try(format("%.2f", r.psa_unit_price), "?")} is below Sophos's ${try(format("%.2f", r.sophos_unit_price), "?")})" if contains(r.problems, "price_below_cost")]
}

check "no_revenue_leak" {
  assert {
    condition     = local.leak <= var.max_leak
    error_message = "Usage Sophos bills that the PSAs will not invoice (${format("%.2f", local.leak)} at stake, more than max_leak ${var.max_leak}):\n- ${join("\n- ", local.leaks)}"
  }
}

check "no_line_on_a_contract_not_invoiced" {
  assert {
    condition     = length(local.not_inv) == 0
    error_message = "Usage billed on contracts the PSA no longer invoices:\n- ${join("\n- ", local.not_inv)}"
  }
}

check "no_price_below_sophos" {
  assert {
    condition     = length(local.below) == 0
    error_message = "PSA lines priced below what Sophos charges:\n- ${join("\n- ", local.below)}"
  }
}

output "reconciliation_summary" {
  description = "Per PSA and status, the rows and the money at stake this month."
  value = { for r in data.sophos_billing_reconciliation.psa : r.psa => {
    for status, t in r.totals_by_status : status => format("%d rows, %.2f at stake", t.rows, t.money_at_stake.total) if t.rows > 0
  } }
}
