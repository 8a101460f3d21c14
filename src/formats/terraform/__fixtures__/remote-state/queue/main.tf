terraform {
  backend "s3" {
    bucket = "example-state"
    key    = "shop/queue.tfstate"
    region = "eu-west-1"
  }
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
}

output "queue_url" {
  value = aws_sqs_queue.orders.url
}
