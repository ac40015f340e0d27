# ConnectWise products whose identifier or description contains "intercept".
data "sophos_psa_products" "intercept" {
  psa    = "connectwise"
  search = "intercept"
}

# One product by identifier, including inactive ones.
data "sophos_psa_products" "legacy" {
  psa              = "connectwise"
  identifier       = "SOPHOS-EP-LEGACY"
  include_inactive = true
}

output "intercept_products" {
  value = { for p in data.sophos_psa_products.intercept.products : p.identifier => p.id }
}
