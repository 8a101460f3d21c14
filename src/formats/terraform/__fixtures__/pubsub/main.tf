resource "google_pubsub_topic" "orders" {
  name = "orders"
}

resource "google_pubsub_topic" "dead_letters" {
  name = "orders-dead-letters"
}

# Pulled by the worker, which names the subscription it reads
resource "google_pubsub_subscription" "orders_worker" {
  name  = "orders-worker"
  topic = google_pubsub_topic.orders.id
  dead_letter_policy {
    dead_letter_topic = google_pubsub_topic.dead_letters.id
  }
}

resource "google_cloud_run_v2_service" "worker" {
  name     = "worker"
  location = "europe-west1"
  template {
    containers {
      image = "europe-docker.pkg.dev/shop/worker"
      env {
        name  = "SUBSCRIPTION"
        value = google_pubsub_subscription.orders_worker.id
      }
    }
  }
}

resource "google_bigquery_dataset" "analytics" {
  dataset_id = "analytics"
}

resource "google_bigquery_table" "orders" {
  dataset_id = google_bigquery_dataset.analytics.dataset_id
  table_id   = "orders"
}

resource "google_pubsub_subscription" "orders_bigquery" {
  name  = "orders-bigquery"
  topic = google_pubsub_topic.orders.id
  bigquery_config {
    table = "${google_bigquery_table.orders.project}.${google_bigquery_table.orders.dataset_id}.${google_bigquery_table.orders.table_id}"
  }
}

resource "google_storage_bucket" "archive" {
  name     = "orders-archive"
  location = "EU"
}

resource "google_pubsub_subscription" "orders_archive" {
  name  = "orders-archive"
  topic = google_pubsub_topic.orders.id
  cloud_storage_config {
    bucket = google_storage_bucket.archive.name
  }
}

resource "google_cloud_run_v2_service" "mailer" {
  name     = "mailer"
  location = "europe-west1"
}

resource "google_pubsub_subscription" "orders_mailer" {
  name  = "orders-mailer"
  topic = google_pubsub_topic.orders.id
  push_config {
    push_endpoint = google_cloud_run_v2_service.mailer.uri
  }
}
