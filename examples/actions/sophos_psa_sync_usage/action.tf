# Terraform 1.16+. "Sync now" for ConnectWise PSA: sync usage as soon as a customer's usage
# sync is switched on, instead of waiting for the schedule. A sync that cannot run (the PSA
# unreachable, say) does not undo the mapping: with on_failure = continue the apply goes on
# with a warning; without it (halt) the apply stops with the error, the mapping saved.
action "sophos_psa_sync_usage" "connectwise" {
  config {
    psa = "connectwise"
  }
}

resource "sophos_psa_customer_mapping" "cedar_ridge" {
  psa                = "connectwise"
  customer_id        = "b193824d-1a22-4a84-b075-ca0459d1606f"
  company_id         = 253
  contract_id        = 504
  usage_sync_enabled = true

  lifecycle {
    action_trigger {
      events     = [after_create, after_update]
      actions    = [action.sophos_psa_sync_usage.connectwise]
      on_failure = continue
    }
  }
}
