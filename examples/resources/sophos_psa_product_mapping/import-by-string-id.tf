# Bring a product mapping made in the Sophos Central Partner console under Terraform.
import {
  to = sophos_psa_product_mapping.intercept_x_advanced
  id = "connectwise/Sophos_Intercept_X_Advanced"
}
