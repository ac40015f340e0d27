# Terraform 1.14+: what is set up in the console for ConnectWise PSA. Run
#   terraform query -generate-config-out=generated.tf
# to write a resource block and an import block (by identity) for each of them.
list "sophos_psa_customer_mapping" "connectwise" {
  provider         = sophos
  include_resource = true

  config {
    psa = "connectwise"
  }
}

list "sophos_psa_product_mapping" "connectwise" {
  provider         = sophos
  include_resource = true

  config {
    psa = "connectwise"
  }
}

# The ConnectWise products Sophos products are mapped to.
list "sophos_connectwise_product" "mapped" {
  provider         = sophos
  include_resource = true

  config {
    mapped = true
  }
}
