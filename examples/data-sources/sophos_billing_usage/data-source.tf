# The partner's billing report of June 2025, from the real Partner Billing API.
data "sophos_billing_usage" "june" {
  year  = 2025
  month = 6
}

# This month so far (the default), for one customer.
data "sophos_billing_usage" "alpine_now" {
  customer_id = "29946c86-596b-4918-b186-dbe32c6a986b"
}

output "june_by_product" {
  value = { for code, q in { for l in data.sophos_billing_usage.june.lines : l.product_code => l.billable_quantity... } : code => sum(q) }
}

output "alpine_lines" {
  value = [for l in data.sophos_billing_usage.alpine_now.lines : "${l.product_description}: ${l.billable_quantity}"]
}
