resource "azurerm_cosmosdb_account" "db" {
  name = "orders-db"
}

resource "azurerm_key_vault" "vault" {
  name = "orders-vault"
}

resource "azurerm_key_vault_secret" "connection" {
  name         = "cosmos-connection"
  value        = azurerm_cosmosdb_account.db.primary_sql_connection_string
  key_vault_id = azurerm_key_vault.vault.id
}

resource "azurerm_linux_web_app" "api" {
  name = "orders-api"
  app_settings = {
    KEY_VAULT_URL = azurerm_key_vault.vault.vault_uri
  }
}
