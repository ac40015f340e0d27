# The same reconciliation on APIs that are real today: the mappings are written here, so
# nothing of Sophos's PSA integration is read; only the Partner Billing API and
# ConnectWise's own API are.
data "sophos_billing_reconciliation" "from_configuration" {
  psa   = "connectwise"
  year  = tonumber(formatdate("YYYY", plantimestamp()))
  month = tonumber(formatdate("M", plantimestamp()))

  customer_mappings = [
    { customer_id = "29946c86-596b-4918-b186-dbe32c6a986b", company_id = 251, contract_id = 501 }, # Alpine Dental Group
  ]
  product_mappings = [
    { product_code = "CIXA1CSAA", psa_product_id = 102 }, # Intercept X Advanced
    { product_code = "CEMA1CSAA", psa_product_id = 106 }, # Email Advanced
  ]
}

output "alpine_dental_statuses" {
  value = {
    for r in data.sophos_billing_reconciliation.from_configuration.rows :
    tostring(r.psa_product_id) => r.status
    if r.customer_id == "29946c86-596b-4918-b186-dbe32c6a986b" && r.psa_product_id != null
  }
}
