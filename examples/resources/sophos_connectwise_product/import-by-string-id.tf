# Bring a ConnectWise product made in the console under Terraform (find its id with the
# sophos_psa_products data source).
import {
  to = sophos_connectwise_product.managed_xdr
  id = "1234"
}
