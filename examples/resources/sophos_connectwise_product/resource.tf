# The same resource as connectwise_product, under the provider's prefix: no provider
# argument needed.
resource "sophos_connectwise_product" "managed_xdr" {
  identifier       = "NW-MANAGED-XDR"
  description      = "Northwind Managed XDR (per device)"
  subcategory      = "Managed Security"
  type             = "Service"
  product_class    = "Service"
  unit_of_measure  = "Device"
  price            = 14.5
  cost             = 6.1
  integration_xref = "Sophos_Intercept_X_Advanced_XDR"
}

# Switching between the two names keeps the product (Terraform 1.8 or later).
moved {
  from = connectwise_product.managed_xdr
  to   = sophos_connectwise_product.managed_xdr
}
