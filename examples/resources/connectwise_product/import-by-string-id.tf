# Bring a ConnectWise product made in the console under Terraform (find its id with the
# sophos_psa_products data source).
import {
  to       = connectwise_product.managed_xdr
  provider = sophos
  id       = "1234"
}
