data "sophos_psa_product_mappings" "connectwise" {
  psa = "connectwise"
}

# Sophos products with usage that no PSA product bills yet.
output "unmapped_sophos_products" {
  value = [for m in data.sophos_psa_product_mappings.connectwise.mappings : m.sophos_product if !m.mapped]
}
