# Terraform 1.12+ and OpenTofu 1.12+: import by identity, the numeric ConnectWise product id
# (find it with the sophos_psa_products data source).
import {
  to       = connectwise_product.managed_xdr
  provider = sophos
  identity = {
    id = 1234
  }
}
