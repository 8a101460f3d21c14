resource "google_redis_instance" "cache" {
  name           = "cache"
  memory_size_gb = 1
}

resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
  }
}

module "secrets" {
  source     = "GoogleCloudPlatform/secret-manager/google"
  project_id = "demo"
  secrets = [
    { name = "cache-host", secret_data = google_redis_instance.cache.host },
    { name = "db-host", secret_data = google_sql_database_instance.db.private_ip_address },
  ]
}

resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
  template {
    containers {
      image = "api:1"
      env {
        name = "CACHE_HOST"
        value_source {
          secret_key_ref {
            secret  = "cache-host"
            version = "latest"
          }
        }
      }
    }
  }
}
