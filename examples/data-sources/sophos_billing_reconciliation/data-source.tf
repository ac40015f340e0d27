# What Sophos bills this month against what ConnectWise holds to invoice, through Sophos's
# mapping tables. The provider block needs its connectwise block: the agreement additions
# are read through ConnectWise's own API.
locals {
  this_month = plantimestamp()
}

data "sophos_billing_reconciliation" "connectwise" {
  psa       = "connectwise"
  year      = tonumber(formatdate("YYYY", local.this_month))
  month     = tonumber(formatdate("M", local.this_month))
  tolerance = 0
}

# Every row that is not right, keyed by customer id and PSA product (or the billing codes
# of usage no PSA product is mapped for), never by a name.
output "billing_problems" {
  value = {
    for r in data.sophos_billing_reconciliation.connectwise.rows :
    "${coalesce(r.customer_id, "no customer")}/${r.psa_product_id != null ? tostring(r.psa_product_id) : join("+", r.product_codes)}" => {
      customer       = r.customer_name
      status         = r.status
      sophos_bills   = r.sophos_quantity
      psa_holds      = r.psa_quantity
      money_at_stake = r.money_at_stake.total
    } if r.status != "matches"
  }
}

# The money at stake of each status with rows.
output "money_at_stake_by_status" {
  value = {
    for status, total in data.sophos_billing_reconciliation.connectwise.totals_by_status :
    status => total.money_at_stake.total if total.rows > 0 && status != "matches"
  }
}
