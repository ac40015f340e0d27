# Terraform 1.16+. A final "Sync now" before a customer is unmapped, so that the usage up to
# the unmapping reaches the PSA: the sync runs before Terraform destroys the mapping
# (terraform destroy, or a replacement), while the customer is still mapped. Terraform never
# lets an action block `terraform destroy`: there a sync that cannot run is a warning and
# the customer is unmapped anyway, so read the warnings (or run
# `terraform apply -invoke=action.sophos_psa_sync_usage.autotask_final` first).
action "sophos_psa_sync_usage" "autotask_final" {
  config {
    psa = "autotask"
  }
}

resource "sophos_psa_customer_mapping" "alpine" {
  psa                = "autotask"
  customer_id        = "29946c86-596b-4918-b186-dbe32c6a986b"
  company_id         = 29682002
  contract_id        = 29684001
  usage_sync_enabled = true

  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.sophos_psa_sync_usage.autotask_final]
    }
  }
}
