variable "service" {
  type = string
}

variable "token" {
  type = string
}

variable "settings" {
  type = map(string)
}

resource "azurecaf_name" "site" {
  name          = "${var.service}-${var.token}"
  resource_type = "azurerm_app_service"
}

resource "azurerm_linux_web_app" "site" {
  name         = azurecaf_name.site.result
  app_settings = var.settings
  tags         = { azd-service-name = var.service }
}

output "url" {
  value = "https://${azurerm_linux_web_app.site.default_hostname}"
}
