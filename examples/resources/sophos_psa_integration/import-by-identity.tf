# Terraform 1.12+ and OpenTofu 1.12+: import by identity, naming the PSA as an attribute.
# The first apply after the import sends the configuration's credentials, secret included.
import {
  to = sophos_psa_integration.autotask
  identity = {
    psa = "autotask"
  }
}
