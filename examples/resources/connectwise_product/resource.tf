# A ConnectWise product created from Sophos Central Partner. Terraform would look for a
# "connectwise" provider because of the type's prefix, so name the provider explicitly.
resource "connectwise_product" "managed_xdr" {
  provider = sophos

  identifier           = "NW-MANAGED-XDR"
  description          = "Northwind Managed XDR (per device)"
  customer_description = "Sophos Intercept X Advanced with XDR, monitored by Northwind IT, per device per month"
  subcategory          = "Managed Security"
  type                 = "Service"
  product_class        = "Service"
  unit_of_measure      = "Device"
  price                = 14.5
  cost                 = 6.1
  taxable              = true
  integration_xref     = "Sophos_Intercept_X_Advanced_XDR"
}

# Bill the Sophos product's usage to it.
resource "sophos_psa_product_mapping" "xdr" {
  psa            = "connectwise"
  sophos_product = "Sophos_Intercept_X_Advanced_XDR"
  psa_product_id = connectwise_product.managed_xdr.id
}
