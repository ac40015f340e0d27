# A ConnectWise product is imported by its numeric id.
terraform import connectwise_product.managed_xdr 1234
