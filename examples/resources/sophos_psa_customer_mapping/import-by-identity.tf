# Terraform 1.12+ and OpenTofu 1.12+: import by identity, naming the PSA and the customer
# as attributes instead of one "<psa>/<customer_id>" string.
import {
  to = sophos_psa_customer_mapping.alpine
  identity = {
    psa         = "autotask"
    customer_id = "29946c86-596b-4918-b186-dbe32c6a986b"
  }
}
