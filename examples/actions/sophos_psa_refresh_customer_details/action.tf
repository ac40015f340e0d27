# Terraform 1.14+. Read the customer's company and contract names from the PSA again right
# after the mapping is created or changed, as "Refresh customer details" in the console.
locals {
  alpine = {
    psa         = "autotask"
    customer_id = "29946c86-596b-4918-b186-dbe32c6a986b"
  }
}

action "sophos_psa_refresh_customer_details" "alpine" {
  config {
    psa         = local.alpine.psa
    customer_id = local.alpine.customer_id
  }
}

resource "sophos_psa_customer_mapping" "alpine" {
  psa                = local.alpine.psa
  customer_id        = local.alpine.customer_id
  company_id         = 29682002
  contract_id        = 29684001
  usage_sync_enabled = true

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.sophos_psa_refresh_customer_details.alpine]
    }
  }
}
