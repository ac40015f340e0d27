# Sophos products mapped to ConnectWise products whose usage sync is off (terraform query).
list "sophos_psa_product_mapping" "sync_off" {
  provider         = sophos
  include_resource = true

  config {
    psa          = "connectwise"
    sync_enabled = false
  }
}
