# Find the ConnectWise product by its identifier.
data "sophos_psa_products" "intercept_x_advanced" {
  psa        = "connectwise"
  identifier = "SOPHOS-CIX-ADV"
}

# Bill Intercept X Advanced usage to it, with usage sync on (the default).
resource "sophos_psa_product_mapping" "intercept_x_advanced" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced"
  psa_product_id = one(data.sophos_psa_products.intercept_x_advanced.products).id
}

# Mapped in Autotask, but usage is not synced yet.
resource "sophos_psa_product_mapping" "mdr_complete" {
  psa            = "autotask"
  sophos_product = "Sophos_MDR_Complete"
  psa_product_id = 29680003
  sync_enabled   = false
}
