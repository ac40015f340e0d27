# Terraform 1.7+ (and OpenTofu): bring every customer already mapped to Autotask in the
# console under Terraform. One resource block and one import block repeat over the mapped
# customers the data source finds; the first apply imports them and writes nothing.
data "sophos_psa_customer_mappings" "autotask" {
  psa = "autotask"
}

locals {
  # The customers mapped in the console, by customer id.
  autotask_mapped = {
    for m in data.sophos_psa_customer_mappings.autotask.mappings : m.customer_id => m if m.mapped
  }
}

import {
  for_each = local.autotask_mapped
  to       = sophos_psa_customer_mapping.autotask[each.key]
  id       = "autotask/${each.key}"
}

resource "sophos_psa_customer_mapping" "autotask" {
  for_each = local.autotask_mapped

  psa                 = "autotask"
  customer_id         = each.key
  company_id          = each.value.company_id
  contract_id         = each.value.contract_id
  usage_sync_enabled  = each.value.usage_sync_enabled
  ticket_sync_enabled = each.value.ticket_sync_enabled
}
