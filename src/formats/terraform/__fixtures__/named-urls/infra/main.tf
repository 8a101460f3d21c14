locals {
  token = substr(sha256(var.environment), 0, 8)
}

variable "environment" {
  type = string
}

resource "azurerm_storage_account" "store" {
  name = local.token
}

module "web" {
  source  = "./modules/site"
  service = "web"
  token   = local.token
  settings = {
    API_BASE_URL = "https://app-api-${local.token}.azurewebsites.net/v1"
    ASSETS_URL   = "https://cdn-${local.token}.example.net"
  }
}

module "api" {
  source  = "./modules/site"
  service = "api"
  token   = local.token
  settings = {
    API_ALLOW_ORIGINS = "https://app-web-${local.token}.azurewebsites.net"
  }
}

output "API_URL" {
  value = module.api.url
}

output "STORE_URL" {
  value = azurerm_storage_account.store.primary_blob_endpoint
}
