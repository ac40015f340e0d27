# Bring a PSA connected in the Sophos Central Partner console under Terraform. The first
# apply after the import sends the configuration's credentials, secret included.
import {
  to = sophos_psa_integration.autotask
  id = "autotask"
}
