resource "google_pubsub_topic" "orders" {
  name = "orders"
}

resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
}

resource "google_storage_bucket" "invoices" {
  name     = "invoices"
  location = "EU"
}

# The workload's values name its topic through a local module's entries
module "checkout" {
  source = "./modules/chart"
  chart  = "checkout"
  entries = [
    { name = "pubsub.topic", value = google_pubsub_topic.orders.id },
  ]
  secret_entries = [
    { name = "database.password", value = "hunter2" },
  ]
}

resource "helm_release" "billing" {
  name       = "billing"
  repository = "oci://registry.example.com/charts"
  chart      = "billing"
  values = [yamlencode({
    database = { host = google_sql_database_instance.main.private_ip_address }
  })]
  set {
    name  = "storage.bucket"
    value = google_storage_bucket.invoices.name
  }
  set_sensitive {
    name  = "STRIPE_SECRET_KEY"
    value = "hunter2"
  }
}

resource "helm_release" "reports" {
  name  = "reports"
  chart = "./charts/reports"
  values = [templatefile("${path.module}/reports.yaml", {
    topic = google_pubsub_topic.orders.name
  })]
}

resource "helm_release" "sessions" {
  name       = "sessions"
  repository = "https://charts.bitnami.com/bitnami"
  chart      = "redis"
}

resource "helm_release" "dns" {
  name       = "external-dns"
  repository = "https://kubernetes-sigs.github.io/external-dns"
  chart      = "external-dns"
}
