# Bring a customer mapping made in the Sophos Central Partner console under Terraform.
import {
  to = sophos_psa_customer_mapping.alpine
  id = "autotask/29946c86-596b-4918-b186-dbe32c6a986b"
}
