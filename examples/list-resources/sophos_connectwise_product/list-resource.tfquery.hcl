# ConnectWise products with "XDR" in their identifier or description that no Sophos product
# is mapped to yet, inactive ones included (terraform query).
list "sophos_connectwise_product" "unmapped_xdr" {
  provider = sophos

  config {
    search           = "XDR"
    include_inactive = true
    mapped           = false
  }
}
