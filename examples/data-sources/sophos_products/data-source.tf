data "sophos_products" "all" {}

# Which Sophos product of the PSA integration each billing product code rolls up to.
output "product_of_billing_code" {
  value = merge([for p in data.sophos_products.all.products : { for code in p.billing_product_codes : code => p.identifier }]...)
}
