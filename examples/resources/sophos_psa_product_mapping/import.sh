# A product mapping is imported by "<psa>/<sophos_product>".
terraform import sophos_psa_product_mapping.intercept_x_advanced connectwise/Sophos_Intercept_X_Advanced
