# Customers whose last usage sync to Autotask failed, with the reason.
data "sophos_psa_customer_mappings" "failed" {
  psa         = "autotask"
  sync_status = "failed"
}

# Usage-billed customers that are not mapped yet.
data "sophos_psa_customer_mappings" "usage_billed" {
  psa                  = "autotask"
  usage_sync_available = true
}

# Keyed by customer id: two customers may have the same name.
output "failed_syncs" {
  value = { for m in data.sophos_psa_customer_mappings.failed.mappings : m.customer_id => {
    customer = m.customer_name
    error    = m.last_sync_error
  } }
}

output "unmapped_usage_customers" {
  value = [for m in data.sophos_psa_customer_mappings.usage_billed.mappings : m.customer_name if !m.mapped]
}
