variable "chart" {
  type = string
}

variable "entries" {
  type    = list(object({ name = string, value = string }))
  default = []
}

variable "secret_entries" {
  type    = list(object({ name = string, value = string }))
  default = []
}

resource "helm_release" "release" {
  name  = var.chart
  chart = "${path.module}/../../charts/${var.chart}"
  dynamic "set" {
    for_each = var.entries
    iterator = entry
    content {
      name  = entry.value.name
      value = entry.value.value
    }
  }
  dynamic "set_sensitive" {
    for_each = var.secret_entries
    content {
      name  = set_sensitive.value.name
      value = set_sensitive.value.value
    }
  }
}
