variable "name" {
  type = string
}

variable "replicas" {
  default = 1
}

variable "database_host" {
  type = string
}

variable "queue_urls" {
  type = list(string)
}

resource "aws_instance" "this" {
  count         = var.replicas
  ami           = "ami-12345678"
  instance_type = "m5.xlarge"
  user_data = <<-EOT
    #!/bin/sh
    export DATABASE_HOST=${var.database_host}
    export QUEUES=${join(",", var.queue_urls)}
  EOT
  tags = {
    Name = var.name
  }
}

output "private_ip" {
  value = aws_instance.this[0].private_ip
}
