# Terraform 1.12+ and OpenTofu 1.12+: import by identity, naming the PSA and the Sophos
# product as attributes instead of one "<psa>/<sophos_product>" string.
import {
  to = sophos_psa_product_mapping.intercept_x_advanced
  identity = {
    psa            = "connectwise"
    sophos_product = "Sophos_Intercept_X_Advanced"
  }
}
