# A ConnectWise product is imported by its numeric id.
terraform import sophos_connectwise_product.managed_xdr 1234
