# Usage-billed customers mapped to Autotask, with their mapping (terraform query).
list "sophos_psa_customer_mapping" "usage_billed" {
  provider         = sophos
  include_resource = true

  config {
    psa                  = "autotask"
    usage_sync_available = true
  }
}

# Customers whose last usage sync failed.
list "sophos_psa_customer_mapping" "sync_failed" {
  provider = sophos

  config {
    psa         = "autotask"
    sync_status = "failed"
  }
}

# Customers not mapped yet: who is left to onboard (these cannot be imported).
list "sophos_psa_customer_mapping" "not_mapped" {
  provider = sophos

  config {
    psa    = "autotask"
    mapped = false
  }
}
